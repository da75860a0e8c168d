// Errors are values with a cause and a fix; main.ts turns them into one failed step.

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

const TIMEOUT_FIX = 'No answer came in time: check that the runner can reach AWS (or endpoint-url), or raise request-timeout-seconds'

/** Text for the log: message plus fix, never a stack trace. */
export function describeError(err: unknown): string {
  if (err instanceof ActionError) return err.fix ? `${err.message}. ${err.fix}` : err.message
  if (err instanceof Error && err.name === 'TimeoutError') return `TimeoutError: ${err.message}. ${TIMEOUT_FIX}`
  if (err instanceof Error) return `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}`
  return String(err)
}
