// The fan-out over all regions: each region ends with its own result, and a failure in one does
// not stop or roll back the others. What one region does is in region.ts.
import { LeftBehindError } from '../aws/answers.js'
import type { LayerVersion } from '../aws/layer-version.js'
import { ActionError, describeError, describeFailure, findCause } from '../errors.js'
import type { FunctionUpdate } from '../lifecycle/functions.js'
// Types only: this module is loaded on every run, the AWS SDK only when a region is worked on.
import type { DeleteVersionsError } from '../lifecycle/prune.js'
import type { WrittenParameter } from '../lifecycle/parameter.js'
import type { Previous } from '../publish/previous.js'
import { limiter } from '../limiter.js'
import type { Reconciled } from '../share/reconcile.js'
import type { ShareResult } from '../share/share.js'
import { describeRegionFailure } from './hints.js'

/** Regions worked on at once. Each region has its own request budget, so this only caps sockets. */
export const REGION_CONCURRENCY = 8

/** What one region did. */
export interface RegionSuccess {
  region: string
  ok: true
  version?: LayerVersion
  published: boolean
  /** Why an existing version was reused. */
  reused?: string
  /** The newest version before this run and how the content published compares with it (the
   * job summary's "what changed"); absent in mode: delete. */
  previous?: Previous
  shares: ShareResult[]
  /** A reused version: the grants of principals no longer listed that were removed, and the
   * statements this action did not add. */
  reconciled?: Reconciled
  deleted: string[]
  functions: FunctionUpdate[]
  /** What the log and the job summary should add (a same-content version that appeared meanwhile). */
  notes: string[]
  /** align-versions: filler versions published (and deleted) before the version, in this region. */
  fillers?: number
  /** align-versions: real versions of this run that landed below the others there, deleted
   * (never shared) to publish again higher. */
  withdrawn?: number
  /** ssm-parameter as written in this region. */
  parameter?: WrittenParameter
}

/** Why one region failed, and the version it left live, if any. */
export interface RegionFailure {
  region: string
  ok: false
  error: string
  /** Set when the version was published (or reused) and shared before a later step (SSM,
   * prune, functions) failed, or the run was cancelled: it is live and reported as such. */
  version?: LayerVersion
  /** ssm-parameter as this run left it before the failure (or the cancel). */
  parameter?: WrittenParameter
  /** With `version`: this run published it (false: reused by skip-unchanged). */
  published?: boolean
  /** Versions left live that this run may have made and could not settle (ARNs, or what to look for). */
  leftBehind?: string[]
  /** Versions pruned or deleted (mode: delete) before the failure, by ARN. */
  deleted?: string[]
}

/** How far one region got, kept as it goes, so a cancelled run that cannot wait for the region to
 * end still reports what exists (main.ts). */
export interface RegionProgress {
  /** The newest version number before this run published. */
  baseline?: number
  /** A PublishLayerVersion may be in flight, unsettled. */
  publishing?: boolean
  /** CodeSha256 of the zip being published (the signed zip's, when signing), to find it by. */
  codeSha256?: string
  version?: LayerVersion
  /** The run made `version` (not reused by skip-unchanged). */
  owned?: boolean
  /** Every grant of `version` is in place. */
  shared?: boolean
  /** align-versions: a filler of this run that may be live right now (its ARN, or what to look for). */
  filler?: string
  /** ssm-parameter as this run left it, once known. */
  parameter?: WrittenParameter
  /** What the region undid, for the cancelled run's summary line. */
  undone: string[]
  /** Set when the region got to the end. */
  finished?: RegionSuccess
}

/** How one region ended. */
export type RegionResult = RegionSuccess | RegionFailure

/** A failure after the version went live and was shared: the fan-out still reports the version,
 * and whether this run published it. */
export class AfterPublishError extends ActionError {
  /** ssm-parameter as the region left it before the failure, if it got that far. */
  parameter?: WrittenParameter

  constructor(
    readonly version: LayerVersion,
    cause: unknown,
    readonly published = true
  ) {
    super(`${version.layerVersionArn} is ${published ? 'published' : 'reused'} and shared, then: ${describeFailure(cause)}`, undefined, {
      cause
    })
  }
}

/**
 * Runs `work` in every region, at most REGION_CONCURRENCY at once, telling `ended` each region's
 * result as it ends (its log is printed then: step-log.ts). Returns one result per region, in
 * the order given; never throws: a region's error becomes its RegionFailure.
 */
export async function acrossRegions(
  regions: string[],
  work: (region: string) => Promise<RegionSuccess>,
  ended: (result: RegionResult) => void = () => undefined
): Promise<RegionResult[]> {
  const run = limiter(REGION_CONCURRENCY)
  const causes = new Map<string, unknown>()
  const results = await Promise.all(
    regions.map((region) =>
      run(() => work(region))
        .catch((err: unknown): RegionFailure => {
          causes.set(region, err)
          return {
            region,
            ok: false,
            error: describeError(err),
            ...(err instanceof AfterPublishError ? { version: err.version, published: err.published, parameter: err.parameter } : {}),
            leftBehind: err instanceof LeftBehindError ? err.leftBehind : undefined,
            deleted: (findCause(err, (e) => e.name === 'DeleteVersionsError') as DeleteVersionsError | undefined)?.deleted
          }
        })
        .then((result) => (ended(result), result))
    )
  )
  // Some failures only make sense beside the other regions' results (hints.ts).
  return results.map((r) => (r.ok ? r : { ...r, error: describeRegionFailure(causes.get(r.region), r.region, results) }))
}

/**
 * What a region of a cancelled run that could not wait for it leaves, from its progress: its
 * result if it got to the end; a version published and shared stays (reported as live); one not
 * fully shared, a publish in flight, or a filler not yet deleted, is named as left behind.
 * `codeSha256` names what to look for. Never throws.
 */
export function unfinishedRegion(region: string, p: RegionProgress | undefined, codeSha256: string): RegionResult {
  if (p?.finished) return p.finished
  const ended = unfinishedVersion(region, p, codeSha256)
  if (!p?.filler) return ended
  const error = `${ended.error}; a filler version may be live too`
  return { ...ended, error, leftBehind: [...(ended.leftBehind ?? []), p.filler] }
}

/** What a region that did not finish left of its real version. */
function unfinishedVersion(region: string, p: RegionProgress | undefined, codeSha256: string): RegionFailure {
  const error = 'cancelled before this region finished'
  if (p?.version && p.shared)
    return {
      region,
      ok: false,
      error: `${error}; ${p.version.layerVersionArn} is ${p.owned === false ? 'reused' : 'published'} and shared`,
      version: p.version,
      published: p.owned !== false,
      parameter: p.parameter
    }
  if (p?.version && p.owned) {
    const arn = p.version.layerVersionArn
    return {
      region,
      ok: false,
      error: `${error}: ${arn} is not fully shared and was not deleted in time; delete it by hand`,
      leftBehind: [arn]
    }
  }
  if (p?.publishing) {
    const what = `a version newer than ${p.baseline ?? 0} with CodeSha256 ${p.codeSha256 ?? codeSha256}, if the publish in flight landed`
    return { region, ok: false, error: `${error}: a PublishLayerVersion was in flight`, leftBehind: [what] }
  }
  return { region, ok: false, error }
}
