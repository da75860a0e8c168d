// What an AWS answer (or its absence) says about a call: applied though unreadable, not found,
// and the versions a failure leaves behind.
import { ActionError } from '../errors.js'

interface AnswerFacts {
  name?: string
  $metadata?: { httpStatusCode?: number }
}

/** True when AWS answered 2xx but the body could not be read (cut short by a proxy or the
 * network): the SDK then throws a SyntaxError that still carries the status. The call was
 * applied. Never throws. */
export function isUnreadableSuccess(err: unknown): boolean {
  const status = (err as AnswerFacts | undefined)?.$metadata?.httpStatusCode ?? 0
  return status >= 200 && status < 300
}

/** True for Lambda's 404 ResourceNotFoundException (a layer version deleted or never made).
 * Never throws. */
export function isNotFound(err: unknown): boolean {
  return (err as AnswerFacts | undefined)?.name === 'ResourceNotFoundException'
}

/** A failure that leaves layer versions live which this run may have made and could not settle
 * (delete, or prove another run's): `leftBehind` names each, for the log and the job summary. */
export class LeftBehindError extends ActionError {
  constructor(
    message: string,
    fix: string | undefined,
    readonly leftBehind: string[],
    options?: { cause?: unknown }
  ) {
    super(message, fix, options)
    this.name = 'LeftBehindError'
  }
}
