// The zip of a stored layer version, read through its Content.Location: a presigned S3 URL that
// answers HTTP Range requests and stays valid about ten minutes (Lambda API reference,
// GetLayerVersion). Only the tail and the central directory cross the network, never the
// entries' data. Each request is bounded by request-timeout-seconds and retried like the SDK
// retries any read: its standard strategy and error classification, a few attempts.
import { isThrottlingError, isTransientError, StandardRetryStrategy } from '@smithy/core/retry'
import type { ZipSource } from '../archive/inspect/central.js'

/** How the stored zip is read. */
export interface RangeReadOptions {
  /** Seconds one request may take, answer and body included (request-timeout-seconds). */
  timeoutSeconds: number
  /** Attempts per request, first included. */
  attempts?: number
  /** Told each request and retry (core.debug). The URL is never passed on: it carries a signature. */
  debug?: (message: string) => void
}

/** Attempts per range request: transient failures are retried, a few times only, since a failed
 * comparison costs one extra version at worst, never a wrong reuse. */
export const RANGE_ATTEMPTS = 3
/** A server that ignores Range would send the whole zip; past this many bytes it is not read. */
const MAX_RANGE_BODY_BYTES = 256 * 1024 * 1024

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

/** Why fetch failed: its own timeout, or the network (reset, refused, closed). */
function networkError(err: unknown, timeoutSeconds: number): RangeReadError {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } }
  const cause = err as Error
  if (e.name === 'TimeoutError') return new RangeReadError(`no complete answer within ${timeoutSeconds} s`, { name: 'TimeoutError', cause })
  const detail = e.cause?.code ?? e.cause?.message ?? e.message ?? String(err)
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

async function rangeGet(url: string, range: string, timeoutSeconds: number): Promise<RangeAnswer> {
  const signal = AbortSignal.timeout(timeoutSeconds * 1000)
  try {
    const response = await fetch(url, { headers: { Range: range }, signal })
    if (response.status !== 206 && response.status !== 200) {
      const code = s3Code(await response.text().catch(() => ''))
      throw new RangeReadError(`HTTP ${response.status}${code ? ` ${code}` : ''}`, {
        name: code ?? `HTTP${response.status}`,
        status: response.status
      })
    }
    if (response.status === 200 && Number(response.headers.get('content-length') ?? 0) > MAX_RANGE_BODY_BYTES) {
      await response.body?.cancel()
      throw new RangeReadError('the server ignored the Range request and sent the whole zip')
    }
    const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range') ?? '')
    const body = Buffer.from(await response.arrayBuffer())
    const answer: RangeAnswer = { status: response.status, body }
    if (match) answer.range = { start: Number(match[1]), end: Number(match[2]), total: Number(match[3]) }
    if (response.status === 206 && !answer.range) throw new RangeReadError('a partial answer without a Content-Range')
    if (answer.range && body.length !== answer.range.end - answer.range.start + 1) {
      throw new RangeReadError(`the answer was cut short (${body.length} of ${answer.range.end - answer.range.start + 1} bytes)`, {
        transient: true
      })
    }
    return answer
  } catch (err) {
    throw err instanceof RangeReadError ? err : networkError(err, timeoutSeconds)
  }
}

/** Runs `attempt` under the SDK's standard retry strategy; throws the last failure, its attempt
 * count set. */
async function withRetries<T>(what: string, attempt: () => Promise<T>, options: RangeReadOptions): Promise<T> {
  const strategy = new StandardRetryStrategy(options.attempts ?? RANGE_ATTEMPTS)
  let token = await strategy.acquireInitialRetryToken('GetLayerContent')
  for (let n = 1; ; n++) {
    try {
      const result = await attempt()
      strategy.recordSuccess(token)
      options.debug?.(`Read ${what} of the stored zip (attempt ${n})`)
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
      options.debug?.(`Reading ${what} of the stored zip failed (${err.message}); retrying`)
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
  const get = (range: string): Promise<RangeAnswer> => rangeGet(url, range, options.timeoutSeconds)
  return {
    tail: (length) =>
      withRetries(
        `the last ${length} bytes`,
        async () => {
          const { body, range } = await get(`bytes=-${length}`)
          if (!range) return { bytes: body.subarray(Math.max(0, body.length - length)), size: body.length }
          if (range.end !== range.total - 1) throw new RangeReadError('the answer is not the tail that was asked for')
          return { bytes: body, size: range.total }
        },
        options
      ),
    read: (offset, length) =>
      withRetries(
        `${length} bytes at ${offset}`,
        async () => {
          const { body, range } = await get(`bytes=${offset}-${offset + length - 1}`)
          const start = range ? offset - range.start : offset
          if (start < 0 || start + length > body.length) throw new RangeReadError('the answer is not the range that was asked for')
          return body.subarray(start, start + length)
        },
        options
      )
  }
}
