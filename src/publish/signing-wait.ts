// Waiting for a signing job with the SDK's own waiter (waitUntilSuccessfulSigningJob, from the
// model's SuccessfulSigningJob waiter: Succeeded is success; Failed and ResourceNotFoundException
// are failure; anything else is polled again). Three things it does not do, done here: a log line
// per poll, a stop at the first error that polling again cannot cure (a missing
// signer:DescribeSigningJob permission would otherwise be polled until the timeout), and
// Signer's own words when the job fails, rather than the waiter's JSON message.
import type { DescribeSigningJobCommandOutput, SignerClient } from '@aws-sdk/client-signer'
import { ActionError, CancelledError, describeError } from '../errors.js'
import { classifyFailure } from './retry.js'

/** Seconds between polls: the waiter's defaults (20 s, then up to 120 s) suit a long job; a
 * Lambda signing job takes seconds, so the first poll comes at once and the next ones 2-10 s apart. */
export const POLL_DELAYS = { minDelay: 2, maxDelay: 10 } as const

/** How to wait. */
export interface WaitOptions {
  /** The longest wait, in seconds (signing-timeout-seconds). */
  timeoutSeconds: number
  /** Aborts when the run is cancelled. */
  signal?: AbortSignal
  log: (message: string) => void
  /** Where the signed zip will appear, for the messages about what a job left running may still write. */
  destination: string
}

/** What the polls saw: the last answer, and an error polling cannot cure. */
interface Watch {
  last?: DescribeSigningJobCommandOutput
  lastError?: unknown
  final?: unknown
}

/** Logs each DescribeSigningJob of `jobId` and notes what it saw; aborts `stop` at an error that
 * polling again cannot cure (by the SDK's classification: not throttling, transient or a server
 * error; ResourceNotFoundException is the waiter's to judge). Returns the watch and its removal. */
function watchPolls(
  signer: SignerClient,
  jobId: string,
  options: WaitOptions,
  stop: AbortController
): { watch: Watch; remove: () => void } {
  const watch: Watch = {}
  const name = `publishLambdaLayerSigningJob-${jobId}`
  const started = Date.now()
  signer.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'DescribeSigningJobCommand') return next(args)
      try {
        const result = await next(args)
        watch.last = result.output as DescribeSigningJobCommandOutput
        // Tenths: the waiter's last poll may come just before its time is up, a second after the one before.
        options.log(`Signing job ${jobId}: ${watch.last.status ?? 'no status'} after ${((Date.now() - started) / 1000).toFixed(1)} s`)
        return result
      } catch (err) {
        watch.lastError = err
        if (classifyFailure(err) === 'final' && (err as Error).name !== 'ResourceNotFoundException') {
          watch.final = err
          stop.abort()
        }
        throw err
      }
    },
    { step: 'initialize', name }
  )
  return { watch, remove: () => void signer.middlewareStack.remove(name) }
}

/**
 * Waits for signing job `jobId` to succeed, polling DescribeSigningJob (POLL_DELAYS) for at most
 * options.timeoutSeconds. Returns the job's last description (status Succeeded). Throws
 * ActionError naming Signer's statusReason when the job failed, when it is not found, when it is
 * still running at the timeout, or when polling meets an error it cannot cure; CancelledError
 * when `options.signal` aborts. A job left running goes on: Signer has no call to cancel one.
 */
export async function waitForSigningJob(
  signer: SignerClient,
  jobId: string,
  options: WaitOptions
): Promise<DescribeSigningJobCommandOutput> {
  const { waitUntilSuccessfulSigningJob } = await import('@aws-sdk/client-signer')
  const stop = new AbortController()
  const { watch, remove } = watchPolls(signer, jobId, options, stop)
  const abortSignal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal
  options.log(`Waiting for signing job ${jobId} (at most ${options.timeoutSeconds} s)`)
  try {
    const result = await waitUntilSuccessfulSigningJob(
      { client: signer, maxWaitTime: options.timeoutSeconds, ...POLL_DELAYS, abortSignal },
      { jobId }
    )
    const done = (result.reason as DescribeSigningJobCommandOutput | undefined) ?? watch.last
    if (!done) throw new ActionError(`Signing job ${jobId} succeeded without a description of it`)
    return done
  } catch (err) {
    throw waitFailure(err, jobId, watch, options)
  } finally {
    remove()
  }
}

function waitFailure(err: unknown, jobId: string, watch: Watch, options: WaitOptions): Error {
  const goesOn = `it goes on in AWS Signer, which cannot cancel a job, and may still write ${options.destination}`
  if (watch.final) {
    const denied = (watch.final as Error).name === 'AccessDeniedException'
    return new ActionError(
      `Reading signing job ${jobId} failed: ${describeError(watch.final)}; nothing was published (${goesOn})`,
      denied ? 'The role needs signer:DescribeSigningJob on arn:<partition>:signer:<region>:<account>:/signing-jobs/*' : undefined,
      { cause: watch.final }
    )
  }
  if (options.signal?.aborted) return new CancelledError(`Waiting for signing job ${jobId} (${goesOn})`)
  if ((err as Error).name === 'TimeoutError') {
    return new ActionError(
      `Signing job ${jobId} did not finish within ${options.timeoutSeconds} s (last status: ${watch.last?.status ?? 'unknown'}); nothing was published`,
      `Raise signing-timeout-seconds; ${goesOn}`
    )
  }
  if (watch.last?.status === 'Failed') {
    return new ActionError(
      `Signing job ${jobId} failed: ${watch.last.statusReason ?? 'AWS Signer gave no reason'}; nothing was published`,
      'AWS Signer fails a zip that is empty, malformed or already signed (AWS Signer developer guide, signing jobs for Lambda)'
    )
  }
  const seen = watch.lastError ? describeError(watch.lastError) : describeError(err)
  return new ActionError(`Signing job ${jobId} could not be followed: ${seen}; nothing was published`, undefined, { cause: err })
}
