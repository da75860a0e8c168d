// Lambda's unzipped limit covers a function and all its layers together (spec "Limits"), so a
// layer above it alone can never be attached: fail before publishing a version nobody can use.
import { ActionError } from './errors.js'

export const UNZIPPED_LIMIT_BYTES = 262_144_000

/** Throws when `bytes` is over the limit; `what` names the layer content for the message. */
export function checkUnzippedSize(bytes: number, what: string): void {
  if (bytes <= UNZIPPED_LIMIT_BYTES) return
  const n = (v: number): string => v.toLocaleString('en-US')
  throw new ActionError(
    `${what} ${n(bytes)} bytes unzipped, over Lambda's ${n(UNZIPPED_LIMIT_BYTES)}-byte limit for a function and all its layers together: this layer could never be attached to a function`,
    'Leave out what the function does not need (exclude tests, docs, caches) or ship the dependencies in a container image'
  )
}
