// Lifecycle stage: pruning old versions after a publish, and deleting every version of a
// layer (PR-close cleanup). Version lists are always read to the end, page by page.
import { DeleteLayerVersionCommand, ListLayerVersionsCommand, type LambdaClient, type LayerVersionsListItem } from '@aws-sdk/client-lambda'
import { limiter } from '../limiter.js'

/** Deletes in flight at once; the pace itself is the clients' (aws/middleware.ts). */
const DELETE_CONCURRENCY = 4

/** Every version of the layer, newest first, read page by page; [] for an unknown layer. Throws
 * the SDK error of ListLayerVersions as is. */
export async function listAllVersions(lambda: LambdaClient, layerName: string, signal?: AbortSignal): Promise<LayerVersionsListItem[]> {
  const versions: LayerVersionsListItem[] = []
  let marker: string | undefined
  do {
    const page = await lambda.send(new ListLayerVersionsCommand({ LayerName: layerName, Marker: marker, MaxItems: 50 }), {
      abortSignal: signal
    })
    versions.push(...(page.LayerVersions ?? []))
    marker = page.NextMarker
  } while (marker)
  return versions.sort((a, b) => (b.Version ?? 0) - (a.Version ?? 0))
}

/** What pruning must never delete: the run's own version, and every version newer than the
 * run's baseline (made while the run went on, by a concurrent run that may still be sharing it). */
export interface PruneGuard {
  /** The version this run published. */
  own: number
  /** The newest version number before this run published (publish/ownership.ts). */
  baseline: number
}

/** Which versions to delete so that the newest `keep` remain ([] when keep is 0); never the
 * run's own nor one newer than its baseline. Never throws. */
export function versionsToPrune(versions: LayerVersionsListItem[], keep: number, guard: PruneGuard): LayerVersionsListItem[] {
  if (keep <= 0) return []
  const newestFirst = [...versions].sort((a, b) => (b.Version ?? 0) - (a.Version ?? 0))
  return newestFirst.slice(keep).filter((v) => v.Version !== guard.own && (v.Version ?? 0) <= guard.baseline)
}

/** Deletes all but the newest `keep` versions (none when keep is 0), sparing what `guard` names;
 * stops starting deletes once `signal` aborts. Returns the deleted version ARNs; throws the SDK
 * error of a list or delete call as is. */
export async function pruneVersions(
  lambda: LambdaClient,
  layerName: string,
  keep: number,
  guard: PruneGuard,
  signal?: AbortSignal
): Promise<string[]> {
  if (keep <= 0) return []
  return deleteVersions(lambda, layerName, versionsToPrune(await listAllVersions(lambda, layerName, signal), keep, guard), signal)
}

/** mode: delete. Deletes every version; returns their ARNs ([] when there were none: the cleanup
 * may run twice). Stops starting deletes once `signal` aborts. Throws the SDK error of a list or delete call as is. */
export async function deleteAllVersions(lambda: LambdaClient, layerName: string, signal?: AbortSignal): Promise<string[]> {
  return deleteVersions(lambda, layerName, await listAllVersions(lambda, layerName, signal), signal)
}

async function deleteVersions(
  lambda: LambdaClient,
  layerName: string,
  versions: LayerVersionsListItem[],
  signal?: AbortSignal
): Promise<string[]> {
  const run = limiter(DELETE_CONCURRENCY)
  await Promise.all(
    versions.map((v) =>
      run(() => lambda.send(new DeleteLayerVersionCommand({ LayerName: layerName, VersionNumber: v.Version }), { abortSignal: signal }))
    )
  )
  return versions.map((v) => v.LayerVersionArn ?? `${layerName}:${v.Version}`)
}
