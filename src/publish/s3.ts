// The S3 route for zips above Lambda's inline limit: a streamed multipart upload to the
// user's bucket, under a key derived from the content so re-runs overwrite instead of pile up.
import { createReadStream } from 'node:fs'
import { setTimeout as delay } from 'node:timers/promises'
import type { S3Client } from '@aws-sdk/client-s3'
import { LeftBehindError } from '../aws/answers.js'
import { ActionError, CancelledError, describeError } from '../errors.js'
import { shortLayerName } from '../inputs/rules.js'

/** The default S3 key: stable for the same content, so re-runs overwrite instead of piling up.
 * Never throws. */
export function defaultS3Key(layerName: string, contentDigest: string): string {
  return `publish-lambda-layer/${shortLayerName(layerName)}/${contentDigest.replace(/^sha256:/, '')}.zip`
}

/** A CreateMultipartUpload still in flight when the run is cancelled gets this long to answer. */
const CREATE_WAIT_MS = 2000

/** Where the zip goes, and the signal that stops the upload. */
export interface S3Target {
  bucket: string
  key: string
  zipPath: string
  signal?: AbortSignal
}

/** What S3 answered for an upload. */
export interface Uploaded {
  /** The object's version id; absent when the bucket is not versioned (S3 API: x-amz-version-id). */
  versionId?: string
}

/**
 * Uploads the zip to s3://bucket/key, streamed in parts (4 at a time). Returns the object's
 * version id, if the bucket keeps versions. When the upload fails or `signal` aborts, aborts the
 * multipart upload itself (lib-storage's own abort would replace the upload's error with the
 * abort's). Throws ActionError, with the upload's own error as cause, when the upload fails;
 * CancelledError, saying that the multipart upload was aborted, when `signal` aborts first;
 * LeftBehindError, naming the open multipart upload, when the abort fails too.
 */
export async function uploadToS3(s3: S3Client, target: S3Target): Promise<Uploaded> {
  const { Upload } = await import('@aws-sdk/lib-storage')
  const { bucket, key, zipPath, signal } = target
  const params = { Bucket: bucket, Key: key, Body: createReadStream(zipPath) }
  const upload = new Upload({ client: s3, params, queueSize: 4, leavePartsOnError: true })
  const stop = () => void upload.abort()
  signal?.addEventListener('abort', stop, { once: true })
  try {
    const done = await upload.done()
    return { versionId: done.VersionId }
  } catch (err) {
    const where = `s3://${bucket}/${key}`
    if (signal?.aborted) {
      const aborted = await abortUpload(s3, target, upload, CREATE_WAIT_MS)
      if (aborted.open) throw openUpload(`Uploading to ${where}: the run was cancelled`, target, aborted, err)
      throw aborted.text
        ? new CancelledError(`Uploading to ${where}`, aborted.text)
        : new CancelledError(`Uploading to ${where} (no multipart upload had been started)`)
    }
    const failed = new ActionError(`Uploading the layer zip to ${where} failed: ${describeError(err)}`, await bucketFix(s3, err), {
      cause: err
    })
    const aborted = await abortUpload(s3, target, upload, 0)
    throw aborted.open ? openUpload(failed.message, target, aborted, err, failed.fix) : failed
  } finally {
    signal?.removeEventListener('abort', stop)
  }
}

/** What became of the multipart upload: `text` says it was aborted; `open` names the one still
 * open (its abort failed) and why. Both empty when none had been started. */
interface Aborted {
  text?: string
  open?: { uploadId: string; why: string }
}

/** The upload (or cancel) failed and its multipart upload stays open: its parts are billed until
 * someone aborts it (or a lifecycle rule for incomplete multipart uploads does). */
function openUpload(what: string, target: S3Target, aborted: Aborted, cause: unknown, fix?: string): LeftBehindError {
  const { uploadId, why } = aborted.open as NonNullable<Aborted['open']>
  const { bucket, key } = target
  const message = `${what}; aborting its multipart upload ${uploadId} failed too (${why})`
  const abortFix = `Abort it by hand (aws s3api abort-multipart-upload --bucket ${bucket} --key ${key} --upload-id ${uploadId}), and give the role s3:AbortMultipartUpload`
  const left = [`the open S3 multipart upload ${uploadId} to s3://${bucket}/${key}`]
  return new LeftBehindError(message, fix ? `${fix}. ${abortFix}` : abortFix, left, { cause })
}

/**
 * Aborts the upload's multipart upload ourselves, waiting up to `waitMs` for its id if it is
 * still being created: lib-storage's abort() rejects done() at once but sends
 * AbortMultipartUpload only after the parts in flight settle, which a cancelled run does not
 * wait for. An upload already gone (404 NoSuchUpload, S3 API reference) counts as aborted.
 * Clean-up: no abort signal. Returns what became of it; never throws.
 */
async function abortUpload(s3: S3Client, target: S3Target, upload: { uploadId?: string }, waitMs: number): Promise<Aborted> {
  for (let waited = 0; !upload.uploadId && waited < waitMs; waited += 100) await delay(100)
  const uploadId = upload.uploadId
  if (!uploadId) return {}
  const aborted = { text: `aborted the multipart upload ${uploadId} to s3://${target.bucket}/${target.key}` }
  try {
    const { AbortMultipartUploadCommand } = await import('@aws-sdk/client-s3')
    await s3.send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: target.key, UploadId: uploadId }))
    return aborted
  } catch (err) {
    if ((err as Error).name === 'NoSuchUpload') return aborted
    return { open: { uploadId, why: describeError(err) } }
  }
}

/** The fix for a write to a region's bucket that S3 refused. S3 answers a request for a bucket in
 * another region with 301 PermanentRedirect and the bucket's region in x-amz-bucket-region
 * (chilts/awssum-amazon-s3#3; the header the SDK's own region-redirect middleware reads).
 * Following it would not help: Lambda reads layer code only from a bucket in its own region.
 * Never throws. */
export async function bucketFix(s3: S3Client, err: unknown): Promise<string> {
  const headers = (err as { $response?: { headers?: Record<string, string> } }).$response?.headers
  const bucketRegion = headers?.['x-amz-bucket-region']
  const region = await s3.config.region()
  if (bucketRegion && bucketRegion !== region) {
    return `The bucket is in ${bucketRegion}, not ${region}, and Lambda reads layer code only from a bucket in the region it publishes to: create a bucket in each region and name them with {region} in s3-bucket (e.g. my-layers-{region})`
  }
  return 'Check that the bucket exists in the publishing region and that the role may s3:PutObject to it'
}
