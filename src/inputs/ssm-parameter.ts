// The ssm-parameter input, checked by SSM's parameter name rules before any AWS call. None of
// them is in the API model beyond a length of 1-2048; they come from the Systems Manager user
// guide ("Requirements and constraints for parameter names") and the service's answers in
// public reports. A reserved name is worth catching here: the service answers it with
// AccessDeniedException, which reads like a missing IAM permission.
import { InputError } from '../errors.js'
import { partitionOfRegion } from './rules.js'

/** "A parameter hierarchy can have a maximum of 15 levels" (user guide). */
export const MAX_PARAMETER_LEVELS = 15
/** "The maximum length for a parameter name, including the full content of the parameter ARN,
 * is 1011 characters" (user guide). */
export const MAX_PARAMETER_ARN_LENGTH = 1011

const INPUT = 'ssm-parameter'
/** Letters, digits, '.', '-', '_', and '/' between levels (user guide; the service's own message:
 * "each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_"). */
const NAME_CHARACTERS = /^[a-zA-Z0-9_.\-/]+$/
/** Account ids are always 12 digits, so the ARN's length is known before any call. */
const ACCOUNT_ID_LENGTH = 12

/** The parameter's ARN for `account` in `region`: `arn:<partition>:ssm:<region>:<account>:parameter/`
 * then the name without its leading '/' (user guide example
 * `arn:aws:ssm:us-east-2:111122223333:parameter/ExampleParameterName`). Never throws. */
export function parameterArn(name: string, region: string, account: string): string {
  return `arn:${partitionOfRegion(region)}:ssm:${region}:${account}:parameter/${name.replace(/^\//, '')}`
}

/**
 * Returns `value` (the name, as given). Throws InputError naming ssm-parameter and the rule it
 * breaks: characters other than letters, digits, '.', '-', '_' and '/'; a hierarchical name not
 * starting with '/' ("MyParameter3/L1" is not fully qualified) or with an empty level; a name
 * starting with 'aws' or 'ssm' in any case, after an optional '/' (reserved; 'awsome/x' too); more
 * than 15 levels; a name whose ARN in any of `regions` would pass 1011 characters.
 */
export function checkSsmParameter(value: string, regions: string[]): string {
  if (!NAME_CHARACTERS.test(value)) {
    throw new InputError(INPUT, `'${value}' may hold only letters, digits, '.', '-', '_' and '/' (SSM parameter name rules)`)
  }
  const levels = value.replace(/^\//, '').split('/')
  if (value.includes('/') && !value.startsWith('/')) {
    throw new InputError(
      INPUT,
      `'${value}' is a path, so it must start with '/' ('/${value}'): SSM refuses names that are not fully qualified`
    )
  }
  if (levels.some((level) => level === '')) {
    throw new InputError(
      INPUT,
      `'${value}' has an empty level: every level between '/' must hold a name, with no '//' and no '/' at the end`
    )
  }
  if (/^(aws|ssm)/i.test(levels[0])) {
    throw new InputError(
      INPUT,
      `'${value}' starts with '${levels[0].slice(0, 3)}': names beginning with 'aws' or 'ssm' (in any case) are reserved by SSM`
    )
  }
  if (levels.length > MAX_PARAMETER_LEVELS) {
    throw new InputError(INPUT, `'${value}' has ${levels.length} levels; SSM allows at most ${MAX_PARAMETER_LEVELS}`)
  }
  for (const region of regions) {
    const length = parameterArn(value, region, '0'.repeat(ACCOUNT_ID_LENGTH)).length
    if (length > MAX_PARAMETER_ARN_LENGTH) {
      throw new InputError(
        INPUT,
        `'${value.slice(0, 40)}...' gives a parameter ARN of ${length} characters in ${region}; SSM allows at most ${MAX_PARAMETER_ARN_LENGTH}, ARN included`
      )
    }
  }
  return value
}
