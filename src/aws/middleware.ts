// What the clients of a run do, added to their middleware stacks so no stage has to: every client
// logs each attempt of each call and names the operation of a call that failed (clients.ts adds
// both); every Lambda (and SSM) client keeps to the account's request rate and reads again when a
// read's answer was cut short.
import type { Pace } from '../limiter.js'
import { isUnreadableSuccess } from './answers.js'
import { timedCall, type CallLog } from './call-log.js'

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
 * 2xx write was applied, and the stage that made it decides. For Lambda and SSM clients alike.
 * Returns nothing.
 */
export function rereadCutAnswers(client: PacedClient): void {
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

/** One attempt as the deserialize step sees it: the answer (an HttpResponse) or the error. */
type AttemptHandler = (args: object) => Promise<{ response?: unknown }>

/** What the call log reads of the handler context: names, and the command being sent. */
interface CallContext {
  clientName?: string
  commandName?: string
  __smithy_context?: { commandInstance?: object }
}

/** The part of any SDK client (Lambda, S3, STS, SSM...) that logCalls needs: its stack's
 * deserialize step, typed loosely so one function serves every client. */
export interface MiddlewareHost {
  middlewareStack: {
    add(
      middleware: (next: AttemptHandler, context: CallContext) => AttemptHandler,
      options: { step: 'deserialize'; priority: 'high'; name: string }
    ): void
  }
}

/** Attempts so far per command: the SDK's retries send the same command again, and so do the
 * retries that are ours (publish/retry.ts sends one PublishLayerVersion command per attempt
 * through a client whose own retries are off). */
const attempts = new WeakMap<object, number>()

/**
 * Logs every attempt of every call through `client` to `log` (aws/call-log.ts): service,
 * operation, `region`, attempt number, milliseconds and the HTTP status or error name. It sits in
 * the deserialize step, inside the SDK's retries and after the pace's wait, so each attempt is
 * one line and its time is the request's own. Returns nothing; the call rejects as it would.
 */
export function logCalls(client: MiddlewareHost, region: string, log: CallLog): void {
  client.middlewareStack.add(
    (next, context) => {
      const command = context.__smithy_context?.commandInstance ?? {}
      const service = (context.clientName ?? 'aws').replace(/Client$/, '').toLowerCase()
      const operation = (context.commandName ?? 'request').replace(/Command$/, '')
      return (args) => {
        const attempt = (attempts.get(command) ?? 0) + 1
        attempts.set(command, attempt)
        const status = (result: { response?: unknown }) => (result.response as { statusCode?: number } | undefined)?.statusCode
        return timedCall(log, { service, operation, region, attempt }, () => next(args), { status })
      }
    },
    { step: 'deserialize', priority: 'high', name: 'publishLambdaLayerCallLog' }
  )
}

/** What nameFailedCalls needs of a client (any AWS SDK client): a stack that takes an
 * initialize-step middleware. */
export interface NamedClient {
  middlewareStack: {
    add(middleware: (next: Handler, context: object) => Handler, options: { step: 'initialize'; name: string }): void
  }
}

/**
 * Tags the error a call through `client` ends with (after the SDK's retries) with the call's
 * operation, as `$operation` ('DeleteLayerVersion'; not enumerable), so describeFailure says which
 * AWS call failed wherever the error is reported. Returns `client`; the middleware rejects as the
 * call does.
 */
export function nameFailedCalls<T extends NamedClient>(client: T): T {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args)
      } catch (err) {
        const operation = (context as { commandName?: string }).commandName?.replace(/Command$/, '')
        if (operation && typeof err === 'object' && err !== null && !Object.hasOwn(err, '$operation'))
          Object.defineProperty(err, '$operation', { value: operation, enumerable: false, configurable: true })
        throw err
      }
    },
    { step: 'initialize', name: 'publishLambdaLayerOperation' }
  )
  return client
}
