// Pure input rules taken from the AWS API models (lambda-2015-03-31, sts-2011-06-15).
// Checking them here fails the step before any AWS call, instead of halfway through
// (e.g. after a version was published but before it was shared).
// Model regexes match whole strings, hence the ^(?:...)$ wrapping.
import { InputError } from '../errors.js'
import type { Principal } from '../settings.js'

/** Each principal costs one AddLayerVersionPermission call and one policy statement; the layer
 * policy's size cap is not documented, so we assume the 20 KB of a function policy (Lambda quotas). */
export const MAX_PRINCIPALS = 50

export const LAYER_NAME_PATTERN =
  /^(?:(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+)$/
const LAYER_ARN =
  /^arn:(?<partition>aws[a-zA-Z-]*)?:lambda:(?<region>(?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):(?<account>\d{12}):layer:(?<name>[a-zA-Z0-9_-]+)$/
/** Same region grammar as the LayerName pattern. */
export const REGION_PATTERN = /^(?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d$/
export const ACCOUNT_ID_PATTERN = /^(?:\d{12})$/
export const ROOT_ARN_PATTERN = /^(?:arn:(aws[a-zA-Z-]*):iam::\d{12}:root)$/
export const ORGANIZATION_ID_PATTERN = /^(?:o-[a-z0-9]{10,32})$/
/** Role names and path segments use IAM's [\w+=,.@-] alphabet; the name is at most 64. */
export const ROLE_ARN_PATTERN = /^arn:(aws[a-zA-Z-]*):iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/
export const ROLE_SESSION_NAME_PATTERN = /^(?:[\w+=,.@-]*)$/
/** LicenseInfo is `.*` in the model: one line. */
const LICENSE_INFO_PATTERN = /^(?:.*)$/

const PRINCIPAL_FORMS = "a 12-digit account id, arn:<partition>:iam::<account>:root, '*' (everyone) or an organization id o-[a-z0-9]{10,32}"

export interface LayerArnParts {
  partition: string
  region: string
  account: string
  name: string
}

/** The parts of a layer ARN, or undefined for a plain name (or anything else). Never throws. */
export function parseLayerArn(value: string): LayerArnParts | undefined {
  const g = LAYER_ARN.exec(value)?.groups
  if (!g) return undefined
  return { partition: g.partition ?? '', region: g.region, account: g.account, name: g.name }
}

/** The partition of a region code: aws-cn for cn-*, aws-us-gov for us-gov-*, aws-iso[-x] for
 * *-iso[x]-*, aws-eusc for eusc-*, else aws (AWS General Reference, "ARN format"). Never throws. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('eusc-')) return 'aws-eusc'
  const iso = /^[a-z]{2}-iso([a-z]?)-/.exec(region)
  if (iso) return iso[1] ? `aws-iso-${iso[1]}` : 'aws-iso'
  if (/^[a-z]{2}-gov-/.test(region)) return 'aws-us-gov'
  return 'aws'
}

/** Returns `value`; throws InputError (aws-region) unless it is a region code. `from` names the
 * environment variable the value came from, for the message. */
export function checkRegion(value: string, from?: string): string {
  if (!REGION_PATTERN.test(value)) {
    const origin = from ? ` (from ${from})` : ''
    throw new InputError('aws-region', `'${value}'${origin} is not a region code such as eu-west-1 or us-gov-west-1`)
  }
  return value
}

/**
 * Returns `value`; throws InputError unless it is a layer name or layer ARN of 1-140 characters
 * (API model, LayerName) whose region and partition are aws-region's.
 */
export function checkLayerName(value: string, region: string): string {
  if (value.length < 1 || value.length > 140) {
    throw new InputError('layer-name', `must be 1-140 characters (got ${value.length})`)
  }
  if (!LAYER_NAME_PATTERN.test(value)) {
    const hint = /:layer:[\w-]+:\d+$/.test(value) ? "; this is a layer version ARN: drop the trailing ':<version>'" : ''
    throw new InputError('layer-name', `'${value}' must be a name of letters, digits, '-' and '_' or a layer ARN${hint}`)
  }
  const arn = parseLayerArn(value)
  if (arn && arn.region !== region) {
    throw new InputError('layer-name', `the layer ARN is in ${arn.region} but aws-region is ${region}; layers are published in one region`)
  }
  if (arn && arn.partition && arn.partition !== partitionOfRegion(region)) {
    throw new InputError('layer-name', `the layer ARN's partition ${arn.partition} does not match ${region} (${partitionOfRegion(region)})`)
  }
  return value
}

/**
 * Returns `caller`; throws InputError (layer-name) when layer-name is a layer ARN of another
 * account than `caller` (a role's or caller's ARN, or undefined when unknown; `who` says whose,
 * for the message). Another
 * account may only be granted lambda:GetLayerVersion on a layer version (API model,
 * AddLayerVersionPermission Action), so no caller publishes to, lists or deletes another
 * account's layer.
 */
export function checkLayerOwner<T extends string | undefined>(caller: T, layerName: string, who: string): T {
  const layer = parseLayerArn(layerName)?.account
  const account = caller?.split(':')[4]
  if (!layer || !/^\d{12}$/.test(account ?? '') || layer === account) return caller
  throw new InputError(
    'layer-name',
    `the layer ARN is in account ${layer}, but ${who} is in account ${account}: another account can only use a layer's versions, never publish or delete them`,
    `Give the layer's name alone to publish it in account ${account}, or a role of account ${layer} as role-to-assume`
  )
}

/** Returns `value`; throws InputError above 256 characters (API model, Description). Lambda
 * counts UTF-16 code units (Java String length), as JavaScript's length does. */
export function checkDescription(value: string): string {
  if (value.length > 256) throw new InputError('description', `must be at most 256 characters (got ${value.length})`)
  return value
}

/** Returns `value`; throws InputError above 512 characters or on a line break (API model, LicenseInfo). */
export function checkLicenseInfo(value: string): string {
  if (value.length > 512) throw new InputError('license-info', `must be at most 512 characters (got ${value.length})`)
  if (!LICENSE_INFO_PATTERN.test(value)) throw new InputError('license-info', 'must be a single line')
  return value
}

/** One principal, by its form. Throws InputError for anything else: user and role ARNs too, since
 * Lambda grants layer access to whole accounts only (API model, AddLayerVersionPermission). */
export function parsePrincipal(value: string): Principal {
  if (value === '*') return { kind: 'everyone', value: '*' }
  if (ACCOUNT_ID_PATTERN.test(value)) return { kind: 'account', value }
  if (ROOT_ARN_PATTERN.test(value)) return { kind: 'root-arn', value }
  if (ORGANIZATION_ID_PATTERN.test(value)) return { kind: 'organization', value }
  throw new InputError('principals', `'${value}' is not an accepted principal; use ${PRINCIPAL_FORMS}`)
}

/**
 * The principals deduplicated and parsed, and a warning when '*' makes the others redundant.
 * Throws InputError above MAX_PRINCIPALS, for an unknown form, or for a root ARN from another
 * partition than aws-region's. That is an error, not a warning: partitions are isolated, so
 * AddLayerVersionPermission would fail only after the version was published, leaving it
 * unshared. Failing here costs nothing.
 */
export function checkPrincipals(values: string[], region: string): { principals: Principal[]; warnings: string[] } {
  const unique = [...new Set(values)]
  if (unique.length > MAX_PRINCIPALS) {
    throw new InputError(
      'principals',
      `at most ${MAX_PRINCIPALS} principals (got ${unique.length}): each one is an API call and a policy statement, ` +
        'and the layer policy is limited to about 20 KB; share with an organization id instead'
    )
  }
  const principals = unique.map(parsePrincipal)
  const partition = partitionOfRegion(region)
  for (const p of principals) {
    const arnPartition = p.kind === 'root-arn' ? p.value.split(':')[1] : partition
    if (arnPartition !== partition) {
      throw new InputError('principals', `'${p.value}' is in partition ${arnPartition} but aws-region ${region} is in ${partition}`)
    }
  }
  const warnings =
    principals.length > 1 && principals.some((p) => p.kind === 'everyone')
      ? ["Input 'principals': '*' already grants every account; the other principals add nothing"]
      : []
  return { principals, warnings }
}

/** Returns `value`; throws InputError unless it is an IAM role ARN of 20-2048 characters (STS API
 * model, RoleArn) in the partition of aws-region, and of the account of `layerName` when that is
 * a layer ARN (checkLayerOwner). */
export function checkRoleArn(value: string, region: string, layerName = ''): string {
  if (value.length < 20 || value.length > 2048) {
    throw new InputError('role-to-assume', `must be 20-2048 characters (got ${value.length})`)
  }
  const match = ROLE_ARN_PATTERN.exec(value)
  if (!match) {
    throw new InputError('role-to-assume', `'${value}' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`)
  }
  // Same reasoning as for principals: STS in one partition cannot assume a role of another.
  if (match[1] !== partitionOfRegion(region)) {
    throw new InputError(
      'role-to-assume',
      `the role is in partition ${match[1]} but aws-region ${region} is in ${partitionOfRegion(region)}`
    )
  }
  return checkLayerOwner(value, layerName, 'role-to-assume')
}

/** Returns `value`; throws InputError unless it has 2-64 of [\w+=,.@-] (STS API model, RoleSessionName). */
export function checkRoleSessionName(value: string): string {
  if (value.length < 2 || value.length > 64) {
    throw new InputError('role-session-name', `must be 2-64 characters (got ${value.length})`)
  }
  if (!ROLE_SESSION_NAME_PATTERN.test(value)) {
    throw new InputError('role-session-name', `'${value}' may contain only letters, digits and + = , . @ _ -`)
  }
  return value
}

/** Returns `value` (seconds); throws InputError unless it is a whole number from 900 to 43,200
 * (STS API model, DurationSeconds). */
export function checkRoleDurationSeconds(value: number): number {
  if (!Number.isInteger(value) || value < 900 || value > 43200) {
    throw new InputError('role-duration-seconds', `must be an integer from 900 to 43200 (got ${value})`)
  }
  return value
}

/** Returns `value`; throws InputError when it is empty or holds whitespace. */
export function checkAudience(value: string): string {
  if (value.trim() === '') throw new InputError('audience', 'must not be empty')
  if (/\s/.test(value)) throw new InputError('audience', `'${value}' must not contain whitespace`)
  return value
}

/** The layer name part of a name-or-ARN, for the zip's file name, S3 keys and messages. Never throws. */
export function shortLayerName(layerName: string): string {
  const match = /:layer:([^:]+)$/.exec(layerName)
  return match ? match[1] : layerName
}
