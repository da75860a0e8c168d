// Entry of the deflate worker threads: its own bundle (dist/deflate-worker/index.js), so it
// holds only the deflate jobs, not the action. It serves batches of jobs from the pool, and
// stops when the pool says so on its control port: between two jobs, never inside a zlib call
// (terminating a thread inside one can abort the whole process in Node's zlib clean-up).
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads'
import { deflateJob, WORKER_ROLE, type DeflateFailure, type DeflateJob, type DeflateResult, type WorkerData } from './deflate.js'

/** A job's output buffer, moved to the main thread instead of copied. */
function transferable(r: DeflateResult): ArrayBuffer[] {
  const data = r.kind === 'whole' ? r.data : r.kind === 'block' ? r.deflated : undefined
  return data ? [data.buffer as ArrayBuffer] : []
}

function failure(err: unknown): DeflateFailure {
  const e = err as Partial<NodeJS.ErrnoException> | undefined
  return { error: { message: String(e?.message ?? err), code: e?.code } }
}

/** A batch of jobs in, their results out, in order; a failed job does not stop the others. A stop
 * message on `control` is read between jobs: the batch is left unanswered (the pool has given up
 * on it) and the thread ends once both ports close. */
function serve(port: MessagePort, control: MessagePort): void {
  let stopped = false
  const stop = () => {
    stopped = true
    port.close()
    control.close()
  }
  control.on('message', stop)
  port.on('message', (batch: { id: number; jobs: DeflateJob[] }) => {
    const results: (DeflateResult | DeflateFailure)[] = []
    const transfer: ArrayBuffer[] = []
    for (const job of batch.jobs) {
      if (stopped || receiveMessageOnPort(control)) return stop()
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

const data = workerData as WorkerData | undefined
if (parentPort && data?.role === WORKER_ROLE) serve(parentPort, data.control)
