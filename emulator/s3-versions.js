// @ts-check
// S3 bucket versioning (PutBucketVersioning / GetBucketVersioning), version ids on writes, reads
// and deletes by versionId, and delete markers. `bucket.objects` stays the current version of
// each key, so code that only reads current objects (Lambda's S3 fetch, tests) needs no change.
// Behaviour from the S3 API model (botocore s3/2006-03-01 PutBucketVersioning, GetObject,
// CopyObject docs) and the S3 error code list (NoSuchVersion 404, MethodNotAllowed 405).
import { randomBytes } from 'node:crypto'
import { ApiError } from './errors.js'
import { emptyReply, xmlReply } from './http-util.js'

/** @typedef {import('./state.js').Bucket} Bucket */
/** @typedef {import('./state.js').S3Object} S3Object */
/** @typedef {import('./state.js').S3Version} S3Version */

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/'

/** Version ids are opaque to clients; ours are 32 URL-safe characters. */
const newVersionId = () => randomBytes(24).toString('base64url')

/**
 * Enabled or Suspended. The first time, objects already in the bucket become the "null" version,
 * as S3 documents for objects stored before versioning was enabled.
 * @param {Bucket} bucket
 * @param {'Enabled' | 'Suspended'} status
 */
export function setVersioning(bucket, status) {
  if (!bucket.versioning) {
    for (const [key, object] of bucket.objects) {
      object.versionId = 'null'
      bucket.versions.set(key, [object])
    }
  }
  bucket.versioning = status
}

/** @param {Bucket} bucket @param {string} key @param {S3Version} version */
function pushVersion(bucket, key, version) {
  // A suspended bucket writes the "null" version, replacing the previous "null" version.
  const history = (bucket.versions.get(key) ?? []).filter((v) => version.versionId !== 'null' || v.versionId !== 'null')
  history.push(version)
  bucket.versions.set(key, history)
}

/**
 * Store `object` as the current version of `key`.
 * @param {Bucket} bucket
 * @param {string} key
 * @param {S3Object} object
 * @returns {string | undefined} the x-amz-version-id S3 answers: a new id when Enabled, 'null'
 *   when Suspended, none for a bucket that never had a versioning state
 */
export function storeObject(bucket, key, object) {
  if (!bucket.versioning) {
    bucket.objects.set(key, object)
    return undefined
  }
  const stored = { ...object, versionId: bucket.versioning === 'Enabled' ? newVersionId() : 'null' }
  pushVersion(bucket, key, stored)
  bucket.objects.set(key, stored)
  return stored.versionId
}

/** @param {Bucket} bucket @param {string} key @returns {S3Version[]} */
function versionsOf(bucket, key) {
  if (bucket.versioning) return bucket.versions.get(key) ?? []
  // In a bucket that never had versioning, each object is the "null" version.
  const current = bucket.objects.get(key)
  return current ? [current] : []
}

/**
 * The object a GET/HEAD (or a copy or a Lambda fetch) reads: the current version, or `versionId`.
 * @param {Bucket} bucket
 * @param {string} key
 * @param {string | undefined} versionId
 * @returns {S3Object}
 * @throws {ApiError} NoSuchKey 404 (with x-amz-delete-marker when the current version is a delete
 *   marker), NoSuchVersion 404, MethodNotAllowed 405 for a delete marker's version id
 */
export function findObject(bucket, key, versionId) {
  if (versionId === undefined) {
    const current = bucket.objects.get(key)
    if (current) return current
    const newest = versionsOf(bucket, key).at(-1)
    const headers = newest?.deleteMarker ? { 'x-amz-delete-marker': 'true', 'x-amz-version-id': newest.versionId } : undefined
    throw new ApiError('NoSuchKey', 404, 'The specified key does not exist.', { fields: { Key: key }, headers })
  }
  const version = versionsOf(bucket, key).find((v) => (v.versionId ?? 'null') === versionId)
  if (!version) {
    throw new ApiError('NoSuchVersion', 404, 'The specified version does not exist.', { fields: { Key: key, VersionId: versionId } })
  }
  if (version.deleteMarker) {
    throw new ApiError('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.', {
      fields: { Method: 'GET', ResourceType: 'DeleteMarker' },
      headers: { 'x-amz-delete-marker': 'true', 'x-amz-version-id': versionId }
    })
  }
  return version
}

/**
 * DeleteObject: without a version id a versioned bucket gets a delete marker; with one, that
 * version goes for good and the newest remaining version becomes current again.
 * @param {Bucket} bucket
 * @param {string} key
 * @param {string | undefined} versionId
 * @returns {Record<string, string>} response headers
 */
export function deleteObject(bucket, key, versionId) {
  if (!bucket.versioning) {
    bucket.objects.delete(key)
    return {}
  }
  if (versionId === undefined) {
    const id = bucket.versioning === 'Enabled' ? newVersionId() : 'null'
    pushVersion(bucket, key, { deleteMarker: true, versionId: id, lastModified: new Date() })
    bucket.objects.delete(key)
    return { 'x-amz-delete-marker': 'true', 'x-amz-version-id': id }
  }
  const history = bucket.versions.get(key) ?? []
  const gone = history.find((v) => v.versionId === versionId)
  const rest = history.filter((v) => v !== gone)
  if (rest.length > 0) bucket.versions.set(key, rest)
  else bucket.versions.delete(key)
  const newest = rest.at(-1)
  if (newest && !newest.deleteMarker) bucket.objects.set(key, newest)
  else bucket.objects.delete(key)
  /** @type {Record<string, string>} */
  const headers = { 'x-amz-version-id': versionId }
  if (gone?.deleteMarker) headers['x-amz-delete-marker'] = 'true'
  return headers
}

/**
 * x-amz-version-id for an object that has a version id.
 * @param {S3Object} object
 * @returns {Record<string, string>}
 */
export function versionHeader(object) {
  return object.versionId === undefined ? {} : { 'x-amz-version-id': object.versionId }
}

/**
 * PUT /{bucket}?versioning with <VersioningConfiguration><Status>Enabled|Suspended</Status>.
 * @param {Bucket} bucket
 * @param {Buffer} body
 */
export function putBucketVersioning(bucket, body) {
  const status = /<Status>\s*([^<\s]*)\s*<\/Status>/.exec(body.toString('utf8'))?.[1]
  if (status !== 'Enabled' && status !== 'Suspended') {
    throw new ApiError('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema')
  }
  setVersioning(bucket, status)
  return emptyReply(200)
}

/** GET /{bucket}?versioning: no Status until versioning was ever set, as the model documents. @param {Bucket} bucket */
export function getBucketVersioning(bucket) {
  const status = bucket.versioning ? `<Status>${bucket.versioning}</Status>` : ''
  return xmlReply(200, `<?xml version="1.0" encoding="UTF-8"?>\n<VersioningConfiguration xmlns="${NS}">${status}</VersioningConfiguration>`)
}
