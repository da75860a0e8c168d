// The S3 route for zips above Lambda's inline limit: a streamed multipart upload to the
// user's bucket, under a key derived from the content so re-runs overwrite instead of pile up.
import { createReadStream } from 'node:fs'
import type { S3Client } from '@aws-sdk/client-s3'
import { ActionError, describeError } from '../errors.js'
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
    throw new ActionError(`Uploading the layer zip to s3://${bucket}/${key} failed: ${describeError(err)}`, await uploadFix(s3, err), {
      cause: err
    })
  }
}

/** S3 answers a request for a bucket in another region with 301 PermanentRedirect and the
 * bucket's region in x-amz-bucket-region (chilts/awssum-amazon-s3#3; the header the SDK's own
 * region-redirect middleware reads). Following it would not help: Lambda reads layer code only
 * from a bucket in its own region. */
async function uploadFix(s3: S3Client, err: unknown): Promise<string> {
  const headers = (err as { $response?: { headers?: Record<string, string> } }).$response?.headers
  const bucketRegion = headers?.['x-amz-bucket-region']
  const region = await s3.config.region()
  if (bucketRegion && bucketRegion !== region) {
    return `The bucket is in ${bucketRegion}, not ${region}, and Lambda reads layer code only from a bucket in the region it publishes to: create a bucket in each region and name them with {region} in s3-bucket (e.g. my-layers-{region})`
  }
  return 'Check that the bucket exists in the publishing region and that the role may s3:PutObject to it'
}
