// @ts-check
// Minimal path-style S3: objects (Put/Get/Head/Delete, Range), multipart uploads as
// @aws-sdk/lib-storage drives them, bucket versioning (s3-versions.js) and CopyObject
// (s3-copy.js). Buckets live in one global namespace with a home region.
import { createHash, randomBytes } from 'node:crypto'
import { ApiError } from './errors.js'
import { decodeAwsChunked, emptyReply, rangeReply, xmlEscape, xmlUnescape, xmlReply } from './http-util.js'
import { copyObject } from './s3-copy.js'
import { deleteObject, findObject, getBucketVersioning, putBucketVersioning, storeObject, versionHeader } from './s3-versions.js'

/** @typedef {import('./server.js').Ctx} Ctx */
/** @typedef {import('./state.js').Bucket} Bucket */

/** Bucket names that would collide with the emulator's own path prefixes (see server.js). */
export const RESERVED_BUCKETS = new Set(['oidc', 'github', '2015-03-31', '2018-10-31'])
const MIN_PART = 5 * 1024 * 1024
const NS = 'http://s3.amazonaws.com/doc/2006-03-01/'

const md5 = (/** @type {Buffer} */ b) => createHash('md5').update(b).digest()

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
  } else if (m === 'PUT' && q.uploadId !== undefined) op = ['UploadPart', () => uploadPart(ctx, bucketName, key)]
  else if (m === 'PUT' && ctx.headers['x-amz-copy-source'] !== undefined)
    op = ['CopyObject', () => copyObject(ctx, bucketOf(ctx, bucketName), key)]
  else if (m === 'PUT') op = ['PutObject', () => putObject(ctx, bucketName, key)]
  else if (m === 'POST' && q.uploads !== undefined) op = ['CreateMultipartUpload', () => createUpload(ctx, bucketName, key)]
  else if (m === 'POST' && q.uploadId !== undefined) op = ['CompleteMultipartUpload', () => completeUpload(ctx, bucketName, key)]
  else if (m === 'DELETE' && q.uploadId !== undefined) op = ['AbortMultipartUpload', () => abortUpload(ctx, bucketName)]
  else if (m === 'GET' || m === 'HEAD') op = [m === 'GET' ? 'GetObject' : 'HeadObject', () => getObject(ctx, bucketName, key)]
  else if (m === 'DELETE') op = ['DeleteObject', () => emptyReply(204, deleteObject(bucketOf(ctx, bucketName), key, q.versionId))]
  return { service: 's3', operation: op[0], body: undefined, run: op[1] }
}

/** Bucket in the signed region, else NoSuchBucket / the 301 S3 sends for another region. */
function bucketOf(/** @type {Ctx} */ ctx, /** @type {string} */ name) {
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
function payload(/** @type {Ctx} */ ctx) {
  const encoding = String(ctx.headers['content-encoding'] ?? '')
  const sha = String(ctx.headers['x-amz-content-sha256'] ?? '')
  return encoding.includes('aws-chunked') || sha.startsWith('STREAMING-') ? decodeAwsChunked(ctx.body) : ctx.body
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

/** @param {Ctx} ctx @param {string} bucketName @param {string} key */
function createUpload(ctx, bucketName, key) {
  const bucket = bucketOf(ctx, bucketName)
  const uploadId = randomBytes(24).toString('base64url')
  bucket.uploads.set(uploadId, { key, contentType: String(ctx.headers['content-type'] ?? 'application/octet-stream'), parts: new Map() })
  return xmlReply(
    200,
    `<?xml version="1.0" encoding="UTF-8"?>\n<InitiateMultipartUploadResult xmlns="${NS}"><Bucket>${xmlEscape(bucketName)}</Bucket>` +
      `<Key>${xmlEscape(key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`
  )
}

/** @param {Ctx} ctx @param {Bucket} bucket */
function uploadOf(ctx, bucket) {
  const upload = bucket.uploads.get(ctx.query.uploadId)
  if (!upload) {
    throw new ApiError(
      'NoSuchUpload',
      404,
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      { fields: { UploadId: ctx.query.uploadId } }
    )
  }
  return upload
}

/** @param {Ctx} ctx @param {string} bucketName @param {string} _key */
function uploadPart(ctx, bucketName, _key) {
  const upload = uploadOf(ctx, bucketOf(ctx, bucketName))
  const partNumber = Number(ctx.query.partNumber)
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
    throw new ApiError('InvalidArgument', 400, 'Part number must be an integer between 1 and 10000, inclusive')
  }
  const body = payload(ctx)
  const etag = `"${md5(body).toString('hex')}"`
  upload.parts.set(partNumber, { body, etag })
  return emptyReply(200, { etag })
}

/** @param {Ctx} ctx @param {string} bucketName @param {string} key */
function completeUpload(ctx, bucketName, key) {
  const bucket = bucketOf(ctx, bucketName)
  const upload = uploadOf(ctx, bucket)
  const xml = ctx.body.toString('utf8')
  const listed = [...xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((m) => ({
    number: Number(/<PartNumber>(\d+)<\/PartNumber>/.exec(m[1])?.[1]),
    etag: xmlUnescape(/<ETag>([^<]*)<\/ETag>/.exec(m[1])?.[1] ?? '')
  }))
  if (listed.length === 0)
    throw new ApiError('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema')
  const parts = []
  for (let i = 0; i < listed.length; i++) {
    if (i > 0 && listed[i].number <= listed[i - 1].number) {
      throw new ApiError(
        'InvalidPartOrder',
        400,
        'The list of parts was not in ascending order. The parts list must be specified in order by part number.'
      )
    }
    const part = upload.parts.get(listed[i].number)
    if (!part || part.etag.replace(/"/g, '') !== listed[i].etag.replace(/"/g, '')) {
      throw new ApiError(
        'InvalidPart',
        400,
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag."
      )
    }
    if (i < listed.length - 1 && part.body.length < MIN_PART) {
      throw new ApiError('EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed size')
    }
    parts.push(part)
  }
  const body = Buffer.concat(parts.map((p) => p.body))
  const etag = `"${md5(Buffer.concat(parts.map((p) => Buffer.from(p.etag.replace(/"/g, ''), 'hex')))).toString('hex')}-${parts.length}"`
  const versionId = storeObject(bucket, key, { body, etag, contentType: upload.contentType, lastModified: new Date(), metadata: {} })
  bucket.uploads.delete(ctx.query.uploadId)
  return xmlReply(
    200,
    `<?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUploadResult xmlns="${NS}">` +
      `<Location>${xmlEscape(`${ctx.emu.url}/${bucketName}/${key}`)}</Location><Bucket>${xmlEscape(bucketName)}</Bucket>` +
      `<Key>${xmlEscape(key)}</Key><ETag>${xmlEscape(etag)}</ETag></CompleteMultipartUploadResult>`,
    versionId === undefined ? {} : { 'x-amz-version-id': versionId }
  )
}

/** @param {Ctx} ctx @param {string} bucketName */
function abortUpload(ctx, bucketName) {
  const bucket = bucketOf(ctx, bucketName)
  uploadOf(ctx, bucket)
  bucket.uploads.delete(ctx.query.uploadId)
  return emptyReply(204)
}
