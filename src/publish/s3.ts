// The S3 route for zips above Lambda's inline limit: a streamed multipart upload to the
// user's bucket, under a key derived from the content so re-runs overwrite instead of pile up.
import { createReadStream } from 'node:fs'
import type { S3Client } from '@aws-sdk/client-s3'
import { ActionError } from '../errors.js'
import { shortLayerName } from '../inputs/rules.js'

/** The default S3 key: stable for the same content, so re-runs overwrite instead of piling up.
 * Never throws. */
export function defaultS3Key(layerName: string, contentDigest: string): string {
  return `publish-lambda-layer/${shortLayerName(layerName)}/${contentDigest.replace(/^sha256:/, '')}.zip`
}

/** Uploads the zip at `zipPath` to s3://bucket/key, streamed in parts (4 at a time). Throws
 * ActionError, with the SDK error as cause, when the upload fails. */
export async function uploadToS3(s3: S3Client, bucket: string, key: string, zipPath: string): Promise<void> {
  const { Upload } = await import('@aws-sdk/lib-storage')
  try {
    await new Upload({
      client: s3,
      params: { Bucket: bucket, Key: key, Body: createReadStream(zipPath) },
      queueSize: 4
    }).done()
  } catch (err) {
    throw new ActionError(
      `Uploading the layer zip to s3://${bucket}/${key} failed: ${(err as Error).message}`,
      'Check that the bucket exists in the publishing region and that the role may s3:PutObject to it',
      { cause: err }
    )
  }
}
