// Pure input rules taken from the AWS API models (lambda-2015-03-31, sts-2011-06-15).
// Checking them here fails the step before any AWS call, instead of halfway through
// (e.g. after a version was published but before it was shared).
// Model regexes match whole strings, hence the ^(?:...)$ wrapping.
import { InputError } from '../errors.js'
import type { Principal } from '../settings.js'
import RUNTIME_ENUM from './runtimes.json' with { type: 'json' }

/** Lambda's Runtime enum in model order, from runtimes.json, which the emulator reads too (a test
 * compares it with the API model). Not the SDK constant: a pinned SDK can lag the service. */
export const RUNTIMES: readonly string[] = RUNTIME_ENUM

/** Publishing still accepts these, but functions on them get no security patches. */
export const DEPRECATED_RUNTIMES: ReadonlySet<string> = new Set([
  'nodejs',
  'nodejs4.3',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'nodejs18.x',
  'nodejs4.3-edge',
  'python2.7',
  'python3.6',
  'python3.7',
  'python3.8',
  'python3.9',
  'java8',
  'go1.x',
  'provided',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'dotnet6',
  'ruby2.5',
  'ruby2.7'
])

/** Deprecation scheduled during 2026: still fine today, so only a softer warning. */
export const RUNTIMES_DEPRECATED_2026: ReadonlySet<string> = new Set([
  'ruby3.2',
  'nodejs20.x',
  'python3.10',
  'python3.11',
  'java8.al2',
  'java11',
  'java17',
  'provided.al2',
  'dotnet8'
])

export const ARCHITECTURES: readonly string[] = ['x86_64', 'arm64']
export const MAX_RUNTIMES = 15
/** Each principal costs one AddLayerVersionPermission call and one policy statement (~20 KB policy cap). */
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

const RUNTIME_EXAMPLES = 'for example python3.13, nodejs22.x'
const PRINCIPAL_FORMS = "a 12-digit account id, arn:<partition>:iam::<account>:root, '*' (everyone) or an organization id o-[a-z0-9]{10,32}"

export interface LayerArnParts {
  partition: string
  region: string
  account: string
  name: string
}

/** The parts of a layer ARN, or undefined for a plain name (or anything else). */
export function parseLayerArn(value: string): LayerArnParts | undefined {
  const g = LAYER_ARN.exec(value)?.groups
  if (!g) return undefined
  return { partition: g.partition ?? '', region: g.region, account: g.account, name: g.name }
}

/** aws-cn for cn-*, aws-us-gov for us-gov-*, aws-iso[-x] for *-iso[x]-*, aws-eusc for eusc-*. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('eusc-')) return 'aws-eusc'
  const iso = /^[a-z]{2}-iso([a-z]?)-/.exec(region)
  if (iso) return iso[1] ? `aws-iso-${iso[1]}` : 'aws-iso'
  if (/^[a-z]{2}-gov-/.test(region)) return 'aws-us-gov'
  return 'aws'
}

/** `from` names the environment variable the value came from, for the message. */
export function checkRegion(value: string, from?: string): string {
  if (!REGION_PATTERN.test(value)) {
    const origin = from ? ` (from ${from})` : ''
    throw new InputError('aws-region', `'${value}'${origin} is not a region code such as eu-west-1 or us-gov-west-1`)
  }
  return value
}

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

/** Lambda counts UTF-16 code units (Java String length), as JavaScript's length does. */
export function checkDescription(value: string): string {
  if (value.length > 256) throw new InputError('description', `must be at most 256 characters (got ${value.length})`)
  return value
}

export function checkLicenseInfo(value: string): string {
  if (value.length > 512) throw new InputError('license-info', `must be at most 512 characters (got ${value.length})`)
  if (!LICENSE_INFO_PATTERN.test(value)) throw new InputError('license-info', 'must be a single line')
  return value
}

/** Alphabetic family of a runtime id: 'python3.12' -> 'python', 'go1.x' -> 'go'. */
function family(runtime: string): string {
  return /^[a-z]*/.exec(runtime.toLowerCase())?.[0] ?? ''
}

/** Current runtimes of the same family (python3.99 -> python3.12 ...), else generic examples. */
function runtimeSuggestion(value: string): string {
  if (RUNTIMES.includes(value.toLowerCase())) return `did you mean ${value.toLowerCase()}?`
  const fam = family(value)
  const same = fam ? RUNTIMES.filter((r) => family(r) === fam || (fam.length >= 2 && family(r).startsWith(fam))) : []
  const current = same.filter((r) => !DEPRECATED_RUNTIMES.has(r) && !RUNTIMES_DEPRECATED_2026.has(r))
  const pick = current.length > 0 ? current : same
  return pick.length > 0 ? `known ${fam} runtimes: ${pick.join(', ')}` : RUNTIME_EXAMPLES
}

/** Deduplicates (first occurrence wins) and warns about deprecated runtimes. */
export function checkRuntimes(values: string[]): { runtimes: string[]; warnings: string[] } {
  const runtimes = [...new Set(values)]
  for (const r of runtimes) {
    if (!RUNTIMES.includes(r)) {
      throw new InputError('compatible-runtimes', `'${r}' is not a Lambda runtime identifier (${runtimeSuggestion(r)})`)
    }
  }
  if (runtimes.length > MAX_RUNTIMES) {
    throw new InputError('compatible-runtimes', `at most ${MAX_RUNTIMES} runtimes are allowed (got ${runtimes.length})`)
  }
  const warnings: string[] = []
  const deprecated = runtimes.filter((r) => DEPRECATED_RUNTIMES.has(r))
  const scheduled = runtimes.filter((r) => RUNTIMES_DEPRECATED_2026.has(r))
  if (deprecated.length > 0) {
    warnings.push(
      `Input 'compatible-runtimes': ${deprecated.join(', ')} ${deprecated.length > 1 ? 'are' : 'is'} deprecated; ` +
        'Lambda no longer patches functions on them'
    )
  }
  if (scheduled.length > 0) {
    warnings.push(
      `Input 'compatible-runtimes': ${scheduled.join(', ')} ${scheduled.length > 1 ? 'are' : 'is'} scheduled for deprecation during 2026`
    )
  }
  return { runtimes, warnings }
}

const ARCHITECTURE_ALIASES: Record<string, string> = { amd64: 'x86_64', 'x86-64': 'x86_64', x64: 'x86_64', aarch64: 'arm64' }

/** Deduplicates; only x86_64 and arm64 exist, so at most 2 remain. */
export function checkArchitectures(values: string[]): string[] {
  const architectures = [...new Set(values)]
  for (const a of architectures) {
    if (!ARCHITECTURES.includes(a)) {
      const alias = ARCHITECTURE_ALIASES[a.toLowerCase()] ?? (ARCHITECTURES.includes(a.toLowerCase()) ? a.toLowerCase() : '')
      const hint = alias ? `; did you mean ${alias}?` : ''
      throw new InputError('compatible-architectures', `'${a}' is not x86_64 or arm64${hint}`)
    }
  }
  return architectures
}

/** One principal; user and role ARNs are refused because Lambda only grants whole accounts. */
export function parsePrincipal(value: string): Principal {
  if (value === '*') return { kind: 'everyone', value: '*' }
  if (ACCOUNT_ID_PATTERN.test(value)) return { kind: 'account', value }
  if (ROOT_ARN_PATTERN.test(value)) return { kind: 'root-arn', value }
  if (ORGANIZATION_ID_PATTERN.test(value)) return { kind: 'organization', value }
  throw new InputError('principals', `'${value}' is not an accepted principal; use ${PRINCIPAL_FORMS}`)
}

/**
 * Deduplicates and parses principals.
 * A root ARN from another partition than aws-region's is an error, not a warning: partitions
 * are isolated, so AddLayerVersionPermission would fail only after the version was published,
 * leaving it unshared. Failing here costs nothing.
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

export function checkRoleArn(value: string, region: string): string {
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
  return value
}

export function checkRoleSessionName(value: string): string {
  if (value.length < 2 || value.length > 64) {
    throw new InputError('role-session-name', `must be 2-64 characters (got ${value.length})`)
  }
  if (!ROLE_SESSION_NAME_PATTERN.test(value)) {
    throw new InputError('role-session-name', `'${value}' may contain only letters, digits and + = , . @ _ -`)
  }
  return value
}

export function checkRoleDurationSeconds(value: number): number {
  if (!Number.isInteger(value) || value < 900 || value > 43200) {
    throw new InputError('role-duration-seconds', `must be an integer from 900 to 43200 (got ${value})`)
  }
  return value
}

export function checkAudience(value: string): string {
  if (value.trim() === '') throw new InputError('audience', 'must not be empty')
  if (/\s/.test(value)) throw new InputError('audience', `'${value}' must not contain whitespace`)
  return value
}

/** Layer name part of a name-or-ARN, for the zip's file name, S3 keys and messages. */
export function shortLayerName(layerName: string): string {
  const match = /:layer:([^:]+)$/.exec(layerName)
  return match ? match[1] : layerName
}
