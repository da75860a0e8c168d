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

/** `text` on one line: the toolkit's and the SDK's messages span lines ("Failed to get ID
 * Token. \n \n Error Code : 500", "... Deserialization error: ..."), an annotation must not. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim()
}

/** `message` and `fix` as one text: a period between them unless the message already ends a
 * sentence (or a list, with ':'), so the log never shows "..". */
function withFix(message: string, fix: string | undefined): string {
  if (!fix) return message
  return /[.!?:]$/.test(message) ? `${message} ${fix}` : `${message}. ${fix}`
}

/**
 * Text for the log and for annotations: message plus fix, each on one line whatever the
 * toolkit or the SDK put in it, then an ActionError's details, one indented line each; never a
 * stack trace. Never throws.
 */
export function describeError(err: unknown): string {
  if (err instanceof ActionError) {
    const head = withFix(oneLine(err.message), err.fix && oneLine(err.fix))
    return [head, ...err.details.map((d) => `  ${oneLine(d)}`)].join('\n')
  }
  if (!Error.isError(err)) return oneLine(String(err))
  // The only signal the action aborts calls with is the runner's cancel (timeouts are TimeoutError).
  if (err.name === 'AbortError') return 'the run was cancelled (the call in flight was cut off)'
  const text = `${err.name === 'Error' ? '' : `${err.name}: `}${oneLine(err.message)}`
  return err.name === 'TimeoutError' ? withFix(text, TIMEOUT_FIX) : text
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
