// One debug line per request the step sends (AWS through the SDK, the stored zip's range reads,
// the OIDC token, the GitHub API): what was called, where, which attempt, how long it took and
// how it ended. Never a URL, header, body or message: those can carry signatures, tokens and
// credentials; an operation name, a status and an error name cannot.

import * as core from '@actions/core'
import { AsyncLocalStorage } from 'node:async_hooks'

/** Where a call's debug line goes (a region's log, or core.debug). */
export type CallLog = (message: string) => void

/** core.debug, written only when the runner shows it: RUNNER_DEBUG=1, which the runner sets for
 * step debug logging (ACTIONS_STEP_DEBUG) and @actions/core's isDebug reads. The default home of
 * the call lines outside a region. */
export const stepDebug: CallLog = (message) => {
  if (core.isDebug()) core.debug(message)
}

/** Where calls made inside logCallsTo go instead of their client's own log. */
const redirected = new AsyncLocalStorage<CallLog>()

/** Runs `work` with the debug line of every call made inside it (by any client, in its async
 * context) going to `log`: work done for all regions at once (signing, with the first region's
 * clients) logs where it is described, not in that region's log. Returns what `work` returns. */
export function logCallsTo<T>(log: CallLog, work: () => Promise<T>): Promise<T> {
  return redirected.run(log, work)
}

/** `log`, or the log of the logCallsTo around the call. Never throws. */
export function routedLog(log: CallLog): CallLog {
  return (message) => (redirected.getStore() ?? log)(message)
}

/** What one attempt of one call was. */
export interface CallFacts {
  /** 'lambda', 's3', 'sts', 'GitHub OIDC', 'GitHub API'... */
  service: string
  /** The API's own name for it (PublishLayerVersion), or the method and path template. */
  operation: string
  region?: string
  /** 1 for the first attempt, the SDK's retries counted. */
  attempt: number
  /** Milliseconds from sending the request to having the answer read (or the failure). */
  ms: number
  /** 'HTTP 201', or what outcomeOf says of the error. */
  outcome: string
}

/** The debug line for one attempt: "lambda PublishLayerVersion in eu-west-1, attempt 1: HTTP 201
 * in 35 ms". Never throws. */
export function describeCall(call: CallFacts): string {
  const where = call.region ? ` in ${call.region}` : ''
  return `${call.service} ${call.operation}${where}, attempt ${call.attempt}: ${call.outcome} in ${Math.round(call.ms)} ms`
}

interface FailureFacts {
  name?: unknown
  code?: unknown
  $metadata?: { httpStatusCode?: number }
}

/** How a failed attempt ended, from fields that never hold a secret: the error's name, a network
 * code (ECONNRESET) and the HTTP status, e.g. "AccessDeniedException (HTTP 403)". Never throws. */
export function outcomeOf(err: unknown): string {
  const facts = (typeof err === 'object' && err !== null ? err : {}) as FailureFacts
  const name = typeof facts.name === 'string' && facts.name ? facts.name : 'Error'
  const code = typeof facts.code === 'string' && facts.code !== name ? ` ${facts.code}` : ''
  const status = facts.$metadata?.httpStatusCode ? ` (HTTP ${facts.$metadata.httpStatusCode})` : ''
  return `${name}${code}${status}`
}

/** How timedCall reads an attempt's outcome: the HTTP status of a success, and (default
 * outcomeOf) a failure, in words that carry no secret. */
export interface OutcomeReaders<T> {
  status: (result: T) => number | undefined
  failure?: (err: unknown) => string
}

/**
 * Runs one attempt of a call and logs it through `log`: its outcome and the time it took.
 * Returns what `attempt` returns; rethrows what it throws.
 */
export async function timedCall<T>(
  log: CallLog | undefined,
  facts: Omit<CallFacts, 'ms' | 'outcome'>,
  attempt: () => Promise<T>,
  read: OutcomeReaders<T>
): Promise<T> {
  const started = performance.now()
  const done = (outcome: string) => log?.(describeCall({ ...facts, ms: performance.now() - started, outcome }))
  try {
    const result = await attempt()
    const status = read.status(result)
    done(status ? `HTTP ${status}` : 'done')
    return result
  } catch (err) {
    done((read.failure ?? outcomeOf)(err))
    throw err
  }
}
