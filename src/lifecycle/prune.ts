// Lifecycle stage: pruning old versions after a publish, and deleting every version of a
// layer (PR-close cleanup). Version lists are always read to the end, page by page. Every
// delete is settled, and after a failure or a cancel the list is read again (a delete that
// failed with a 5xx or was cut off may still have been applied), so the report says which went.
import { DeleteLayerVersionCommand, ListLayerVersionsCommand, type LambdaClient, type LayerVersionsListItem } from '@aws-sdk/client-lambda'
import { isNotFound } from '../aws/answers.js'
import { ActionError, CancelledError, describeError } from '../errors.js'
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

/** Pruning spares a version created less than this long before the run's own version: another
 * run may have published it just before this run noted its baseline and still be sharing it or
 * moving functions to it (a function update alone may take 5 minutes, lifecycle/functions.ts). */
export const SPARE_RECENT_MS = 15 * 60 * 1000

/** What pruning must never delete: the run's own version, every version newer than the run's
 * baseline (made while the run went on), and every version created less than SPARE_RECENT_MS
 * before the run's own (made just before it, by a run that may still be working on it). */
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
  /** Beyond the newest `keep` but never deleted: the run's own, one newer than its baseline, or
   * a recent one (`recent`). */
  spared: { version: number; why: string; recent?: boolean }[]
}

/** Lambda's CreatedDate ("2018-11-27T15:10:45.123+0000") in milliseconds; undefined when absent
 * or unreadable. */
function createdAt(v: LayerVersionsListItem | undefined): number | undefined {
  const ms = v?.CreatedDate ? Date.parse(v.CreatedDate) : NaN
  return Number.isNaN(ms) ? undefined : ms
}

/** What pruning to the newest `keep` versions does (nothing when keep is 0), sparing what
 * PruneGuard says. Ages are measured against the run's own version's CreatedDate (else the
 * newest one listed): both stamped by Lambda's clock, so the runner's clock plays no part; a
 * version of unknown age is spared. Never throws. */
export function pruneDecision(versions: LayerVersionsListItem[], keep: number, guard: PruneGuard): PruneDecision {
  const newestFirst = [...versions].sort((a, b) => (b.Version ?? 0) - (a.Version ?? 0))
  const beyond = keep > 0 ? newestFirst.slice(keep) : []
  const now = createdAt(newestFirst.find((v) => v.Version === guard.own)) ?? Math.max(...newestFirst.map((v) => createdAt(v) ?? -Infinity))
  const minutes = SPARE_RECENT_MS / 60_000
  const why = (v: LayerVersionsListItem): { why: string; recent?: boolean } | undefined => {
    const n = v.Version ?? 0
    if (n === guard.own) return { why: "this run's own" }
    if (n > guard.baseline) return { why: `newer than this run's baseline ${guard.baseline}: another run's` }
    if (!(now - (createdAt(v) ?? now) >= SPARE_RECENT_MS))
      return { why: `created less than ${minutes} minutes before this run's version, or at an unknown time`, recent: true }
    return undefined
  }
  return {
    kept: newestFirst.slice(0, keep > 0 ? keep : undefined).map((v) => v.Version ?? 0),
    deleted: beyond.filter((v) => why(v) === undefined),
    spared: beyond.flatMap((v) => {
      const reason = why(v)
      return reason ? [{ version: v.Version ?? 0, ...reason }] : []
    })
  }
}

/** The decision in one line for the debug log. Never throws. */
export function describeDecision(listed: number, keep: number, d: PruneDecision): string {
  const spared = d.spared.map((s) => `${s.version} (${s.why})`).join(', ')
  const deleting = d.deleted.map((v) => v.Version).join(', ')
  return `${listed} version(s) listed; keeping the newest ${keep}: ${d.kept.join(', ') || 'none'}; deleting: ${deleting || 'none'}${spared ? `; sparing ${spared}` : ''}`
}

/** What a prune did: the ARNs it deleted, and a note for the log and the job summary when it
 * spared versions as too recent. */
export interface Pruned {
  deleted: string[]
  note?: string
}

/** Deletes all but the newest `keep` versions (none when keep is 0), sparing what `guard` names
 * and what is too recent; stops starting deletes once `signal` aborts; tells `debug` what it
 * chose and why. Returns what it deleted, and a note naming what it spared as recent; throws the
 * SDK error of the list, or DeleteVersionsError (deleteVersions). */
export async function pruneVersions(
  lambda: LambdaClient,
  layerName: string,
  keep: number,
  guard: PruneGuard,
  signal?: AbortSignal,
  debug?: (message: string) => void
): Promise<Pruned> {
  if (keep <= 0) return { deleted: [] }
  const versions = await listAllVersions(lambda, layerName, signal)
  const decision = pruneDecision(versions, keep, guard)
  debug?.(`Prune: ${describeDecision(versions.length, keep, decision)}`)
  const deleted = await deleteVersions(lambda, layerName, decision.deleted, signal)
  const recent = decision.spared.filter((s) => s.recent).map((s) => s.version)
  if (recent.length === 0) return { deleted }
  const note = `keep-versions spared ${versionList(recent)}: created less than ${SPARE_RECENT_MS / 60_000} minutes before this run's version (or at an unknown time), so another run may still be sharing it or moving functions to it; a later run prunes it.`
  return { deleted, note }
}

/** mode: delete. Deletes every version; returns their ARNs ([] when there were none: the cleanup
 * may run twice). Stops starting deletes once `signal` aborts. Throws the SDK error of the list,
 * or DeleteVersionsError (deleteVersions). */
export async function deleteAllVersions(lambda: LambdaClient, layerName: string, signal?: AbortSignal): Promise<string[]> {
  return deleteVersions(lambda, layerName, await listAllVersions(lambda, layerName, signal), signal)
}

/** Some versions could not be deleted (or the run was cancelled first); `deleted` names, by ARN,
 * the ones that are gone, for the outputs and the job summary. */
export class DeleteVersionsError extends ActionError {
  constructor(
    message: string,
    fix: string | undefined,
    readonly deleted: string[],
    cause: unknown
  ) {
    super(message, fix, { cause })
    this.name = 'DeleteVersionsError'
  }
}

/** "version 3" or "versions 1, 2, 4". Never throws. */
export function versionList(numbers: number[]): string {
  return `${numbers.length === 1 ? 'version' : 'versions'} ${numbers.join(', ')}`
}

/**
 * Deletes `versions` of `layerName`, DELETE_CONCURRENCY at once, starting none once `signal`
 * aborts; a 404 counts as already gone (Lambda itself answers 204 for a missing version,
 * lambda-layers.md; some compatible endpoints answer 404). Returns the deleted ARNs, newest
 * first. Throws DeleteVersionsError when any delete failed or was not started: it names each
 * version that is still there (with its error) and carries those that are gone.
 */
export async function deleteVersions(
  lambda: LambdaClient,
  layerName: string,
  versions: LayerVersionsListItem[],
  signal?: AbortSignal
): Promise<string[]> {
  const run = limiter(DELETE_CONCURRENCY)
  const outcomes = await Promise.allSettled(versions.map((v) => run(() => deleteOne(lambda, layerName, v.Version ?? 0, signal))))
  const arnOf = (v: LayerVersionsListItem) => v.LayerVersionArn ?? `${layerName}:${v.Version}`
  const failed = versions.flatMap((v, i) => (outcomes[i].status === 'rejected' ? [{ v, reason: outcomes[i].reason as unknown }] : []))
  if (failed.length === 0) return versions.map(arnOf)
  // The truth for the failed ones: a 5xx or a cut-off delete may have been applied.
  const live = await liveNumbers(lambda, layerName)
  const left = live ? failed.filter(({ v }) => live.has(v.Version ?? 0)) : failed
  const deleted = versions.filter((v) => !left.some((f) => f.v === v)).map(arnOf)
  if (left.length === 0) return deleted
  throw failure(layerName, signal?.aborted === true, left, deleted.length, deleted)
}

async function deleteOne(lambda: LambdaClient, layerName: string, version: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw new CancelledError(`Deleting version ${version}`)
  try {
    await lambda.send(new DeleteLayerVersionCommand({ LayerName: layerName, VersionNumber: version }), { abortSignal: signal })
  } catch (err) {
    if (!isNotFound(err)) throw err
  }
}

/** The numbers of the layer's live versions; undefined when the list cannot be read. Clean-up:
 * no abort signal. Never throws. */
async function liveNumbers(lambda: LambdaClient, layerName: string): Promise<Set<number> | undefined> {
  return listAllVersions(lambda, layerName).then(
    (versions) => new Set(versions.map((v) => v.Version ?? 0)),
    () => undefined
  )
}

function failure(
  layerName: string,
  cancelled: boolean,
  left: { v: LayerVersionsListItem; reason: unknown }[],
  count: number,
  deleted: string[]
): DeleteVersionsError {
  const numbers = left.map(({ v }) => v.Version ?? 0)
  const gone = count > 0 ? `${versionList(deleted.map((arn) => Number(arn.slice(arn.lastIndexOf(':') + 1))))} deleted` : 'none deleted'
  if (cancelled) {
    const message = `Deleting versions of ${layerName} stopped: the run was cancelled; ${gone}, ${versionList(numbers)} not`
    return new DeleteVersionsError(message, undefined, deleted, left[0].reason)
  }
  const why = left.map(({ v, reason }) => `version ${v.Version}: ${describeError(reason)}`).join('; ')
  return new DeleteVersionsError(
    `Deleting ${versionList(numbers)} of ${layerName} failed (${why}); ${gone}`,
    'Re-run to delete the versions left; if it keeps failing, check that the role may call lambda:DeleteLayerVersion',
    deleted,
    left[0].reason
  )
}
