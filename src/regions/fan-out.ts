// The fan-out over all regions: each region ends with its own result, and a failure in one does
// not stop or roll back the others. What one region does is in region.ts.
import type { LayerVersion } from '../aws/layer-version.js'
import { ActionError, describeError } from '../errors.js'
import type { FunctionUpdate } from '../lifecycle/functions.js'
import type { Previous } from '../publish/previous.js'
import { limiter } from '../limiter.js'
import type { ShareResult } from '../share/share.js'
import { describeRegionFailure } from './hints.js'

/** Regions worked on at once. Each region has its own request budget, so this only caps sockets. */
const REGION_CONCURRENCY = 8

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
  deleted: string[]
  functions: FunctionUpdate[]
}

/** Why one region failed, and the version it left live, if any. */
export interface RegionFailure {
  region: string
  ok: false
  error: string
  /** Set when the version was published and shared before a later step (prune, functions) failed. */
  version?: LayerVersion
}

/** How one region ended. */
export type RegionResult = RegionSuccess | RegionFailure

/** A failure after the version went live: the fan-out still reports the version. */
export class AfterPublishError extends ActionError {
  constructor(
    readonly version: LayerVersion,
    cause: unknown
  ) {
    super(`${version.layerVersionArn} is published and shared, then: ${describeError(cause)}`, undefined, { cause })
  }
}

/**
 * Runs `work` in every region, at most REGION_CONCURRENCY at once. Returns one result per
 * region, in the order given; never throws: a region's error becomes its RegionFailure.
 */
export async function acrossRegions(regions: string[], work: (region: string) => Promise<RegionSuccess>): Promise<RegionResult[]> {
  const run = limiter(REGION_CONCURRENCY)
  const causes = new Map<string, unknown>()
  const results = await Promise.all(
    regions.map((region) =>
      run(() => work(region)).catch((err: unknown): RegionFailure => {
        causes.set(region, err)
        return {
          region,
          ok: false,
          error: describeError(err),
          version: err instanceof AfterPublishError ? err.version : undefined
        }
      })
    )
  )
  // Some failures only make sense beside the other regions' results (hints.ts).
  return results.map((r) => (r.ok ? r : { ...r, error: describeRegionFailure(causes.get(r.region), r.region, results) }))
}
