// Errors are values with a cause and a fix; main.ts turns them into one failed step.
/// <reference lib="esnext.error" />
// (for Error.isError, which Node 24 has and TypeScript's ES2022 library lacks)

/** A failure the user can act on: `message` says what happened, `fix` what to change. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = 'ActionError'
  }
}

/** A bad input, found before any AWS call. */
export class InputError extends ActionError {
  constructor(
    readonly input: string,
    rule: string
  ) {
    super(`Input '${input}': ${rule}`)
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

/** Text for the log: message plus fix, never a stack trace. Never throws. */
export function describeError(err: unknown): string {
  if (err instanceof ActionError) return err.fix ? `${err.message}. ${err.fix}` : err.message
  if (err instanceof Error && err.name === 'TimeoutError') return `TimeoutError: ${err.message}. ${TIMEOUT_FIX}`
  if (err instanceof Error) return `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}`
  return String(err)
}
