// The zip of a stored layer version, read through its Content.Location: a presigned S3 URL that
// answers HTTP Range requests and stays valid about ten minutes (Lambda API reference,
// GetLayerVersion). Only the tail and the central directory cross the network, never the
// entries' data. Each request is bounded by request-timeout-seconds, goes through the step's
// proxy if one is set, and is retried like the SDK retries any read: its standard strategy and
// error classification, a few attempts.
import * as http from 'node:http'
import * as https from 'node:https'
import { isThrottlingError, isTransientError, StandardRetryStrategy } from '@smithy/core/retry'
import type { ZipSource } from '../archive/inspect/central.js'
import { outcomeOf, timedCall, type CallLog } from '../aws/call-log.js'
import type { ProxyAgents } from '../aws/proxy.js'
import { asError } from '../errors.js'

/** How the stored zip is read. */
export interface RangeReadOptions {
  /** Seconds one request may take, answer and body included (request-timeout-seconds). */
  timeoutSeconds: number
  /** Attempts per request, first included. */
  attempts?: number
  /** Told each attempt, as a call line (aws/call-log.ts). The URL is never passed on: it carries a signature. */
  debug?: CallLog
  /** The region of the version, for the call lines. */
  region?: string
  /** The proxy agents every request of the step goes through, when a proxy is set. */
  agents?: ProxyAgents
}

/** Attempts per range request: transient failures are retried, a few times only, since a failed
 * comparison costs one extra version at worst, never a wrong reuse. */
export const RANGE_ATTEMPTS = 3

/** A failed range request, with what the SDK's classification reads (name, status, $retryable). */
export class RangeReadError extends Error {
  $metadata?: { httpStatusCode: number }
  $retryable?: { throttling?: boolean }
  declare cause?: Error
  attempts = 1

  constructor(message: string, fields: { name?: string; status?: number; transient?: boolean; cause?: Error } = {}) {
    super(message, { cause: fields.cause })
    this.name = fields.name ?? 'RangeReadError'
    if (fields.status !== undefined) this.$metadata = { httpStatusCode: fields.status }
    if (fields.transient) this.$retryable = {}
  }
}

/** The error types the strategy tells apart (TRANSIENT and THROTTLING are retried). */
type RetryErrorType = Parameters<StandardRetryStrategy['refreshRetryTokenForRetry']>[1]['errorType']

function classify(err: RangeReadError): RetryErrorType {
  if (isThrottlingError(err)) return 'THROTTLING'
  if (isTransientError(err)) return 'TRANSIENT'
  return (err.$metadata?.httpStatusCode ?? 0) >= 500 ? 'SERVER_ERROR' : 'CLIENT_ERROR'
}

/** Why the request failed: its own timeout, or the network (reset, refused, closed). */
function networkError(err: unknown, timedOut: boolean, timeoutSeconds: number): RangeReadError {
  const cause = asError(err) as Error & { code?: string }
  if (timedOut) return new RangeReadError(`no complete answer within ${timeoutSeconds} s`, { name: 'TimeoutError', cause })
  const detail = cause.code && !cause.message.includes(cause.code) ? `${cause.message} (${cause.code})` : cause.message
  return new RangeReadError(`the connection failed (${detail})`, { transient: true, cause })
}

/** The S3 error code in an XML error body ('SlowDown', 'AccessDenied'...), if any. */
function s3Code(body: string): string | undefined {
  return /<Code>([^<]+)<\/Code>/.exec(body)?.[1]
}

interface RangeAnswer {
  status: number
  body: Buffer
  /** start, end (inclusive) and total of a 206's Content-Range. */
  range?: { start: number; end: number; total: number }
}

/** One GET through the proxy agents every other request of the step uses (aws/proxy.ts). */
function get(url: URL, range: string, agents: ProxyAgents | undefined, signal: AbortSignal): Promise<http.IncomingMessage> {
  const secure = url.protocol === 'https:'
  const agent = secure ? agents?.httpsAgent : agents?.httpAgent
  return new Promise((resolve, reject) => {
    ;(secure ? https : http).get(url, { agent, headers: { Range: range }, signal }, resolve).on('error', reject)
  })
}

/** The answer's body; reading stops past `limit` bytes, more than was asked for (a server that
 * ignored Range would send the whole zip). */
async function bodyOf(response: http.IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let length = 0
  for await (const chunk of response) {
    length += (chunk as Buffer).length
    if (length > limit) {
      response.destroy()
      throw new RangeReadError('the server ignored the Range request and sent the whole zip')
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

function answerOf(status: number, contentRange: string | undefined, body: Buffer): RangeAnswer {
  if (status !== 206 && status !== 200) {
    const code = s3Code(body.toString('utf8'))
    throw new RangeReadError(`HTTP ${status}${code ? ` ${code}` : ''}`, { name: code ?? `HTTP${status}`, status })
  }
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(contentRange ?? '')
  const answer: RangeAnswer = { status, body }
  if (match) answer.range = { start: Number(match[1]), end: Number(match[2]), total: Number(match[3]) }
  if (status === 206 && !answer.range) throw new RangeReadError('a partial answer without a Content-Range')
  const expected = answer.range ? answer.range.end - answer.range.start + 1 : body.length
  if (body.length !== expected)
    throw new RangeReadError(`the answer was cut short (${body.length} of ${expected} bytes)`, { transient: true })
  return answer
}

/** One Range request for `length` bytes (`range`, the header's value). */
async function rangeGet(url: URL, range: string, length: number, options: RangeReadOptions): Promise<RangeAnswer> {
  const signal = AbortSignal.timeout(options.timeoutSeconds * 1000)
  let response: http.IncomingMessage
  let body: Buffer
  try {
    response = await get(url, range, options.agents, signal)
    // An error answer's body is an S3 XML document of a few hundred bytes.
    body = await bodyOf(response, Math.max(length, 64 * 1024))
  } catch (err) {
    throw err instanceof RangeReadError ? err : networkError(err, signal.aborted, options.timeoutSeconds)
  }
  return answerOf(response.statusCode ?? 0, response.headers['content-range'], body)
}

/** The failure of one range request in words without the URL: the messages above are ours. */
function rangeFailure(err: unknown): string {
  return err instanceof RangeReadError ? err.message : outcomeOf(err)
}

/** Runs `attempt` under the SDK's standard retry strategy, logging each attempt as an S3 call
 * (aws/call-log.ts; `status` reads the last answer's HTTP status); throws the last failure, its
 * attempt count set. */
async function withRetries<T>(
  what: string,
  attempt: () => Promise<T>,
  options: RangeReadOptions,
  status: () => number | undefined
): Promise<T> {
  const strategy = new StandardRetryStrategy(options.attempts ?? RANGE_ATTEMPTS)
  let token = await strategy.acquireInitialRetryToken('GetLayerContent')
  const facts = { service: 's3', operation: `GetObject (the stored zip's ${what})`, region: options.region }
  for (let n = 1; ; n++) {
    try {
      const result = await timedCall(options.debug, { ...facts, attempt: n }, attempt, { status, failure: rangeFailure })
      strategy.recordSuccess(token)
      return result
    } catch (caught) {
      const err = caught as RangeReadError
      err.attempts = n
      try {
        // Waits the backoff itself, or throws when the error is not retried or attempts are spent.
        token = await strategy.refreshRetryTokenForRetry(token, { errorType: classify(err) })
      } catch {
        throw err
      }
    }
  }
}

/**
 * The stored zip at `url` (a version's Content.Location) as a ZipSource: `tail` is one suffix
 * Range request, `read` one Range request, each retried. Makes no request until used. Its reads
 * throw RangeReadError (with `attempts`) when every attempt failed or the answer was not retried
 * (403 for an expired URL, 404).
 */
export function storedZipSource(url: string, options: RangeReadOptions): ZipSource {
  const target = new URL(url)
  let lastStatus: number | undefined
  const fetchRange = async (range: string, length: number): Promise<RangeAnswer> => {
    lastStatus = undefined
    const answer = await rangeGet(target, range, length, options)
    lastStatus = answer.status
    return answer
  }
  const status = () => lastStatus
  return {
    tail: (length) =>
      withRetries(
        `last ${length} bytes`,
        async () => {
          const { body, range } = await fetchRange(`bytes=-${length}`, length)
          if (!range) return { bytes: body.subarray(Math.max(0, body.length - length)), size: body.length }
          if (range.end !== range.total - 1) throw new RangeReadError('the answer is not the tail that was asked for')
          return { bytes: body, size: range.total }
        },
        options,
        status
      ),
    read: (offset, length) =>
      withRetries(
        `${length} bytes at ${offset}`,
        async () => {
          const { body, range } = await fetchRange(`bytes=${offset}-${offset + length - 1}`, length)
          const start = range ? offset - range.start : offset
          if (start < 0 || start + length > body.length) throw new RangeReadError('the answer is not the range that was asked for')
          return body.subarray(start, start + length)
        },
        options,
        status
      )
  }
}
