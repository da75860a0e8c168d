// File-system and format checks of single inputs, used by read.ts. Each throws an InputError
// that names the input and the rule; none calls AWS.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { InputError } from '../errors.js'
import { hasParentSegment, isAbsoluteLike } from './paths.js'
import { REGION_PATTERN, parseLayerArn, partitionOfRegion } from './rules.js'

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child)
  return rel === '' || (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel))
}

function realpath(p: string): string {
  try {
    return fs.realpathSync(p)
  } catch {
    return path.resolve(p)
  }
}

function statOf(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p)
  } catch {
    return undefined
  }
}

/**
 * The absolute path of working-directory, resolved against GITHUB_WORKSPACE (else the current
 * directory). Throws InputError unless it is an existing directory inside GITHUB_WORKSPACE when
 * that is set, also after resolving symlinks, so the archive can only hold files of the checkout.
 * This is the one check of the working directory: the plan stage trusts it.
 */
export function resolveWorkingDirectory(value: string, env: NodeJS.ProcessEnv): string {
  const workspace = env.GITHUB_WORKSPACE || undefined
  const dir = path.resolve(workspace ?? process.cwd(), value)
  const outside = (resolved: string, how = '') =>
    new InputError('working-directory', `'${value}' resolves to ${resolved}${how}, outside GITHUB_WORKSPACE (${workspace})`)
  if (workspace && !isInside(path.resolve(workspace), dir)) throw outside(dir)
  const stat = statOf(dir)
  if (!stat) throw new InputError('working-directory', `'${value}' does not exist (resolved to ${dir})`)
  if (!stat.isDirectory()) throw new InputError('working-directory', `'${value}' is not a directory (resolved to ${dir})`)
  // The path shown is where the symlinks lead: the one given is inside the workspace.
  const real = realpath(dir)
  if (workspace && !isInside(realpath(workspace), real)) throw outside(real, ' through a symlink')
  return dir
}

/**
 * The absolute path of zip-file, resolved like working-directory but allowed outside the
 * workspace: a zip made by an earlier step usually sits in RUNNER_TEMP. Throws InputError unless
 * it is an existing file.
 */
export function resolveZipFile(value: string, env: NodeJS.ProcessEnv): string {
  const file = path.resolve(env.GITHUB_WORKSPACE || process.cwd(), value)
  const stat = statOf(file)
  if (!stat) throw new InputError('zip-file', `'${value}' does not exist (resolved to ${file})`)
  if (!stat.isFile()) throw new InputError('zip-file', `'${value}' is not a file (resolved to ${file})`)
  return file
}

/** Returns `entries` (of the input `name`: paths or exclude) unchanged. Throws InputError for an
 * absolute entry or one with a '..' segment: they stay under working-directory. */
export function checkRelativeEntries(name: string, entries: string[]): string[] {
  for (const entry of entries) {
    if (isAbsoluteLike(entry)) throw new InputError(name, `'${entry}' must be relative to working-directory, not absolute`)
    if (hasParentSegment(entry)) throw new InputError(name, `'${entry}' must not contain '..' segments`)
  }
  return entries
}

/**
 * The prefix in normal form: leading and trailing '/' dropped ('/python/' means 'python'), empty
 * and '.' segments too; '' for none. Throws InputError for '..' segments, backslashes and
 * drive-letter paths (the only absolute form left). The one place prefixes are checked.
 */
export function normalizePrefix(value: string): string {
  if (value.includes('\\')) throw new InputError('prefix', `'${value}' must use '/' separators, not backslashes`)
  if (/^[a-zA-Z]:/.test(value)) throw new InputError('prefix', `'${value}' must be a folder inside the archive, not an absolute path`)
  if (hasParentSegment(value)) throw new InputError('prefix', `'${value}' must not contain '..' segments`)
  return value
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/')
}

/** Returns `value`; throws InputError unless it is an http:// or https:// URL with a host. */
export function checkEndpointUrl(value: string): string {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new InputError('endpoint-url', `'${value}' must be an http:// or https:// URL`)
  }
  return value
}

/** Stands for the region in s3-bucket (and s3-key): S3 buckets are regional and Lambda reads
 * layer code only from a bucket in its own region ("The bucket is in this region: ..." otherwise). */
export const REGION_PLACEHOLDER = '{region}'

/** The bucket s3-bucket (or the key s3-key) names for `region`: every {region} replaced. Never throws. */
export function bucketIn(template: string, region: string): string {
  return template.replaceAll(REGION_PLACEHOLDER, region)
}

/**
 * Returns `value` (the template, {region} kept). Throws InputError when several regions are
 * given and `value` has no {region} (one bucket cannot serve them), or when the bucket of any
 * region breaks S3's naming rules (Amazon S3 User Guide, "Bucket naming rules"): 3-63 of
 * lowercase letters, digits, '.', '-', starting and ending alphanumeric.
 */
export function checkS3Bucket(value: string, regions: string[]): string {
  const perRegion = value.includes(REGION_PLACEHOLDER)
  if (!perRegion && regions.length > 1) {
    throw new InputError(
      's3-bucket',
      `'${value}' is one bucket, but regions names ${regions.length} regions and Lambda reads layer code only from a bucket in its own region: add ${REGION_PLACEHOLDER} (e.g. '${value}-${REGION_PLACEHOLDER}') and create a bucket in each region`
    )
  }
  for (const region of perRegion ? regions : [undefined]) {
    const bucket = region ? bucketIn(value, region) : value
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      const what = region ? `'${value}' gives '${bucket}' in ${region}, which` : `'${value}'`
      throw new InputError(
        's3-bucket',
        `${what} must be 3-63 characters of lowercase letters, digits, '.' and '-', starting and ending with a letter or digit`
      )
    }
  }
  return value
}

/** Returns `key` (the template, {region} kept: filled in per region as in s3-bucket); throws
 * InputError without s3-bucket, or when the key in any of `regions` is above S3's 1,024-byte key
 * limit (UTF-8). */
export function checkS3Key(key: string, bucket: string, regions: string[] = []): string {
  if (!bucket) throw new InputError('s3-key', "requires 's3-bucket'")
  for (const region of regions.length > 0 ? regions : ['']) {
    const filled = region ? bucketIn(key, region) : key
    if (Buffer.byteLength(filled, 'utf8') > 1024)
      throw new InputError('s3-key', `must be at most 1024 bytes${region && filled !== key ? ` (in ${region})` : ''}`)
  }
  return key
}

/**
 * The regions to publish in, deduplicated; [primary] when none are given. Throws InputError for
 * a malformed region, one outside the partition of aws-region (one set of credentials serves them
 * all), or any other region than a layer ARN's own (an ARN pins its region).
 */
export function checkRegions(values: string[], primary: string, layerName: string): string[] {
  const regions = [...new Set(values)]
  for (const region of regions) {
    if (!REGION_PATTERN.test(region)) throw new InputError('regions', `'${region}' is not a region code such as eu-west-1`)
    if (partitionOfRegion(region) !== partitionOfRegion(primary)) {
      throw new InputError('regions', `'${region}' is not in the partition of aws-region ${primary} (${partitionOfRegion(primary)})`)
    }
  }
  const arn = parseLayerArn(layerName)
  const elsewhere = regions.find((r) => arn && r !== arn.region)
  if (elsewhere)
    throw new InputError(
      'regions',
      `'${elsewhere}' differs from the region of the layer ARN in layer-name (${arn?.region}); give a layer name to publish in several regions`
    )
  return regions.length > 0 ? regions : [primary]
}

const FUNCTION_NAME = /^[a-zA-Z0-9-_]{1,64}$/
const FUNCTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):\d{12}:function:[a-zA-Z0-9-_]{1,64}$/

/**
 * The update-functions targets, deduplicated. A bare name means the function in the first region;
 * an ARN names its own. Throws InputError for anything else (versions and aliases included: the
 * layer list belongs to $LATEST) and for an ARN in a region where no version is published.
 */
export function checkFunctionTargets(values: string[], regions: string[]): string[] {
  for (const value of values) {
    const arn = FUNCTION_ARN.exec(value)
    if (!arn && !FUNCTION_NAME.test(value)) {
      throw new InputError(
        'update-functions',
        `'${value}' must be a function name (1-64 of letters, digits, - and _) or a function ARN without version or alias`
      )
    }
    if (arn && !regions.includes(arn[1])) {
      throw new InputError(
        'update-functions',
        `'${value}' is in ${arn[1]}, where this step publishes no layer version (layers must be in the function's region)`
      )
    }
  }
  return [...new Set(values)]
}

/** Returns `value` as a mode; throws InputError unless it is publish or delete. */
export function checkMode(value: string): 'publish' | 'delete' {
  if (value === 'publish' || value === 'delete') return value
  throw new InputError('mode', `'${value}' must be publish or delete`)
}

/** Returns `value`; throws InputError (naming the input `name`) unless min <= value <= max. */
export function checkRange(name: string, value: number, min: number, max: number): number {
  if (value < min || value > max) throw new InputError(name, `${value} must be between ${min} and ${max}`)
  return value
}
