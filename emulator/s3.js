// @ts-check
// Minimal path-style S3: objects (Put/Get/Head/Delete, Range), routing for the multipart calls
// (s3-multipart.js), bucket versioning (s3-versions.js), CopyObject (s3-copy.js) and buckets
// (s3-buckets.js).
import { ApiError } from './errors.js'
import { emptyReply, rangeReply } from './http-util.js'
import { bucketOf, createBucket, md5, payload } from './s3-buckets.js'
import { copyObject } from './s3-copy.js'
import * as multipart from './s3-multipart.js'
import { deleteObject, findObject, getBucketVersioning, putBucketVersioning, storeObject, versionHeader } from './s3-versions.js'

export { RESERVED_BUCKETS, createBucket } from './s3-buckets.js'

/** @typedef {import('./server.js').Ctx} Ctx */

/**
 * @param {Ctx} ctx
 * @returns {import('./server.js').Route}
 */
export function matchS3(ctx) {
  const rest = ctx.path.slice(1)
  const slash = rest.indexOf('/')
  const bucketName = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash))
  const key = slash < 0 ? '' : decodeURIComponent(rest.slice(slash + 1))
  const q = ctx.query
  const m = ctx.method
  /** @type {[string, () => import('./http-util.js').Reply]} */
  let op = [
    'Unknown',
    () => {
      throw new ApiError('NotImplemented', 501, 'A header you provided implies functionality that is not implemented')
    }
  ]
  if (!key && q.versioning !== undefined) {
    if (m === 'PUT') op = ['PutBucketVersioning', () => putBucketVersioning(bucketOf(ctx, bucketName), payload(ctx))]
    if (m === 'GET') op = ['GetBucketVersioning', () => getBucketVersioning(bucketOf(ctx, bucketName))]
  } else if (!key) {
    if (m === 'PUT') op = ['CreateBucket', () => createBucketOp(ctx, bucketName)]
    if (m === 'HEAD')
      op = ['HeadBucket', () => (bucketOf(ctx, bucketName), emptyReply(200, { 'x-amz-bucket-region': bucketOf(ctx, bucketName).region }))]
    if (m === 'GET' && q.uploads !== undefined) op = ['ListMultipartUploads', () => multipart.listUploads(ctx, bucketName)]
  } else if (m === 'PUT' && q.uploadId !== undefined) op = ['UploadPart', () => multipart.uploadPart(ctx, bucketName, key)]
  else if (m === 'PUT' && ctx.headers['x-amz-copy-source'] !== undefined)
    op = ['CopyObject', () => copyObject(ctx, bucketOf(ctx, bucketName), key)]
  else if (m === 'PUT') op = ['PutObject', () => putObject(ctx, bucketName, key)]
  else if (m === 'POST' && q.uploads !== undefined) op = ['CreateMultipartUpload', () => multipart.createUpload(ctx, bucketName, key)]
  else if (m === 'POST' && q.uploadId !== undefined) op = ['CompleteMultipartUpload', () => multipart.completeUpload(ctx, bucketName, key)]
  else if (m === 'DELETE' && q.uploadId !== undefined) op = ['AbortMultipartUpload', () => multipart.abortUpload(ctx, bucketName)]
  else if (m === 'GET' || m === 'HEAD') op = [m === 'GET' ? 'GetObject' : 'HeadObject', () => getObject(ctx, bucketName, key)]
  else if (m === 'DELETE') op = ['DeleteObject', () => emptyReply(204, deleteObject(bucketOf(ctx, bucketName), key, q.versionId))]
  return { service: 's3', operation: op[0], body: undefined, run: op[1] }
}

/** @param {Ctx} ctx */
function metadataOf(ctx) {
  return Object.fromEntries(
    Object.entries(ctx.headers)
      .filter(([k]) => k.startsWith('x-amz-meta-'))
      .map(([k, v]) => [k, String(v)])
  )
}

/** @param {Ctx} ctx @param {string} name */
function createBucketOp(ctx, name) {
  if (ctx.emu.state.buckets.has(name)) {
    throw new ApiError(
      'BucketAlreadyOwnedByYou',
      409,
      'Your previous request to create the named bucket succeeded and you already own it.',
      { fields: { BucketName: name } }
    )
  }
  const constraint = /<LocationConstraint>([^<]+)<\/LocationConstraint>/.exec(ctx.body.toString('utf8'))?.[1]
  createBucket(ctx.emu, constraint ?? ctx.region ?? 'us-east-1', name)
  return emptyReply(200, { location: `/${name}` })
}

/** @param {Ctx} ctx @param {string} bucketName @param {string} key */
function putObject(ctx, bucketName, key) {
  const bucket = bucketOf(ctx, bucketName)
  const body = payload(ctx)
  const etag = `"${md5(body).toString('hex')}"`
  const versionId = storeObject(bucket, key, {
    body,
    etag,
    contentType: String(ctx.headers['content-type'] ?? 'application/octet-stream'),
    lastModified: new Date(),
    metadata: metadataOf(ctx)
  })
  return emptyReply(200, versionId === undefined ? { etag } : { etag, 'x-amz-version-id': versionId })
}

/** @param {Ctx} ctx @param {string} bucketName @param {string} key */
function getObject(ctx, bucketName, key) {
  const object = findObject(bucketOf(ctx, bucketName), key, ctx.query.versionId)
  const headers = {
    'content-type': object.contentType,
    etag: object.etag,
    'last-modified': object.lastModified.toUTCString(),
    ...versionHeader(object),
    ...object.metadata
  }
  if (ctx.method === 'HEAD') return emptyReply(200, { ...headers, 'content-length': object.body.length, 'accept-ranges': 'bytes' })
  const reply = rangeReply(object.body, /** @type {string|undefined} */ (ctx.headers.range), headers)
  if (reply.status === 416) {
    throw new ApiError('InvalidRange', 416, 'The requested range is not satisfiable', {
      fields: { RangeRequested: String(ctx.headers.range), ActualObjectSize: object.body.length }
    })
  }
  return reply
}
