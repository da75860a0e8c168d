// Which way the zip goes to Lambda, and under which names: pure, so a dry run can check the
// route without loading the AWS SDK.
import { ActionError } from './errors.js'

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

/** Layer name part of a name-or-ARN, for S3 keys and statement ids. */
export function shortLayerName(layerName: string): string {
  const match = /:layer:([^:]+)$/.exec(layerName)
  return match ? match[1] : layerName
}

/** Default key: stable for the same content, so re-runs overwrite instead of piling up. */
export function defaultS3Key(layerName: string, contentDigest: string): string {
  return `publish-lambda-layer/${shortLayerName(layerName)}/${contentDigest.replace(/^sha256:/, '')}.zip`
}
