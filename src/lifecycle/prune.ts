// Lifecycle stage: pruning old versions after a publish, and deleting every version of a
// layer (PR-close cleanup). Version lists are always read to the end, page by page.
import { DeleteLayerVersionCommand, ListLayerVersionsCommand, type LambdaClient, type LayerVersionsListItem } from '@aws-sdk/client-lambda'
import { limiter } from '../limiter.js'

/** Deletes at a pace that leaves room in the ~15 requests/s the layer APIs share per region
 * (Lambda developer guide, "Lambda quotas", API request rates). */
const DELETE_CONCURRENCY = 4

/** Every version of the layer, newest first, read page by page; [] for an unknown layer. Throws
 * the SDK error of ListLayerVersions as is. */
export async function listAllVersions(lambda: LambdaClient, layerName: string): Promise<LayerVersionsListItem[]> {
  const versions: LayerVersionsListItem[] = []
  let marker: string | undefined
  do {
    const page = await lambda.send(new ListLayerVersionsCommand({ LayerName: layerName, Marker: marker, MaxItems: 50 }))
    versions.push(...(page.LayerVersions ?? []))
    marker = page.NextMarker
  } while (marker)
  return versions.sort((a, b) => (b.Version ?? 0) - (a.Version ?? 0))
}

/** Which versions to delete so that the newest `keep` remain ([] when keep is 0); never `protect`.
 * Never throws. */
export function versionsToPrune(versions: LayerVersionsListItem[], keep: number, protect: number): LayerVersionsListItem[] {
  if (keep <= 0) return []
  const newestFirst = [...versions].sort((a, b) => (b.Version ?? 0) - (a.Version ?? 0))
  return newestFirst.slice(keep).filter((v) => v.Version !== protect)
}

/** Deletes all but the newest `keep` versions (none when keep is 0), never `protect`. Returns the
 * deleted version ARNs; throws the SDK error of a list or delete call as is. */
export async function pruneVersions(lambda: LambdaClient, layerName: string, keep: number, protect: number): Promise<string[]> {
  if (keep <= 0) return []
  return deleteVersions(lambda, layerName, versionsToPrune(await listAllVersions(lambda, layerName), keep, protect))
}

/** mode: delete. Deletes every version; returns their ARNs ([] when there were none: the cleanup
 * may run twice). Throws the SDK error of a list or delete call as is. */
export async function deleteAllVersions(lambda: LambdaClient, layerName: string): Promise<string[]> {
  return deleteVersions(lambda, layerName, await listAllVersions(lambda, layerName))
}

async function deleteVersions(lambda: LambdaClient, layerName: string, versions: LayerVersionsListItem[]): Promise<string[]> {
  const run = limiter(DELETE_CONCURRENCY)
  await Promise.all(
    versions.map((v) => run(() => lambda.send(new DeleteLayerVersionCommand({ LayerName: layerName, VersionNumber: v.Version }))))
  )
  return versions.map((v) => v.LayerVersionArn ?? `${layerName}:${v.Version}`)
}
