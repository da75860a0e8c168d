// Errors are values with a cause and a fix; main.ts turns them into one failed step.
/// <reference lib="esnext.error" />
// (for Error.isError, which Node 24 has and TypeScript's ES2022 library lacks)

/** A failure the user can act on: `message` says what happened, `fix` what to change, and
 * `details` (one line each: a region, a principal) what it happened to. */
export class ActionError extends Error {
  readonly details: string[]

  constructor(
    message: string,
    readonly fix?: string,
    options?: { cause?: unknown; details?: string[] }
  ) {
    super(message, options)
    this.name = 'ActionError'
    this.details = options?.details ?? []
  }
}

/** A bad input, found before any AWS call; `fix` as for ActionError. */
export class InputError extends ActionError {
  constructor(
    readonly input: string,
    rule: string,
    fix?: string
  ) {
    super(`Input '${input}': ${rule}`, fix)
    this.name = 'InputError'
  }
}

/** Work stopped because the run was cancelled (the runner's SIGINT or SIGTERM); `undone` says
 * what the stage undid on its way out, if anything. */
export class CancelledError extends ActionError {
  constructor(
    what: string,
    readonly undone?: string
  ) {
    super(`${what}: the run was cancelled${undone ? `; ${undone}` : ''}`)
    this.name = 'CancelledError'
  }
}

/** Returns nothing; throws CancelledError naming `what` once `signal` has aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new CancelledError(what)
}

/** `err` itself when it is an Error (of any realm: Error.isError, not instanceof), else an Error
 * whose message is `err` as text; for code that must reject with an Error whatever was thrown. */
export function asError(err: unknown): Error {
  return Error.isError(err) ? err : new Error(String(err))
}

const TIMEOUT_FIX = 'No answer came in time: check that the runner can reach AWS (or endpoint-url), or raise request-timeout-seconds'
const CLOSED_FIX =
  'The connection was closed before an answer came (by the network, a proxy or the endpoint): check that the runner can reach AWS (or endpoint-url); such drops are retried up to max-attempts'

/** The SDK's hint appended to a body it could not parse (@smithy/core, deserialization middleware):
 * it speaks to a programmer holding the error object, not to the person reading the log. */
const SDK_PARSE_HINT = /\s*Deserialization error: to see the raw response, inspect the hidden field \{error\}\.\$response on this object\.?/

/** `text` on one line: the toolkit's and the SDK's messages span lines ("Failed to get ID
 * Token. \n \n Error Code : 500", "... Deserialization error: ..."), an annotation must not. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim()
}

/** `text` ending a sentence: a period added unless it already ends with one (or with ! ? or ':',
 * which ends a list), so a message never shows "..". Never throws. */
export function sentence(text: string): string {
  const trimmed = text.trim()
  return /[.!?:]$/.test(trimmed) ? trimmed : `${trimmed}.`
}

/** `message` and `fix` as one text, never with "..". */
function withFix(message: string, fix: string | undefined): string {
  return fix ? `${sentence(message)} ${fix}` : message
}

/** An SDK error's facts as the SDK sets them: the operation (aws/middleware.ts nameFailedCalls),
 * the socket's code, and the HTTP status of an answer. */
interface SdkErrorFacts {
  $operation?: unknown
  code?: unknown
  $metadata?: { httpStatusCode?: number }
}

/** A non-ActionError on one line: its name (a connection the SDK calls a TimeoutError but that was
 * closed, ECONNRESET or EPIPE, said as such), its message without the SDK's programmer hint, when
 * `named` the AWS operation it came from ("(from DeleteLayerVersion)"); and the fix for a timeout
 * or a closed connection. A call the run's cancel cut off (AbortError) says so. */
function describeOther(err: Error, named: boolean, fixed = true): string {
  // The only signal the action aborts calls with is the runner's cancel (timeouts are TimeoutError).
  if (err.name === 'AbortError') return 'the run was cancelled (the call in flight was cut off)'
  const facts = err as SdkErrorFacts
  // @smithy/node-http-handler names ECONNRESET and EPIPE TimeoutError (to retry them): not a timeout.
  const closed = err.name === 'TimeoutError' && (facts.code === 'ECONNRESET' || facts.code === 'EPIPE')
  const name = closed ? `Connection closed (${String(facts.code)})` : err.name === 'Error' ? '' : err.name
  let message = oneLine(err.message)
  if (SDK_PARSE_HINT.test(message)) {
    const status = facts.$metadata?.httpStatusCode
    message = `the answer${status ? ` (HTTP ${status})` : ''} could not be read, cut short or malformed (${message.replace(SDK_PARSE_HINT, '')})`
  }
  // Last, before the closing period, so the service's own "Name: message" reads as it wrote it.
  const operation = facts.$operation
  if (named && typeof operation === 'string') message = message.replace(/[.!?]?$/, (end) => ` (from ${operation})${end}`)
  const text = name ? `${name}: ${message}` : message
  if (!fixed) return text
  if (closed) return withFix(text, CLOSED_FIX)
  return err.name === 'TimeoutError' ? withFix(text, TIMEOUT_FIX) : text
}

/**
 * Text for the log and for annotations: message plus fix (none with `brief`, for a line that says
 * an attempt failed and is tried again), each on one line whatever the toolkit or the SDK put in
 * it, then an ActionError's details, one indented line each; never a stack trace. Never throws.
 */
export function describeError(err: unknown, { brief = false } = {}): string {
  if (err instanceof ActionError) {
    const head = withFix(oneLine(err.message), brief ? undefined : err.fix && oneLine(err.fix))
    return [head, ...err.details.map((d) => `  ${oneLine(d)}`)].join('\n')
  }
  if (!Error.isError(err)) return oneLine(String(err))
  return describeOther(err, false, !brief)
}

/**
 * describeError for where an error reaches the reader with no stage's words around it (a region's
 * failure, or what failed after its version went live): an AWS SDK error then also names the
 * operation it came from ("ServiceException: An internal error occurred (from
 * DeleteLayerVersion)."), which a stage's own message says in its words. Never throws.
 */
export function describeFailure(err: unknown): string {
  return Error.isError(err) && !(err instanceof ActionError) ? describeOther(err, true) : describeError(err)
}

/** The first error in `err`'s cause chain (itself included, at most 10 deep) that `test` accepts:
 * stages wrap SDK errors in ActionErrors, and decisions look at the SDK error. Never throws. */
export function findCause(err: unknown, test: (e: Error) => boolean): Error | undefined {
  let current: unknown = err
  for (let depth = 0; depth < 10 && Error.isError(current); depth++) {
    if (test(current)) return current
    current = current.cause
  }
  return undefined
}
