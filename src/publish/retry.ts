// PublishLayerVersion is not idempotent: a retry after a lost answer can mint a second version.
// So its retries are ours, and after every failure that may have been applied (the last one
// too, and a cancelled call) the run looks for the version it made before doing anything else.
import { setTimeout as delay } from 'node:timers/promises'
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry'
import type { LambdaClient } from '@aws-sdk/client-lambda'
import { isUnreadableSuccess, LeftBehindError } from '../aws/answers.js'
import type { LayerVersion } from '../aws/layer-version.js'
import { CancelledError, describeError } from '../errors.js'

/** How PublishLayerVersion is retried: our own attempts, with the client that does not retry. */
export interface PublishRetry {
  /** A client with SDK retries off, for the publish call itself. */
  once: LambdaClient
  maxAttempts: number
  /** The newest version number before the first attempt: only a newer one can be this run's. */
  baseline: number
  /** Aborts when the run is cancelled: no new attempt starts, the one in flight is cut off. */
  signal?: AbortSignal
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  log?: (message: string) => void
  /** Milliseconds to keep looking for a publish that a cancel cut off in flight (default 0: one
   * lookup): Lambda may still apply a request whose body it had received (the caller's share of
   * the cancel budget). */
  lateLandingMs?: number
  /** The CodeSha256 (base64) the lookup looks for, to name what may be left behind. */
  codeSha256?: string
}

/** How a failed attempt ended: throttled (refused, nothing applied), applied (2xx, body
 * unreadable), maybe applied (5xx, network error, timeout, cut off by a cancel) or final
 * (refused for good). */
export type FailureKind = 'throttled' | 'applied' | 'maybe-applied' | 'final'

const MAX_BACKOFF_MS = 20_000
/** A 2xx publish whose version the list does not show yet is looked up once more after this. */
const APPLIED_RECHECK_MS = 1000
/** While waiting for a late landing after a cancel, the lookup runs this often. */
const LATE_LANDING_POLL_MS = 500

/** An error as the SDK's classification reads it. */
type SdkErrorLike = Parameters<typeof isTransientError>[0]

/** How a failed attempt ended, by the SDK's own error classification (@smithy/core/retry:
 * isThrottlingError, isTransientError, isServerError), so throttling is throttling whether Lambda
 * says 429 TooManyRequestsException or 400 ThrottlingException (Lambda API reference, Common
 * Errors). `cutOff`: the call was aborted by a cancel while in flight. Never throws. */
export function classifyFailure(err: unknown, cutOff = false): FailureKind {
  if (isUnreadableSuccess(err)) return 'applied'
  if (cutOff) return 'maybe-applied'
  if (typeof err !== 'object' || err === null) return 'final'
  const e = err as SdkErrorLike
  if (isThrottlingError(e)) return 'throttled'
  if (isTransientError(e) || isServerError(e)) return 'maybe-applied'
  return 'final'
}

/** Milliseconds to wait before attempt `attempt` + 1: Retry-After when the service gave one, else
 * exponential from 500 ms; at most MAX_BACKOFF_MS. Never throws. */
export function backoffMs(attempt: number, err: unknown): number {
  const retryAfter = Number((err as { retryAfterSeconds?: string } | undefined)?.retryAfterSeconds)
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter * 1000, MAX_BACKOFF_MS)
  return Math.min(500 * 2 ** (attempt - 1), MAX_BACKOFF_MS)
}

/** The publish was cut off by a cancel; `version` is what it made, if the lookup found it. */
export class PublishCancelledError extends CancelledError {
  constructor(readonly version?: LayerVersion) {
    super(version ? `Publishing (version ${version.version} had been created)` : 'Publishing')
  }
}

/** Finds the version lost attempts made: none, or exactly one. Several candidates mean another
 * run published the same content meanwhile, and nothing tells ours apart: name them all. */
type Lookup = () => Promise<LayerVersion[]>

/**
 * Calls `send` until it succeeds or retry.maxAttempts are spent. After every failure that may have
 * been applied, asks `landed` for the versions newer than the baseline with this CodeSha256 and
 * adopts the one it finds instead of publishing again. Returns the version. Throws the last
 * SDK error as is when nothing was applied; LeftBehindError when a version may exist that cannot
 * be settled; PublishCancelledError (carrying a version that landed) when the run is cancelled.
 */
export async function publishWithRetry(send: () => Promise<LayerVersion>, landed: Lookup, retry: PublishRetry): Promise<LayerVersion> {
  const sleep = retry.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }))
  for (let attempt = 1; ; attempt++) {
    if (retry.signal?.aborted) throw new PublishCancelledError()
    try {
      return await send()
    } catch (err) {
      const cutOff = retry.signal?.aborted ?? false
      const kind = classifyFailure(err, cutOff)
      const last = kind === 'final' || attempt >= retry.maxAttempts
      const mayExist = kind === 'applied' || kind === 'maybe-applied'
      // In the order things happen: the failure, then the lookup, then what the run does next.
      const next = mayExist ? 'looking for a version it may have created' : last ? 'no attempts left' : 'retrying'
      if (kind !== 'final' && !cutOff)
        retry.log?.(`PublishLayerVersion attempt ${attempt} failed (${describeError(err, { brief: true })}); ${next}`)
      const adopted = mayExist ? await settle(landed, kind, err, retry) : undefined
      if (cutOff && !adopted && kind === 'maybe-applied') throw await lateLanding(landed, retry)
      if (retry.signal?.aborted) throw new PublishCancelledError(adopted)
      if (adopted) {
        retry.log?.(
          `The failed attempt had created version ${adopted.version} (newer than version ${retry.baseline}, with this CodeSha256); using it instead of publishing again`
        )
        return adopted
      }
      if (kind === 'maybe-applied')
        retry.log?.(
          `PublishLayerVersion failed and no version with this content appeared since version ${retry.baseline}${last ? '' : '; retrying'}`
        )
      if (last) throw err
      await sleep(backoffMs(attempt, err), retry.signal).catch(() => undefined)
    }
  }
}

/** The one version the failed attempt made, or undefined when none is there (a 'maybe' that was
 * not applied). Throws LeftBehindError when the lookup fails, finds several, or finds none after a
 * 2xx (which proves one exists). */
async function settle(landed: Lookup, kind: FailureKind, err: unknown, retry: PublishRetry): Promise<LayerVersion | undefined> {
  let found: LayerVersion[]
  try {
    found = await landed()
    if (found.length === 0 && kind === 'applied') found = await delay(APPLIED_RECHECK_MS).then(landed)
  } catch (lookupErr) {
    throw unsettled(`and looking for the version it may have made failed too (${describeError(lookupErr)})`, [], err, retry)
  }
  if (found.length === 1) return found[0]
  if (found.length > 1) {
    const arns = found.map((v) => v.layerVersionArn)
    throw unsettled(`and ${arns.length} versions with this content appeared since version ${retry.baseline}`, arns, err, retry)
  }
  if (kind === 'applied') throw unsettled('with a 2xx, yet no new version with this content can be found', [], err, retry)
  return undefined
}

/**
 * After a cancel cut the publish off in flight and the first lookup found nothing: looks again
 * every LATE_LANDING_POLL_MS for retry.lateLandingMs. Returns (to throw) PublishCancelledError
 * carrying the version when it landed; LeftBehindError naming what to look for when nothing
 * landed in time, or several candidates did. Never throws.
 */
async function lateLanding(landed: Lookup, retry: PublishRetry): Promise<Error> {
  const until = Date.now() + (retry.lateLandingMs ?? 0)
  let trouble = ''
  while (Date.now() < until) {
    await delay(Math.min(LATE_LANDING_POLL_MS, until - Date.now()))
    const found = await landed().catch((err: unknown) => void (trouble = ` (the last lookup failed: ${describeError(err)})`))
    if (found?.length === 1) return new PublishCancelledError(found[0])
    if (found && found.length > 1) return cancelledUnsettled(`${found.length} versions with this content appeared`, found, retry)
  }
  const waited = retry.lateLandingMs ? `within ${(retry.lateLandingMs / 1000).toFixed(0)} s` : 'at once'
  return cancelledUnsettled(`no version with this content appeared ${waited}${trouble}`, [], retry)
}

/** A cancel that cut the publish off, and what became of it cannot be settled. */
function cancelledUnsettled(what: string, found: LayerVersion[], retry: PublishRetry): LeftBehindError {
  const named = found.length > 0 ? found.map((v) => v.layerVersionArn) : [lateVersion(retry)]
  return new LeftBehindError(
    `Publishing: the run was cancelled while PublishLayerVersion was in flight, and ${what}; this run deletes none`,
    `Lambda may still apply a publish it had received: check the layer's versions newer than ${retry.baseline} and delete one with this zip's CodeSha256 by hand`,
    named
  )
}

/** What to look for when a publish may have landed unseen. */
function lateVersion(retry: PublishRetry): string {
  const sha = retry.codeSha256 ? `CodeSha256 ${retry.codeSha256}` : "this zip's CodeSha256"
  return `a version newer than ${retry.baseline} with ${sha}, if one appears`
}

function unsettled(what: string, arns: string[], err: unknown, retry: PublishRetry): LeftBehindError {
  const named = arns.length > 0 ? arns : [lateVersion(retry)]
  return new LeftBehindError(
    `PublishLayerVersion failed (${retry.signal?.aborted ? 'cut off by the cancel' : describeError(err)}) ${what}; this run cannot tell which version is its own, so it shares and deletes none of them`,
    `Check the layer's versions newer than ${retry.baseline}: share or delete them by hand, or re-run with skip-unchanged: true`,
    named,
    { cause: err }
  )
}
