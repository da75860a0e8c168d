// @ts-check
// Model constraints (lambda-2015-03-31 / sts-2011-06-15) and AWS-style validation messages:
// "1 validation error detected: Value 'x' at 'field' failed to satisfy constraint: ...".
import RUNTIME_ENUM from '../src/inputs/runtimes.json' with { type: 'json' }
import { ApiError } from './errors.js'

/** Runtime enum of the Lambda API model (51 values), from the list the action checks inputs
 * against (src/inputs/runtimes.json; a test compares it with the API model). */
export const RUNTIMES = RUNTIME_ENUM

// The enum sets live AWS prints in its messages differ from the model (recorded January 2026);
// messages quote them verbatim, acceptance follows the model (plus the extra list-filter names).
const PUBLISH_RUNTIME_SET_TEXT =
  '[nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2]'
const FILTER_RUNTIME_SET = [
  'ruby3.5',
  'ruby2.6',
  'dotnetcore1.0',
  'python3.7',
  'nodejs8.10',
  'nasa',
  'ruby2.7',
  'python2.7-greengrass',
  'dotnetcore2.0',
  'python3.8',
  'java21',
  'dotnet6',
  'dotnetcore2.1',
  'python3.9',
  'java11',
  'nodejs6.10',
  'provided',
  'dotnetcore3.1',
  'dotnet8',
  'java25',
  'java17',
  'nodejs',
  'nodejs4.3',
  'java8.al2',
  'go1.x',
  'dotnet10',
  'nodejs20.x',
  'go1.9',
  'byol',
  'nodejs10.x',
  'provided.al2023',
  'nodejs22.x',
  'python3.10',
  'java8',
  'nodejs12.x',
  'python3.11',
  'nodejs24.x',
  'nodejs8.x',
  'python3.12',
  'nodejs14.x',
  'nodejs8.9',
  'nodejs26.x',
  'python3.13',
  'python3.14',
  'nodejs16.x',
  'python3.15',
  'provided.al2',
  'nodejs4.3-edge',
  'nodejs18.x',
  'ruby3.2',
  'python3.4',
  'ruby3.3',
  'ruby3.4',
  'ruby2.5',
  'python3.6',
  'python2.7'
]
export const FILTER_RUNTIMES = new Set([...FILTER_RUNTIME_SET, ...RUNTIMES])
export const ARCHITECTURES = ['x86_64', 'arm64']

// Model patterns as AWS quotes them; tests wrap them as ^(?:...)$.
export const P = {
  layerName:
    '(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+',
  layerVersionArn:
    '(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)',
  statementId: '([a-zA-Z0-9-_]+)',
  action: 'lambda:GetLayerVersion',
  principal: '\\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root',
  organizationId: 'o-[a-z0-9]{10,32}',
  s3Bucket: '[0-9A-Za-z\\.\\-_]*(?<!\\.)',
  functionName:
    '(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?',
  roleSessionName: '[\\w+=,.@-]*'
}

/** @param {string} pattern */
export function fullMatch(pattern) {
  return new RegExp(`^(?:${pattern})$`)
}

/** @param {unknown} value */
function show(value) {
  if (value === undefined || value === null) return 'null'
  if (Array.isArray(value)) return `'[${value.join(', ')}]'`
  return `'${String(value)}'`
}

/** Collects constraint violations and throws them as one AWS-style error. */
export class Violations {
  /** @param {string} [code] ValidationException (Lambda) or ValidationError (STS) */
  constructor(code = 'ValidationException') {
    this.code = code
    /** @type {string[]} */
    this.list = []
  }

  /** @param {unknown} value @param {string} at @param {string} constraint */
  add(value, at, constraint) {
    this.list.push(`Value ${show(value)} at '${at}' failed to satisfy constraint: ${constraint}`)
  }

  /**
   * Length and pattern of an optional string (value null is reported when `required`).
   * @param {unknown} value
   * @param {string} at
   * @param {{ min?: number, max?: number, pattern?: string, required?: boolean }} rule
   */
  string(value, at, rule) {
    if (value === undefined || value === null) {
      if (rule.required) this.add(value, at, 'Member must not be null')
      return
    }
    const text = String(value)
    if (rule.max !== undefined && text.length > rule.max) {
      this.add(text, at, `Member must have length less than or equal to ${rule.max}`)
    } else if (rule.min !== undefined && text.length < rule.min) {
      this.add(text, at, `Member must have length greater than or equal to ${rule.min}`)
    } else if (rule.pattern !== undefined && !fullMatch(rule.pattern).test(text)) {
      this.add(text, at, `Member must satisfy regular expression pattern: ${rule.pattern}`)
    }
  }

  /** @param {unknown} value @param {string} at @param {{ min: number, max: number }} rule */
  integer(value, at, rule) {
    if (value === undefined || value === null) return
    const n = Number(value)
    if (n < rule.min) this.add(value, at, `Member must have value greater than or equal to ${rule.min}`)
    else if (n > rule.max) this.add(value, at, `Member must have value less than or equal to ${rule.max}`)
  }

  throwIfAny() {
    if (this.list.length === 0) return
    const n = this.list.length
    const status = 400
    throw new ApiError(this.code, status, `${n} validation error${n === 1 ? '' : 's'} detected: ${this.list.join('; ')}`)
  }
}

/**
 * PublishLayerVersion list fields, with the exact recorded wording.
 * @param {Violations} v
 * @param {unknown} runtimes
 * @param {unknown} architectures
 */
export function checkCompatibility(v, runtimes, architectures) {
  if (runtimes !== undefined && runtimes !== null) {
    const list = /** @type {unknown[]} */ (Array.isArray(runtimes) ? runtimes : [runtimes])
    if (list.length > 15) v.add(list, 'compatibleRuntimes', 'Member must have length less than or equal to 15')
    else if (list.some((r) => !RUNTIMES.includes(String(r)))) {
      v.add(list, 'compatibleRuntimes', `Member must satisfy enum value set: ${PUBLISH_RUNTIME_SET_TEXT}`)
    }
  }
  if (architectures !== undefined && architectures !== null) {
    const list = /** @type {unknown[]} */ (Array.isArray(architectures) ? architectures : [architectures])
    if (list.length > 2) v.add(list, 'compatibleArchitectures', 'Member must have length less than or equal to 2')
    else if (list.some((a) => !ARCHITECTURES.includes(String(a)))) {
      v.add(
        list,
        'compatibleArchitectures',
        'Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]'
      )
    }
  }
}

/**
 * List-call filters (CompatibleRuntime / CompatibleArchitecture / MaxItems query parameters).
 * @param {Violations} v
 * @param {Record<string, string>} query
 */
export function checkListFilters(v, query) {
  const runtime = query.CompatibleRuntime
  if (runtime !== undefined && !FILTER_RUNTIMES.has(runtime)) {
    v.add(runtime, 'compatibleRuntime', `Member must satisfy enum value set: [${FILTER_RUNTIME_SET.join(', ')}]`)
  }
  const arch = query.CompatibleArchitecture
  if (arch !== undefined && !ARCHITECTURES.includes(arch)) {
    v.add(arch, 'compatibleArchitecture', 'Member must satisfy enum value set: [x86_64, arm64]')
  }
  if (query.MaxItems !== undefined) v.integer(query.MaxItems, 'maxItems', { min: 1, max: 50 })
}
