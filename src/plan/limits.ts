// Lambda's size limits for a layer (spec "Limits"), checked before anything is uploaded: the
// unzipped limit covers a function and all its layers together, so a layer above it alone can
// never be attached; a zip above the inline limit can only go through S3.
import { ActionError } from '../errors.js'

export const UNZIPPED_LIMIT_BYTES = 262_144_000

/** Throws when `bytes` is over the limit; `what` names the layer content for the message. */
export function checkUnzippedSize(bytes: number, what: string): void {
  if (bytes <= UNZIPPED_LIMIT_BYTES) return
  const n = (v: number): string => v.toLocaleString('en-US')
  throw new ActionError(
    `${what} ${n(bytes)} bytes unzipped, over Lambda's ${n(UNZIPPED_LIMIT_BYTES)}-byte limit for a function and all its layers together: this layer could never be attached to a function`,
    'Leave out what the function does not need (exclude tests, docs, caches) or ship the dependencies in a container image'
  )
}

/** Largest zip Lambda accepts inline in the request body (50 MB). */
export const MAX_INLINE_ZIP_BYTES = 52_428_800

/** Checked before any upload: an inline zip above the limit can only fail. */
export function checkUploadRoute(size: number, s3Bucket: string | undefined): void {
  if (size > MAX_INLINE_ZIP_BYTES && !s3Bucket) {
    throw new ActionError(
      `The layer zip is ${size} bytes, above Lambda's ${MAX_INLINE_ZIP_BYTES}-byte limit for direct upload`,
      'Set the s3-bucket input to upload it through an S3 bucket in the same region'
    )
  }
}
