// Entry of the deflate worker threads: its own bundle (dist/deflate-worker/index.js), so it
// holds only the deflate jobs, not the action. It serves batches of jobs from the pool.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads'
import { deflateJob, WORKER_ROLE, type DeflateFailure, type DeflateJob, type DeflateResult } from './deflate.js'

/** A job's output buffer, moved to the main thread instead of copied. */
function transferable(r: DeflateResult): ArrayBuffer[] {
  const data = r.kind === 'whole' ? r.data : r.kind === 'block' ? r.deflated : undefined
  return data ? [data.buffer as ArrayBuffer] : []
}

function failure(err: unknown): DeflateFailure {
  const e = err as Partial<NodeJS.ErrnoException> | undefined
  return { error: { message: String(e?.message ?? err), code: e?.code } }
}

/** A batch of jobs in, their results out, in order; a failed job does not stop the others. */
function serve(port: MessagePort): void {
  port.on('message', (batch: { id: number; jobs: DeflateJob[] }) => {
    const results: (DeflateResult | DeflateFailure)[] = []
    const transfer: ArrayBuffer[] = []
    for (const job of batch.jobs) {
      try {
        const result = deflateJob(job)
        results.push(result)
        transfer.push(...transferable(result))
      } catch (err) {
        results.push(failure(err))
      }
    }
    port.postMessage({ id: batch.id, results }, transfer)
  })
}

if (parentPort && workerData === WORKER_ROLE) serve(parentPort)
