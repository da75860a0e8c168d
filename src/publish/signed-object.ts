// The signed zip a signing job wrote: read once to learn its CodeSha256 and pin its version, then
// published from where it is (the signing region) or from a copy in each other region's bucket:
// a signature is valid in every region, and Lambda reads layer code only from a bucket in its own
// region. S3 copies across regions with a client in the destination's region (CopyObject docs).
import { createHash } from 'node:crypto'
import type { LayerVersionContentInput } from '@aws-sdk/client-lambda'
import type { S3Client } from '@aws-sdk/client-s3'
import { ActionError, CancelledError, describeError } from '../errors.js'
import { bucketFix } from './s3.js'

/** A signed zip in S3, and what Lambda will compute of it. */
export interface SignedObject {
  bucket: string
  key: string
  /** The object's version id, when its bucket keeps versions: publishing names it, so Lambda reads exactly these bytes. */
  versionId?: string
  /** Base64 SHA-256 of its bytes: the version's CodeSha256. */
  sha256: string
  /** Bytes. */
  size: number
}

const where = (o: Pick<SignedObject, 'bucket' | 'key'>): string => `s3://${o.bucket}/${o.key}`

/**
 * GetObject of the signed zip's current version, hashed as it streams (nothing is kept on disk).
 * Returns it with its version id. Throws ActionError when it cannot be read; CancelledError when
 * `signal` aborts.
 */
export async function readSignedObject(s3: S3Client, bucket: string, key: string, signal?: AbortSignal): Promise<SignedObject> {
  const { GetObjectCommand } = await import('@aws-sdk/client-s3')
  try {
    const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal })
    const hash = createHash('sha256')
    let size = 0
    for await (const chunk of answer.Body as AsyncIterable<Uint8Array>) {
      hash.update(chunk)
      size += chunk.length
    }
    return { bucket, key, versionId: answer.VersionId, sha256: hash.digest('base64'), size }
  } catch (err) {
    if (signal?.aborted) throw new CancelledError(`Reading the signed zip ${where({ bucket, key })}`)
    throw new ActionError(
      `Reading the signed zip ${where({ bucket, key })} failed: ${describeError(err)}`,
      'The role needs s3:GetObject and s3:GetObjectVersion on the signed prefix',
      { cause: err }
    )
  }
}

/** `bucket/key?versionId=...`, URL-encoded, as CopyObject's x-amz-copy-source wants it. Never throws. */
export function copySource(o: Pick<SignedObject, 'bucket' | 'key' | 'versionId'>): string {
  const path = `${o.bucket}/${o.key}`.split('/').map(encodeURIComponent).join('/')
  return o.versionId ? `${path}?versionId=${encodeURIComponent(o.versionId)}` : path
}

/**
 * Copies the signed zip (the version read) to the same key in `bucket`, through `s3`, a client in
 * that bucket's region. Returns the copy (its own version id, if that bucket keeps versions; the
 * same bytes). Throws ActionError when S3 refuses, naming the bucket's region when it is elsewhere;
 * CancelledError when `signal` aborts (a copy may have landed: an object in the user's bucket).
 */
export async function copySignedObject(s3: S3Client, from: SignedObject, bucket: string, signal?: AbortSignal): Promise<SignedObject> {
  const { CopyObjectCommand } = await import('@aws-sdk/client-s3')
  const to = { ...from, bucket }
  try {
    const answer = await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: from.key, CopySource: copySource(from) }), {
      abortSignal: signal
    })
    return { ...to, versionId: answer.VersionId }
  } catch (err) {
    if (signal?.aborted) throw new CancelledError(`Copying the signed zip to ${where(to)}`)
    throw new ActionError(`Copying the signed zip ${where(from)} to ${where(to)} failed: ${describeError(err)}`, await bucketFix(s3, err), {
      cause: err
    })
  }
}

/** The Content of a PublishLayerVersion from `object`, pinned to its version when it has one. Never throws. */
export function s3Content(object: SignedObject): LayerVersionContentInput {
  return { S3Bucket: object.bucket, S3Key: object.key, ...(object.versionId && { S3ObjectVersion: object.versionId }) }
}
