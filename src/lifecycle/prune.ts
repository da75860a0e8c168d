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

/** Which versions pruning keeps, deletes and spares (and why), each newest first. */
export interface PruneDecision {
  kept: number[]
  deleted: LayerVersionsListItem[]
  /** Beyond the newest `keep` but never deleted: the run's own, or newer than its baseline. */
  spared: { version: number; why: string }[]
}

/** What pruning to the newest `keep` versions does (nothing when keep is 0): the run's own
 * version and any newer than its baseline are spared. Never throws. */
export function pruneDecision(versions: LayerVersionsListItem[], keep: number, guard: PruneGuard): PruneDecision {
  const newestFirst = [...versions].sort((a, b) => (b.Version ?? 0) - (a.Version ?? 0))
  const beyond = keep > 0 ? newestFirst.slice(keep) : []
  const why = (n: number): string | undefined =>
    n === guard.own ? "this run's own" : n > guard.baseline ? `newer than this run's baseline ${guard.baseline}: another run's` : undefined
  return {
    kept: newestFirst.slice(0, keep > 0 ? keep : undefined).map((v) => v.Version ?? 0),
    deleted: beyond.filter((v) => why(v.Version ?? 0) === undefined),
    spared: beyond.flatMap((v) => {
      const reason = why(v.Version ?? 0)
      return reason ? [{ version: v.Version ?? 0, why: reason }] : []
    })
  }
}

/** Which versions to delete so that the newest `keep` remain ([] when keep is 0); never the
 * run's own nor one newer than its baseline. Never throws. */
export function versionsToPrune(versions: LayerVersionsListItem[], keep: number, guard: PruneGuard): LayerVersionsListItem[] {
  return pruneDecision(versions, keep, guard).deleted
}

/** The decision in one line for the debug log. Never throws. */
export function describeDecision(listed: number, keep: number, d: PruneDecision): string {
  const spared = d.spared.map((s) => `${s.version} (${s.why})`).join(', ')
  const deleting = d.deleted.map((v) => v.Version).join(', ')
  return `${listed} version(s) listed; keeping the newest ${keep}: ${d.kept.join(', ') || 'none'}; deleting: ${deleting || 'none'}${spared ? `; sparing ${spared}` : ''}`
}

/** Deletes all but the newest `keep` versions (none when keep is 0), sparing what `guard` names;
 * stops starting deletes once `signal` aborts; tells `debug` what it chose and why. Returns the
 * deleted version ARNs; throws the SDK error of a list or delete call as is. */
export async function pruneVersions(
  lambda: LambdaClient,
  layerName: string,
  keep: number,
  guard: PruneGuard,
  signal?: AbortSignal,
  debug?: (message: string) => void
): Promise<string[]> {
  if (keep <= 0) return []
  const versions = await listAllVersions(lambda, layerName, signal)
  const decision = pruneDecision(versions, keep, guard)
  debug?.(`Prune: ${describeDecision(versions.length, keep, decision)}`)
  return deleteVersions(lambda, layerName, decision.deleted, signal)
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
