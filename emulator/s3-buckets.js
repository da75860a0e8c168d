// @ts-check
// S3 buckets: one global namespace of names, each bucket at home in one region. A request signed
// for another region gets the 301 PermanentRedirect S3 sends (with x-amz-bucket-region, which the
// SDK's followRegionRedirects reads); a bucket that does not exist gets NoSuchBucket.
import { createHash } from 'node:crypto'
import { ApiError } from './errors.js'
import { decodeAwsChunked } from './http-util.js'

/** @typedef {import('./server.js').Ctx} Ctx */
/** @typedef {import('./state.js').Bucket} Bucket */

/** Bucket names that would collide with the emulator's own path prefixes (see server.js). */
export const RESERVED_BUCKETS = new Set(['oidc', 'github', '2015-03-31', '2018-10-31'])
export const NS = 'http://s3.amazonaws.com/doc/2006-03-01/'

export const md5 = (/** @type {Buffer} */ b) => createHash('md5').update(b).digest()

/**
 * @param {import('./server.js').Emulator} emu
 * @param {string} region
 * @param {string} name
 */
export function createBucket(emu, region, name) {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) || RESERVED_BUCKETS.has(name)) {
    throw new Error(`invalid or reserved bucket name: ${name}`)
  }
  /** @type {Bucket} */
  const bucket = emu.state.buckets.get(name) ?? {
    name,
    region,
    objects: new Map(),
    uploads: new Map(),
    versioning: undefined,
    versions: new Map()
  }
  emu.state.buckets.set(name, bucket)
  return bucket
}

/** Bucket in the signed region, else NoSuchBucket / the 301 S3 sends for another region. */
export function bucketOf(/** @type {Ctx} */ ctx, /** @type {string} */ name) {
  const bucket = ctx.emu.state.buckets.get(name)
  if (!bucket) throw new ApiError('NoSuchBucket', 404, 'The specified bucket does not exist', { fields: { BucketName: name } })
  if (ctx.region && ctx.region !== bucket.region) {
    throw new ApiError(
      'PermanentRedirect',
      301,
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      { fields: { Bucket: name, Endpoint: `s3.${bucket.region}.amazonaws.com` }, headers: { 'x-amz-bucket-region': bucket.region } }
    )
  }
  return bucket
}

/** Request payload, with SDK v3's aws-chunked framing (streamed bodies + checksum trailer) removed. */
export function payload(/** @type {Ctx} */ ctx) {
  const encoding = String(ctx.headers['content-encoding'] ?? '')
  const sha = String(ctx.headers['x-amz-content-sha256'] ?? '')
  return encoding.includes('aws-chunked') || sha.startsWith('STREAMING-') ? decodeAwsChunked(ctx.body) : ctx.body
}
