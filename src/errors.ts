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
