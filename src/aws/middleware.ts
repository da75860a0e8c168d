// Two things every Lambda client of a run does, added to its middleware stack so no stage has to:
// keep to the account's request rate, and read again when a read's answer was cut short.
import type { LambdaClient } from '@aws-sdk/client-lambda'
import type { Pace } from '../limiter.js'
import { isUnreadableSuccess } from './answers.js'

/** Lambda's control plane allows 15 requests per second per account and region across all its
 * APIs, not adjustable (Lambda developer guide, "Lambda quotas", API requests; Service Quotas
 * L-B2AA0F47). A run keeps to 10 per second per region, leaving room for the account's other
 * callers, so 50 principals never spend their attempts on throttling; up to 10 go at once
 * (one second's worth, as AWS's own buckets allow), so a few grants are not spread over a
 * second. Over any span of t seconds a region sends at most 10 + 10t calls, under the 15 + 15t
 * a full bucket of 15 a second lets through. */
export const LAMBDA_PACE = { perSecond: 10, burst: 10 } as const

/** One step of a client's middleware chain, whatever the client's input and output types. */
type Handler = (args: never) => Promise<unknown>

/** What paceCalls needs of a client (Lambda, Signer): a stack that takes a finalize-step middleware. */
export interface PacedClient {
  middlewareStack: {
    add(middleware: (next: Handler, context: object) => Handler, options: { step: 'finalizeRequest'; priority: 'low'; name: string }): void
  }
}

/** The abort signal the caller gave `send`, as the SDK keeps it in the handler context. */
function abortSignalOf(context: object): AbortSignal | undefined {
  return (context as { __smithy_context?: { abortSignal?: AbortSignal } }).__smithy_context?.abortSignal
}

/**
 * Makes every attempt of every call through `client` (the SDK's retries included) wait for its
 * turn of `pace`; a call whose abort signal fires while it waits gives up its turn. Returns
 * nothing; the middleware rejects as the call does.
 */
export function paceCalls(client: PacedClient, pace: Pace): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      await pace(abortSignalOf(context))
      return next(args)
    },
    { step: 'finalizeRequest', priority: 'low', name: 'publishLambdaLayerPace' }
  )
}

/**
 * A read (Get*, List*) answered 2xx with a body that cannot be parsed changed nothing: mark the
 * error retryable (`$retryable`, which the SDK's own classification, isTransientError, honours)
 * so the SDK's retry strategy reads again within max-attempts. Writes are left as they are: a
 * 2xx write was applied, and the stage that made it decides. Returns nothing.
 */
export function rereadCutAnswers(client: LambdaClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args)
      } catch (err) {
        const read = /^(Get|List)/.test((context as { commandName?: string }).commandName ?? '')
        if (read && isUnreadableSuccess(err) && typeof err === 'object' && err !== null) Object.assign(err, { $retryable: {} })
        throw err
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'publishLambdaLayerReread' }
  )
}
