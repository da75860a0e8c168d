// Publish stage: one PublishLayerVersion, with the zip inline or through an S3 bucket.
import { readFile } from 'node:fs/promises'
import {
  PublishLayerVersionCommand,
  type LambdaClient,
  type LayerVersionContentInput,
  type Architecture,
  type Runtime
} from '@aws-sdk/client-lambda'
import type { S3Client } from '@aws-sdk/client-s3'
import type { BuiltArchive } from '../archive/write.js'
import { throwIfCancelled } from '../errors.js'
import { sameContentSince } from './ownership.js'
import { publishWithRetry, type PublishRetry } from './retry.js'
import type { Settings } from '../settings.js'
import { toLayerVersion, type LayerVersion } from '../aws/layer-version.js'
import { defaultS3Key, uploadToS3 } from './s3.js'

/** What publishing reads of the archive: the zip itself, and what names and finds it. */
export type ArchiveFacts = Pick<BuiltArchive, 'path' | 'size' | 'sha256' | 'contentDigest'>

/** The settings publishing reads. */
export type PublishSettings = Pick<
  Settings,
  'layerName' | 'description' | 'licenseInfo' | 'compatibleRuntimes' | 'compatibleArchitectures' | 's3Bucket' | 's3Key'
>

/** The clients publishing talks through. */
export interface PublishDeps {
  lambda: LambdaClient
  /** Needed only when settings.s3Bucket is set. */
  s3?: () => Promise<S3Client>
  /** Retrying a publish that may have landed is ours to do, not the SDK's (see retry.ts). */
  retry?: PublishRetry
  /** Aborts when the run is cancelled: the S3 upload stops and its multipart upload is aborted. */
  signal?: AbortSignal
  /** Content already in place (a signed zip in this region's bucket): published as is, with no
   * upload; `archive` then describes that zip. */
  content?: LayerVersionContentInput
}

/**
 * Publishes one layer version: the zip inline (main.ts has checked it is at most 50 MiB), or
 * uploaded to s3-bucket first. Returns the new version. Throws ActionError when the S3 upload
 * fails or the answer lacks the version, CancelledError when the run is cancelled, and what
 * publishWithRetry throws when `deps.retry` is given (else the SDK error as is).
 */
export async function publishVersion(settings: PublishSettings, archive: ArchiveFacts, deps: PublishDeps): Promise<LayerVersion> {
  const content = await contentFor(settings, archive, deps)
  throwIfCancelled(deps.signal, 'Publishing')
  const command = new PublishLayerVersionCommand({
    LayerName: settings.layerName,
    Content: content,
    Description: settings.description || undefined,
    LicenseInfo: settings.licenseInfo || undefined,
    // Validated against the service model's list, which can be newer than the SDK's enum.
    CompatibleRuntimes: listOrUndefined(settings.compatibleRuntimes) as Runtime[] | undefined,
    CompatibleArchitectures: listOrUndefined(settings.compatibleArchitectures) as Architecture[] | undefined
  })
  const retry = deps.retry
  if (!retry) return toLayerVersion(await deps.lambda.send(command), 'PublishLayerVersion')
  return publishWithRetry(
    async () => toLayerVersion(await retry.once.send(command, { abortSignal: retry.signal }), 'PublishLayerVersion'),
    () => sameContentSince(deps.lambda, settings.layerName, archive.sha256, retry.baseline),
    { ...retry, codeSha256: archive.sha256 }
  )
}

async function contentFor(settings: PublishSettings, archive: ArchiveFacts, deps: PublishDeps): Promise<LayerVersionContentInput> {
  if (deps.content) return deps.content
  if (!settings.s3Bucket) return { ZipFile: await readFile(archive.path) }
  if (!deps.s3) throw new Error('publishVersion: s3-bucket is set but no S3 client was given')
  const key = settings.s3Key || defaultS3Key(settings.layerName, archive.contentDigest)
  await uploadToS3(await deps.s3(), { bucket: settings.s3Bucket, key, zipPath: archive.path, signal: deps.signal })
  return { S3Bucket: settings.s3Bucket, S3Key: key }
}

function listOrUndefined(values: string[]): string[] | undefined {
  return values.length > 0 ? values : undefined
}
