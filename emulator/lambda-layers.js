// @ts-check
// Lambda layer versions: publish, get, get by ARN, list versions, list layers, delete.
import { createHash, randomBytes } from 'node:crypto'
import { ApiError, lambdaError } from './errors.js'
import { emptyReply, jsonReply, lambdaDate } from './http-util.js'
import { refuseUnsupportedFields } from './lambda-regions.js'
import { findObject } from './s3-versions.js'
import { readSignature } from './signer-zip.js'
import { regionMap } from './state.js'
import { P, Violations, checkCompatibility, checkListFilters, fullMatch } from './validation.js'
import { readZipDirectory } from './zip.js'

/** @typedef {import('./lambda.js').LambdaCtx} Ctx */
/** @typedef {import('./state.js').LayerVersion} LayerVersion */

const LAYER_ARN = /^arn:([a-zA-Z-]*):lambda:([a-z0-9-]+):(\d{12}):layer:([a-zA-Z0-9-_]+)(?::(\d+))?$/

/**
 * A layer name or ARN resolved to its region/account/name (the ARN wins over the signed region).
 * @param {Ctx} ctx
 * @param {string} nameOrArn
 */
export function resolveLayerName(ctx, nameOrArn) {
  const m = LAYER_ARN.exec(nameOrArn)
  if (m) return { region: m[2], account: m[3], name: m[4], version: m[5] === undefined ? undefined : Number(m[5]) }
  return { region: ctx.region, account: ctx.emu.accountId, name: nameOrArn, version: undefined }
}

/**
 * @param {Ctx} ctx
 * @param {{ region: string, account: string, name: string }} ref
 * @param {number} version
 * @returns {LayerVersion | undefined}
 */
export function findLayerVersion(ctx, ref, version) {
  if (ref.account !== ctx.emu.accountId) return undefined
  return ctx.emu.state.layers.get(ref.region)?.get(ref.name)?.versions.get(version)
}

/** @param {Ctx} ctx @param {{ region: string, account: string, name: string }} ref */
export function layerArn(ctx, ref) {
  return `arn:${ctx.emu.partition}:lambda:${ref.region}:${ref.account}:layer:${ref.name}`
}

/** @param {Violations} v @param {unknown} name */
export function checkLayerName(v, name) {
  v.string(name, 'layerName', { min: 1, max: 140, pattern: P.layerName, required: true })
}

/** "Layer Version Cannot be less than 1" is InvalidParameterValue, not a validation error. */
export function parseVersion(/** @type {string} */ raw) {
  const n = Number(raw)
  if (!Number.isInteger(n))
    throw lambdaError.validation(
      `1 validation error detected: Value '${raw}' at 'versionNumber' failed to satisfy constraint: Member must not be null`
    )
  if (n < 1) throw lambdaError.invalidParameter('Layer Version Cannot be less than 1')
  return n
}

/** @param {LayerVersion} lv @param {boolean} withContent @param {string} baseUrl @param {string} region */
function describe(lv, withContent, baseUrl, region) {
  /** @type {Record<string, unknown>} */
  const out = {}
  if (withContent) {
    out.Content = {
      Location: `${baseUrl}/_emulator/layer-content/${region}/${lv.LayerName}/${lv.Version}?X-Amz-Expires=600&X-Amz-Signature=${lv.contentToken}`,
      CodeSha256: lv.CodeSha256,
      CodeSize: lv.CodeSize,
      SigningProfileVersionArn: lv.SigningProfileVersionArn,
      SigningJobArn: lv.SigningJobArn
    }
    out.LayerArn = lv.LayerArn
  }
  Object.assign(out, {
    LayerVersionArn: lv.LayerVersionArn,
    Version: lv.Version,
    Description: lv.Description,
    CreatedDate: lv.CreatedDate,
    CompatibleRuntimes: lv.CompatibleRuntimes,
    LicenseInfo: lv.LicenseInfo,
    CompatibleArchitectures: lv.CompatibleArchitectures
  })
  if (lv.LicenseInfo === undefined) delete out.LicenseInfo
  return out
}

/** Zip bytes from `Content` (inline base64 or the emulator's S3 store), with Lambda's errors. */
function contentBytes(/** @type {Ctx} */ ctx, /** @type {Record<string, any>} */ content, /** @type {string} */ region) {
  const limits = ctx.emu.limits
  const hasS3 = content.S3Bucket !== undefined || content.S3Key !== undefined
  if (content.ZipFile !== undefined && hasS3) {
    throw lambdaError.invalidParameter('Please do not provide other FunctionCode parameters when providing a ZipFile.')
  }
  if (content.ZipFile !== undefined) {
    const zip = Buffer.from(String(content.ZipFile), 'base64')
    if (zip.length > limits.zipFileBytes) {
      throw lambdaError.tooLarge(
        `Request must be smaller than ${Math.ceil((limits.zipFileBytes * 4) / 3)} bytes for the PublishLayerVersion operation`
      )
    }
    return zip
  }
  if (!content.S3Bucket || !content.S3Key) throw lambdaError.invalidParameter('Please provide a source for function code.')
  const s3Fail = (/** @type {string} */ code, /** @type {string} */ msg) =>
    lambdaError.invalidParameter(`Error occurred while GetObject. S3 Error Code: ${code}. S3 Error Message: ${msg}`)
  const bucket = ctx.emu.state.buckets.get(content.S3Bucket)
  if (!bucket) throw s3Fail('NoSuchBucket', 'The specified bucket does not exist')
  if (bucket.region !== region) {
    throw s3Fail('PermanentRedirect', `The bucket is in this region: ${bucket.region}. Please use this region to retry the request`)
  }
  try {
    return findObject(bucket, content.S3Key, content.S3ObjectVersion).body
  } catch (err) {
    if (err instanceof ApiError) throw s3Fail(err.code, err.message)
    throw err
  }
}

/** @param {Ctx} ctx @param {string} rawName */
export function publishLayerVersion(ctx, rawName) {
  const body = ctx.json
  const v = new Violations()
  checkLayerName(v, rawName)
  v.string(body.Description, 'description', { max: 256 })
  v.string(body.LicenseInfo, 'licenseInfo', { max: 512 })
  checkCompatibility(v, body.CompatibleRuntimes, body.CompatibleArchitectures)
  if (!body.Content || typeof body.Content !== 'object') v.add(undefined, 'content', 'Member must not be null')
  else {
    v.string(body.Content.S3Bucket, 'content.s3Bucket', { min: 3, max: 63, pattern: P.s3Bucket })
    v.string(body.Content.S3Key, 'content.s3Key', { min: 1, max: 1024 })
    v.string(body.Content.S3ObjectVersion, 'content.s3ObjectVersion', { min: 1, max: 1024 })
  }
  v.throwIfAny()
  const ref = resolveLayerName(ctx, rawName)
  if (ref.account !== ctx.emu.accountId) throw lambdaError.notFound()
  refuseUnsupportedFields(ctx.emu, ref.region, body)
  const zip = contentBytes(ctx, body.Content, ref.region)
  const directory = readZipDirectory(zip)
  if (!directory) throw lambdaError.invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again.')
  if (directory.uncompressedSize > ctx.emu.limits.unzippedBytes) {
    throw lambdaError.invalidParameter(`Unzipped size must be smaller than ${ctx.emu.limits.unzippedBytes} bytes`)
  }
  const layers = regionMap(ctx.emu.state.layers, ref.region)
  let stored = 0
  for (const layer of layers.values()) for (const lv of layer.versions.values()) stored += lv.CodeSize
  if (stored + zip.length > ctx.emu.limits.codeStorageBytes) {
    throw new ApiError('CodeStorageExceededException', 400, 'Code storage limit exceeded.')
  }
  let layer = layers.get(ref.name)
  if (!layer) {
    layer = { name: ref.name, latestVersion: 0, versions: new Map() }
    layers.set(ref.name, layer)
  }
  const version = ++layer.latestVersion
  const signature = readSignature(zip)
  const arn = layerArn(ctx, ref)
  /** @type {LayerVersion} */
  const lv = {
    LayerName: ref.name,
    LayerArn: arn,
    LayerVersionArn: `${arn}:${version}`,
    Version: version,
    Description: body.Description ?? '',
    LicenseInfo: body.LicenseInfo,
    CompatibleRuntimes: body.CompatibleRuntimes ?? [],
    CompatibleArchitectures: body.CompatibleArchitectures ?? [],
    CreatedDate: lambdaDate(),
    CodeSha256: createHash('sha256').update(zip).digest('base64'),
    CodeSize: zip.length,
    UnzippedSize: directory.uncompressedSize,
    zip,
    // A signed zip's signer: LayerVersionContentOutput carries SigningProfileVersionArn and SigningJobArn.
    SigningProfileVersionArn: signature?.profileVersionArn,
    SigningJobArn: signature?.jobArn,
    contentToken: randomBytes(16).toString('hex'),
    policy: undefined
  }
  layer.versions.set(version, lv)
  return jsonReply(201, describe(lv, true, ctx.emu.url, ref.region))
}

/** @param {Ctx} ctx @param {string} rawName @param {string} rawVersion */
export function getLayerVersion(ctx, rawName, rawVersion) {
  const v = new Violations()
  checkLayerName(v, rawName)
  v.throwIfAny()
  const version = parseVersion(rawVersion)
  const ref = resolveLayerName(ctx, rawName)
  const lv = findLayerVersion(ctx, ref, version)
  if (!lv) throw lambdaError.notFound()
  return jsonReply(200, describe(lv, true, ctx.emu.url, ref.region))
}

/** @param {Ctx} ctx */
export function getLayerVersionByArn(ctx) {
  const arn = ctx.query.Arn
  const v = new Violations()
  v.string(arn, 'arn', { min: 1, max: 2048, pattern: P.layerVersionArn, required: true })
  v.throwIfAny()
  const ref = resolveLayerName(ctx, arn)
  const lv = ref.version === undefined ? undefined : findLayerVersion(ctx, ref, ref.version)
  if (!lv) throw lambdaError.notFound()
  return jsonReply(200, describe(lv, true, ctx.emu.url, ref.region))
}

/** @param {LayerVersion} lv @param {Record<string, string>} query */
function matchesFilters(lv, query) {
  if (query.CompatibleRuntime && !lv.CompatibleRuntimes.includes(query.CompatibleRuntime)) return false
  if (query.CompatibleArchitecture && !lv.CompatibleArchitectures.includes(query.CompatibleArchitecture)) return false
  return true
}

// Markers are opaque to clients; ours encode the next item's sort key.
const encodeMarker = (/** @type {string|number} */ key) => Buffer.from(JSON.stringify({ k: key })).toString('base64url')
function decodeMarker(/** @type {string|undefined} */ marker) {
  if (marker === undefined || marker === '') return undefined
  try {
    return JSON.parse(Buffer.from(marker, 'base64url').toString('utf8')).k
  } catch {
    throw lambdaError.invalidParameter('Invalid Marker')
  }
}

/** @template T @param {T[]} items @param {(item: T) => string|number} key @param {Record<string,string>} query */
function paginate(items, key, query) {
  const start = decodeMarker(query.Marker)
  let from = 0
  if (start !== undefined) {
    from = items.findIndex((item) => key(item) === start)
    if (from < 0) throw lambdaError.invalidParameter('Invalid Marker')
  }
  const max = query.MaxItems === undefined ? 50 : Number(query.MaxItems)
  const page = items.slice(from, from + max)
  const next = items[from + max]
  return { page, nextMarker: next === undefined ? undefined : encodeMarker(key(next)) }
}

/** @param {Ctx} ctx @param {string} rawName */
export function listLayerVersions(ctx, rawName) {
  const v = new Violations()
  checkLayerName(v, rawName)
  checkListFilters(v, ctx.query)
  v.throwIfAny()
  const ref = resolveLayerName(ctx, rawName)
  const layer = ref.account === ctx.emu.accountId ? ctx.emu.state.layers.get(ref.region)?.get(ref.name) : undefined
  const all = [...(layer?.versions.values() ?? [])].filter((lv) => matchesFilters(lv, ctx.query)).sort((a, b) => b.Version - a.Version)
  const { page, nextMarker } = paginate(all, (lv) => lv.Version, ctx.query)
  /** @type {Record<string, unknown>} */
  const out = { LayerVersions: page.map((lv) => describe(lv, false, ctx.emu.url, ref.region)) }
  if (nextMarker) out.NextMarker = nextMarker
  return jsonReply(200, out)
}

/** @param {Ctx} ctx */
export function listLayers(ctx) {
  const v = new Violations()
  checkListFilters(v, ctx.query)
  v.throwIfAny()
  const layers = [...(ctx.emu.state.layers.get(ctx.region)?.values() ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1))
  const items = []
  for (const layer of layers) {
    const latest = [...layer.versions.values()].filter((lv) => matchesFilters(lv, ctx.query)).sort((a, b) => b.Version - a.Version)[0]
    if (!latest) continue
    items.push({
      LayerName: layer.name,
      LayerArn: latest.LayerArn,
      LatestMatchingVersion: describe(latest, false, ctx.emu.url, ctx.region)
    })
  }
  const { page, nextMarker } = paginate(items, (item) => item.LayerName, ctx.query)
  /** @type {Record<string, unknown>} */
  const out = { Layers: page }
  if (nextMarker) out.NextMarker = nextMarker
  return jsonReply(200, out)
}

/** Idempotent: unknown layers and versions also answer 204. */
export function deleteLayerVersion(/** @type {Ctx} */ ctx, /** @type {string} */ rawName, /** @type {string} */ rawVersion) {
  const v = new Violations()
  checkLayerName(v, rawName)
  v.throwIfAny()
  const version = parseVersion(rawVersion)
  const ref = resolveLayerName(ctx, rawName)
  if (ref.account === ctx.emu.accountId) ctx.emu.state.layers.get(ref.region)?.get(ref.name)?.versions.delete(version)
  return emptyReply(204)
}

/** Layer version ARN pattern check used by UpdateFunctionConfiguration. */
export const isLayerVersionArn = (/** @type {string} */ arn) => arn.length <= 2048 && fullMatch(P.layerVersionArn).test(arn)
