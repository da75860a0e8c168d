// @ts-check
// SSM parameter name rules. None of them is in the API model (PSParameterName only has length
// 1-2048); they come from the Systems Manager user guide ("Requirements and constraints for
// parameter names", awsdocs/aws-systems-manager-user-guide sysman-parameter-name-constraints.md),
// the PutParameter Name documentation in the model, and real answers in public reports.
import { ApiError } from './errors.js'

// The service's one message for a malformed name: real answers for spaces (boto/boto3#1499) and
// for '@' (aws/aws-sdk-php#1952) both carry it.
export const BAD_NAME =
  'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; ' +
  'each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_'
// The model's documentation of HierarchyLevelLimitExceededException (no recorded message).
const TOO_DEEP =
  'A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints for parameter names in the Amazon Web Services Systems Manager User Guide.'
/** The user guide: at most 15 levels (/L1/.../L14/name is valid). */
export const MAX_DEPTH = 15
/** The user guide: the name plus the ARN before it may not exceed 1011 characters. */
export const MAX_ARN_LENGTH = 1011

/** @param {string} message */
const invalid = (message) => new ApiError('ValidationException', 400, message)

/**
 * The parameter's ARN: `arn:{partition}:ssm:{region}:{account}:parameter/{name}` with a single
 * slash before a hierarchical name (user guide example
 * `arn:aws:ssm:us-east-2:111122223333:parameter/ExampleParameterName`).
 * @param {{ partition: string, accountId: string }} emu
 * @param {string} region
 * @param {string} name
 */
export function parameterArn(emu, region, name) {
  return `arn:${emu.partition}:ssm:${region}:${emu.accountId}:parameter/${name.replace(/^\//, '')}`
}

/**
 * The key a parameter is stored under: `/Name` and `Name` are the same parameter (user guide,
 * "Uniqueness"), so a one-level name loses its leading slash.
 * @param {string} name
 */
export function nameKey(name) {
  return name.lastIndexOf('/') === 0 ? name.slice(1) : name
}

/**
 * Check a name the way PutParameter does; returns it trimmed (the service removes leading and
 * trailing spaces, per the model's Name documentation).
 * @param {string} raw
 * @param {{ partition: string, accountId: string }} emu
 * @param {string} region
 * @returns {string}
 * @throws {ApiError} AccessDeniedException (400) for an `aws` prefix, ValidationException for
 *   the rest, HierarchyLevelLimitExceededException past 15 levels
 */
export function checkParameterName(raw, emu, region) {
  const name = raw.trim()
  checkReserved(name)
  if (!/^[a-zA-Z0-9_.\-/]+$/.test(name)) throw invalid(BAD_NAME)
  const levels = name.replace(/^\//, '').split('/')
  // "MyParameter3/L1" is "not fully qualified" (user guide); empty sub-paths break the message's rule.
  if ((name.includes('/') && !name.startsWith('/')) || levels.some((l) => l === '')) throw invalid(BAD_NAME)
  if (levels.length > MAX_DEPTH) throw new ApiError('HierarchyLevelLimitExceededException', 400, TOO_DEEP)
  const arnLength = parameterArn(emu, region, name).length
  if (arnLength > MAX_ARN_LENGTH) {
    throw invalid(
      `Parameter name: the name and its ARN are ${arnLength} characters; the maximum is ${MAX_ARN_LENGTH} (emulator wording, see emulator/README.md)`
    )
  }
  return name
}

/**
 * Names starting with `aws` or `ssm` (case-insensitive, after an optional leading slash) are
 * reserved. `aws` answers AccessDeniedException with status 400 and the name without its leading
 * slash: "/aws/test" -> "No access to reserved parameter name: aws/test." (aws-cloudformation/cfn-lint#4089),
 * "aws-cdk-playground" (awslabs/aws-deployment-framework#119, DeleteParameter),
 * "awslimitschecker" (aws-solutions/quota-monitor-for-aws#30). `ssm` answers ValidationException.
 * @param {string} name
 */
export function checkReserved(name) {
  const bare = name.replace(/^\//, '')
  if (/^aws/i.test(bare)) throw new ApiError('AccessDeniedException', 400, `No access to reserved parameter name: ${bare}.`)
  if (/^ssm/i.test(bare)) throw invalid(BAD_NAME)
}
