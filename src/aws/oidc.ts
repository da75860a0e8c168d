// The GitHub OIDC token request, made here instead of through core.getIDToken: the toolkit
// retries only 502-504, never a 500 or a reset connection, and waits 3 minutes on a silent
// service (@actions/core OidcClient, @actions/http-client); reports of the service failing now
// and then: aws-actions/configure-aws-credentials#395, actions/toolkit#1441. Same request as the
// toolkit's: GET ACTIONS_ID_TOKEN_REQUEST_URL&audience=..., bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN,
// answer {"value": "<JWT>"}.
import * as http from 'node:http'
import * as https from 'node:https'
import { text } from 'node:stream/consumers'
import pRetry from 'p-retry'
import { ActionError, asError, CancelledError } from '../errors.js'
import { outcomeOf, timedCall, type CallLog } from './call-log.js'
import { agentFor } from './proxy.js'

/** How the token is fetched. */
export interface IdTokenOptions {
  audience: string
  /** ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN, and the proxy variables. */
  env: NodeJS.ProcessEnv
  /** One attempt gives up after this long without the whole answer (request-timeout-seconds). */
  timeoutSeconds: number
  /** Attempts in all, the first included (max-attempts). */
  maxAttempts: number
  /** Called with the token the moment it arrives, before anything can log it (core.setSecret). */
  mask: (token: string) => void
  log?: (message: string) => void
  /** Told each attempt: its number, status and time (never the URL or the token). */
  debug?: CallLog
  /** Milliseconds before the first retry, doubled for each next one (default 1000). */
  firstBackoffMs?: number
  /** Aborts when the run is cancelled: the attempt in flight is cut off and none follows. */
  signal?: AbortSignal
}

export const OIDC_VARIABLES = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN']

/** One failed attempt: the HTTP status when the service answered, else what the network did. */
class TokenAttemptError extends Error {
  constructor(
    readonly what: string,
    readonly retryable: boolean,
    readonly status?: number
  ) {
    super(what)
  }
}

/**
 * A fresh GitHub OIDC token for `audience`, masked before it is returned. Retries 5xx, 408, 429,
 * network errors, timeouts and unreadable answers with backoff (1 s, 2 s, 4 s, ...), up to
 * maxAttempts. Throws ActionError: naming the missing variables (the job lacks `permissions:
 * id-token: write`), or the last status or timeout with what to check; CancelledError when
 * `signal` aborts.
 */
export async function fetchIdToken(options: IdTokenOptions): Promise<string> {
  const [url, bearer] = OIDC_VARIABLES.map((name) => options.env[name])
  if (!url || !bearer) throw missingVariables(options.env)
  const target = new URL(`${url}&audience=${encodeURIComponent(options.audience)}`)
  try {
    const facts = { service: 'GitHub OIDC', operation: `token for audience ${options.audience}` }
    const failure = (err: unknown) => (err instanceof TokenAttemptError ? err.what : outcomeOf(err))
    const attempt = (n: number) =>
      timedCall(options.debug, { ...facts, attempt: n }, () => requestOnce(target, bearer, options), { status: () => 200, failure })
    const token = await pRetry(attempt, {
      retries: options.maxAttempts - 1,
      signal: options.signal,
      minTimeout: options.firstBackoffMs ?? 1000,
      factor: 2,
      shouldRetry: ({ error }) => error instanceof TokenAttemptError && error.retryable,
      // Called before shouldRetry decides: only an attempt that will be retried says "retrying".
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft > 0 && error instanceof TokenAttemptError && error.retryable)
          options.log?.(`GitHub OIDC token request attempt ${attemptNumber} failed (${error.message}); retrying`)
      }
    })
    return token
  } catch (err) {
    if (options.signal?.aborted) throw new CancelledError('Getting a GitHub OIDC token')
    throw tokenError(err, options)
  }
}

async function requestOnce(url: URL, bearer: string, options: IdTokenOptions): Promise<string> {
  const timeout = AbortSignal.timeout(options.timeoutSeconds * 1000)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  let status: number
  let body: string
  try {
    const response = await get(url, bearer, options.env, signal)
    status = response.statusCode ?? 0
    body = await text(response)
  } catch (err) {
    // Reset, refused, cut mid-answer or silent: the network's doing, worth another try.
    throw new TokenAttemptError(timeout.aborted ? `no answer within ${options.timeoutSeconds} s` : describeNetworkError(err), true)
  }
  if (status !== 200) throw new TokenAttemptError(`HTTP ${status}`, isRetryableStatus(status), status)
  const token = valueOf(body)
  if (!token) throw new TokenAttemptError('HTTP 200 without a token in the answer', true, status)
  options.mask(token)
  return token
}

function get(url: URL, bearer: string, env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<http.IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http
  const headers = { Authorization: `Bearer ${bearer}`, Accept: 'application/json', 'User-Agent': 'actions/oidc-client' }
  return new Promise((resolve, reject) => {
    client.get(url, { agent: agentFor(url, env), headers, signal }, resolve).on('error', reject)
  })
}

/** 5xx, and the two 4xx that mean "try again later" (RFC 9110: 408 Request Timeout, 429). */
function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429
}

function valueOf(body: string): string | undefined {
  try {
    const value: unknown = (JSON.parse(body) as { value?: unknown }).value
    return typeof value === 'string' && value !== '' ? value : undefined
  } catch {
    return undefined
  }
}

/** "connection reset (ECONNRESET)", or the error's message when it has no code. */
function describeNetworkError(err: unknown): string {
  const e = asError(err) as Error & { code?: string }
  return e.code ? `${e.message} (${e.code})` : e.message
}

function missingVariables(env: NodeJS.ProcessEnv): ActionError {
  const missing = OIDC_VARIABLES.filter((name) => !env[name])
  return new ActionError(
    `role-to-assume is set but the GitHub OIDC token is not available (${missing.join(', ')} missing)`,
    'Add `permissions: id-token: write` to the job (or workflow) so GitHub issues an OIDC token'
  )
}

function tokenError(err: unknown, options: IdTokenOptions): ActionError {
  const attempt = err instanceof TokenAttemptError ? err : new TokenAttemptError(asError(err).message, false)
  const tries = attempt.retryable ? ` after ${options.maxAttempts} attempt(s)` : ''
  const message = `Could not get a GitHub OIDC token for audience '${options.audience}': ${attempt.what}${tries}`
  let fix: string
  if (attempt.status === 401 || attempt.status === 403) {
    fix = 'The token service refused ACTIONS_ID_TOKEN_REQUEST_TOKEN: re-run the job (the request token lives for the job only)'
  } else if (attempt.status === undefined) {
    fix =
      'Check that the runner can reach the host of ACTIONS_ID_TOKEN_REQUEST_URL (on self-hosted runners: HTTPS_PROXY, NO_PROXY), or raise request-timeout-seconds'
  } else {
    fix = "GitHub's token service failed: re-run the job, and check www.githubstatus.com if it persists"
  }
  return new ActionError(message, fix, { cause: err })
}
