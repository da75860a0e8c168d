// @ts-check
// S3 multipart uploads as @aws-sdk/lib-storage drives them (create, parts, complete, abort), and
// ListMultipartUploads, so a test can prove that no upload was left open.
import { randomBytes } from 'node:crypto'
import { ApiError } from './errors.js'
import { emptyReply, xmlEscape, xmlUnescape, xmlReply } from './http-util.js'
import { NS, bucketOf, md5, payload } from './s3-buckets.js'
import { storeObject } from './s3-versions.js'

/** @typedef {import('./server.js').Ctx} Ctx */
/** @typedef {import('./state.js').Bucket} Bucket */

const MIN_PART = 5 * 1024 * 1024

/** @param {Ctx} ctx @param {string} bucketName @param {string} key */
export function createUpload(ctx, bucketName, key) {
  const bucket = bucketOf(ctx, bucketName)
  const uploadId = randomBytes(24).toString('base64url')
  bucket.uploads.set(uploadId, {
    key,
    initiated: new Date(),
    accessKeyId: ctx.accessKeyId,
    contentType: String(ctx.headers['content-type'] ?? 'application/octet-stream'),
    parts: new Map()
  })
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
export function uploadPart(ctx, bucketName, _key) {
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
export function completeUpload(ctx, bucketName, key) {
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
export function abortUpload(ctx, bucketName) {
  const bucket = bucketOf(ctx, bucketName)
  uploadOf(ctx, bucket)
  bucket.uploads.delete(ctx.query.uploadId)
  return emptyReply(204)
}

/**
 * GET /bucket?uploads: uploads started and neither completed nor aborted, sorted by key, then
 * by initiation time (S3 API reference, ListMultipartUploads). `prefix` and `max-uploads` are
 * honoured; markers page on.
 * @param {Ctx} ctx
 * @param {string} bucketName
 */
export function listUploads(ctx, bucketName) {
  const bucket = bucketOf(ctx, bucketName)
  const prefix = ctx.query.prefix ?? ''
  const max = Math.min(1000, Math.max(1, Number(ctx.query['max-uploads'] ?? 1000) || 1000))
  const keyMarker = ctx.query['key-marker'] ?? ''
  const idMarker = ctx.query['upload-id-marker'] ?? ''
  const all = [...bucket.uploads]
    .filter(([, u]) => u.key.startsWith(prefix))
    .sort(([idA, a], [idB, b]) =>
      a.key === b.key ? a.initiated.getTime() - b.initiated.getTime() || (idA < idB ? -1 : 1) : a.key < b.key ? -1 : 1
    )
  const markerAt = all.findIndex(([id, u]) => u.key === keyMarker && id === idMarker)
  const after = keyMarker === '' ? all : markerAt >= 0 ? all.slice(markerAt + 1) : all.filter(([, u]) => u.key > keyMarker)
  const page = after.slice(0, max)
  const truncated = after.length > max
  const owner = `<ID>${ctx.emu.accountId}</ID><DisplayName>emulator</DisplayName>`
  const uploads = page
    .map(
      ([id, u]) =>
        `<Upload><Key>${xmlEscape(u.key)}</Key><UploadId>${id}</UploadId>` +
        `<Initiator>${owner}</Initiator><Owner>${owner}</Owner><StorageClass>STANDARD</StorageClass>` +
        `<Initiated>${u.initiated.toISOString()}</Initiated></Upload>`
    )
    .join('')
  const last = page.at(-1)
  const next =
    truncated && last ? `<NextKeyMarker>${xmlEscape(last[1].key)}</NextKeyMarker><NextUploadIdMarker>${last[0]}</NextUploadIdMarker>` : ''
  return xmlReply(
    200,
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult xmlns="${NS}"><Bucket>${xmlEscape(bucketName)}</Bucket>` +
      `<KeyMarker>${xmlEscape(keyMarker)}</KeyMarker><UploadIdMarker>${xmlEscape(idMarker)}</UploadIdMarker>${next}` +
      `<Prefix>${xmlEscape(prefix)}</Prefix><MaxUploads>${max}</MaxUploads><IsTruncated>${truncated}</IsTruncated>${uploads}` +
      '</ListMultipartUploadsResult>'
  )
}
