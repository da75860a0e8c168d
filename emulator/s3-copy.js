// @ts-check
// S3 CopyObject (PUT /{bucket}/{key} with x-amz-copy-source). The request is bound to the
// destination bucket's region (server.js/s3.js answer 301 otherwise); the source may live in any
// region, since S3 supports cross-Region copies (CopyObject docs in the S3 API model).
import { createHash } from 'node:crypto'
import { URLSearchParams } from 'node:url'
import { ApiError } from './errors.js'
import { xmlEscape, xmlReply } from './http-util.js'
import { findObject, storeObject } from './s3-versions.js'

/** @typedef {import('./server.js').Ctx} Ctx */
/** @typedef {import('./state.js').Bucket} Bucket */

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/'

/**
 * Parse `x-amz-copy-source`: "bucket/key" or "/bucket/key", URL-encoded, optionally
 * "?versionId=...".
 * @param {string} header
 * @returns {{ bucket: string, key: string, versionId: string | undefined }}
 */
export function parseCopySource(header) {
  const [path, query = ''] = header.split('?', 2)
  let decoded
  try {
    decoded = decodeURIComponent(path).replace(/^\//, '')
  } catch {
    decoded = ''
  }
  const slash = decoded.indexOf('/')
  if (slash <= 0 || slash === decoded.length - 1) {
    throw new ApiError('InvalidArgument', 400, 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', {
      fields: { ArgumentName: 'x-amz-copy-source', ArgumentValue: header }
    })
  }
  const versionId = new URLSearchParams(query).get('versionId') ?? undefined
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), versionId }
}

/**
 * Copy the source object (its current version or `?versionId=`) into `target`/`key`, keeping
 * its content type and metadata (the default COPY metadata directive).
 * @param {Ctx} ctx
 * @param {Bucket} target destination bucket, already checked against the signed region
 * @param {string} key
 */
export function copyObject(ctx, target, key) {
  if (String(ctx.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase() !== 'COPY') {
    throw new ApiError('NotImplemented', 501, 'A header you provided implies functionality that is not implemented')
  }
  const source = parseCopySource(String(ctx.headers['x-amz-copy-source']))
  const from = ctx.emu.state.buckets.get(source.bucket)
  if (!from) throw new ApiError('NoSuchBucket', 404, 'The specified bucket does not exist', { fields: { BucketName: source.bucket } })
  const object = findObject(from, source.key, source.versionId)
  const body = Buffer.from(object.body)
  const etag = `"${createHash('md5').update(body).digest('hex')}"`
  const lastModified = new Date()
  const versionId = storeObject(target, key, {
    body,
    etag,
    contentType: object.contentType,
    lastModified,
    metadata: { ...object.metadata }
  })
  /** @type {Record<string, string>} */
  const headers = {}
  if (object.versionId !== undefined) headers['x-amz-copy-source-version-id'] = object.versionId
  if (versionId !== undefined) headers['x-amz-version-id'] = versionId
  return xmlReply(
    200,
    `<?xml version="1.0" encoding="UTF-8"?>\n<CopyObjectResult xmlns="${NS}"><LastModified>${lastModified.toISOString()}</LastModified>` +
      `<ETag>${xmlEscape(etag)}</ETag></CopyObjectResult>`,
    headers
  )
}
