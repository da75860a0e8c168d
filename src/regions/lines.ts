// What a region's log says about each stage, as text: pure, so each line is tested apart.
import type { LayerVersionContentInput } from '@aws-sdk/client-lambda'
import type { LayerVersion } from '../aws/layer-version.js'
import { bucketIn } from '../inputs/checks.js'
import type { FunctionUpdate } from '../lifecycle/functions.js'
import type { ArchiveFacts, PublishSettings } from '../publish/publish.js'
import { defaultS3Key } from '../publish/s3.js'
import type { Settings } from '../settings.js'
import type { Reconciled } from '../share/reconcile.js'
import type { ShareResult } from '../share/share.js'

/** The number in a layer version ARN ("...:layer:my-deps:3" -> "3"). Never throws. */
function versionNumber(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1)
}

/** The publish stage's progress line: what the region is about to do. Never throws. */
export function publishDoing(
  settings: Pick<Settings, 'skipUnchanged' | 's3Bucket' | 'signing'>,
  archive: Pick<ArchiveFacts, 'size'>,
  region: string
): string {
  if (settings.skipUnchanged) return 'comparing with the newest version (skip-unchanged)'
  if (settings.signing) return `publishing the zip (${archive.size} bytes), signed by AWS Signer`
  if (settings.s3Bucket) return `publishing the zip (${archive.size} bytes) through s3://${bucketIn(settings.s3Bucket, region)}`
  return `publishing the zip (${archive.size} bytes, inline)`
}

/** How the zip reaches Lambda: in the request (at most 50 MiB, checked before any AWS call),
 * through the region's bucket under the key that names it, or, signed, from where signing put it
 * (`signed`, regions/signing.ts). Never throws. */
export function uploadRoute(
  settings: Pick<PublishSettings, 's3Bucket' | 's3Key' | 'layerName'>,
  archive: Pick<ArchiveFacts, 'size' | 'contentDigest'>,
  signed?: LayerVersionContentInput
): string {
  if (signed?.S3Bucket) {
    const version = signed.S3ObjectVersion ? ` (version ${signed.S3ObjectVersion})` : ''
    return `the signed zip (${archive.size} bytes), published from s3://${signed.S3Bucket}/${signed.S3Key ?? ''}${version}`
  }
  if (!settings.s3Bucket) return `inline in PublishLayerVersion (${archive.size} bytes)`
  const key = settings.s3Key || defaultS3Key(settings.layerName, archive.contentDigest)
  return `uploaded to s3://${settings.s3Bucket}/${key} (${archive.size} bytes), then published from there`
}

/** "Shared version 3 with 111122223333 (added), organization o-a1b2c3d4e5 (already there)"; a
 * grant a retried request found in place (its first answer lost) is "in place". */
export function describeShares(version: Pick<LayerVersion, 'version'>, shares: ShareResult[]): string {
  const each = shares.map((s) => `${s.label} (${s.added === undefined ? 'in place' : s.added ? 'added' : 'already there'})`)
  return `Shared version ${version.version} with ${each.join(', ')}`
}

/** What reconciling a reused version's grants did (share/reconcile.ts), a line per statement:
 * "Removed the grant to * (everyone) (statement ...) from version 1: no longer in principals",
 * and each statement this action did not add, left as it is. Never throws. */
export function describeReconciled(version: Pick<LayerVersion, 'version'>, reconciled: Reconciled | undefined): string[] {
  if (!reconciled) return []
  const v = version.version
  return [
    ...reconciled.revoked.map(
      (r) => `Removed the grant to ${r.label} (statement ${r.statementId}) from version ${v}: no longer in principals`
    ),
    ...reconciled.others.map(
      (o) => `Version ${v} is also shared with ${o.label} by statement ${o.statementId}, which this action did not add; left as it is`
    )
  ]
}

/** "Deleted 2 old version(s) (keep-versions 5): 1, 2", or that there was none to delete. */
export function describePrune(deleted: string[], keep: number): string {
  if (deleted.length === 0) return `No old version to delete (keep-versions ${keep})`
  return `Deleted ${deleted.length} old version(s) (keep-versions ${keep}): ${deleted.map(versionNumber).join(', ')}`
}

/** mode: delete: "Deleted 3 version(s) of my-deps: 1, 2, 3", or that there was none. */
export function describeDeleted(layerName: string, deleted: string[]): string {
  if (deleted.length === 0) return `No version of ${layerName} to delete`
  return `Deleted ${deleted.length} version(s) of ${layerName}: ${deleted.map(versionNumber).join(', ')}`
}

/** One line per function: "my-fn: now uses version 3 (was arn:...:2)", or that it already did. */
export function describeFunctions(version: Pick<LayerVersion, 'version'>, functions: FunctionUpdate[]): string[] {
  return functions.map((f) => {
    if (!f.changed) return `${f.target}: already uses version ${version.version}`
    return `${f.target}: now uses version ${version.version} (${f.previous ? `was ${f.previous}` : 'added to its layers'})`
  })
}
