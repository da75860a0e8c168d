// PublishLayerVersion is not idempotent: a retry after a response was lost can mint a second
// version. So its retries are ours: before each one, look for a version this run already made.
import { setTimeout as delay } from 'node:timers/promises'
import { GetLayerVersionCommand, ListLayerVersionsCommand, type LambdaClient } from '@aws-sdk/client-lambda'
import { describeError } from '../errors.js'
import { toLayerVersion, type LayerVersion } from '../aws/layer-version.js'

/** How PublishLayerVersion is retried: our own attempts, with the client that does not retry. */
export interface PublishRetry {
  /** A client with SDK retries off, for the publish call itself. */
  once: LambdaClient
  maxAttempts: number
  /** When this run started: only versions created since then can be ours. */
  startedAt: Date
  sleep?: (ms: number) => Promise<void>
  log?: (message: string) => void
}

/** How a failed attempt may be retried. */
export type FailureKind = 'throttled' | 'maybe-applied' | 'final'

const NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'ENETUNREACH'])
/** Versions created this long before startedAt still count: AWS and runner clocks differ. */
const CLOCK_SKEW_MS = 30_000
const MAX_BACKOFF_MS = 20_000

interface AwsLikeError {
  name?: string
  code?: string
  message?: string
  $metadata?: { httpStatusCode?: number }
  retryAfterSeconds?: string
}

/** How a failed attempt may be retried: throttled (429, or never reached the service), maybe
 * applied (5xx, network errors, timeouts: the version may exist) or final. Never throws. */
export function classifyFailure(err: unknown): FailureKind {
  const e = (err ?? {}) as AwsLikeError
  const status = e.$metadata?.httpStatusCode
  if (e.name === 'TooManyRequestsException' || status === 429) return 'throttled'
  if (e.code === 'ECONNREFUSED') return 'throttled' // never reached the service
  if (status !== undefined && status >= 500) return 'maybe-applied'
  if (NETWORK_CODES.has(e.code ?? '') || e.name === 'TimeoutError' || /socket hang up/i.test(e.message ?? '')) {
    return 'maybe-applied'
  }
  return 'final'
}

/** Milliseconds to wait before attempt `attempt` + 1: Retry-After when the service gave one, else
 * exponential from 500 ms; at most MAX_BACKOFF_MS. Never throws. */
export function backoffMs(attempt: number, err: unknown): number {
  const retryAfter = Number((err as AwsLikeError)?.retryAfterSeconds)
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter * 1000, MAX_BACKOFF_MS)
  return Math.min(500 * 2 ** (attempt - 1), MAX_BACKOFF_MS)
}

/**
 * Calls `send` until it succeeds or retry.maxAttempts are spent; before retrying a failure that
 * may have applied, asks `landed` for a version it made and returns that instead of publishing
 * again. Returns the version. Throws the last error as is (an SDK error, or what `landed` threw).
 */
export async function publishWithRetry(
  send: () => Promise<LayerVersion>,
  landed: () => Promise<LayerVersion | undefined>,
  retry: PublishRetry
): Promise<LayerVersion> {
  const sleep = retry.sleep ?? delay
  for (let attempt = 1; ; attempt++) {
    try {
      return await send()
    } catch (err) {
      const kind = classifyFailure(err)
      if (kind === 'final' || attempt >= retry.maxAttempts) throw err
      if (kind === 'maybe-applied') {
        const adopted = await landed()
        if (adopted) {
          retry.log?.(
            `PublishLayerVersion failed (${describeError(err)}) after creating version ${adopted.version}; using it instead of publishing again`
          )
          return adopted
        }
      }
      retry.log?.(`PublishLayerVersion attempt ${attempt} failed (${describeError(err)}); retrying`)
      await sleep(backoffMs(attempt, err))
    }
  }
}

/** The newest version made since startedAt (less 30 s of clock skew) whose CodeSha256 is `sha256`,
 * if a lost response hid it; else undefined. Throws the SDK error of List/GetLayerVersion(s) as is. */
export async function findLandedVersion(
  lambda: LambdaClient,
  layerName: string,
  sha256: string,
  startedAt: Date
): Promise<LayerVersion | undefined> {
  const list = await lambda.send(new ListLayerVersionsCommand({ LayerName: layerName, MaxItems: 10 }))
  const since = startedAt.getTime() - CLOCK_SKEW_MS
  const recent = (list.LayerVersions ?? []).filter((v) => Date.parse(v.CreatedDate ?? '') >= since)
  for (const item of recent) {
    const v = await lambda.send(new GetLayerVersionCommand({ LayerName: layerName, VersionNumber: item.Version }))
    if (v.Content?.CodeSha256 === sha256) return toLayerVersion(v, 'GetLayerVersion')
  }
  return undefined
}
