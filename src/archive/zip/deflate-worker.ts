// Entry of the deflate worker threads: its own bundle (dist/deflate-worker/index.js), so it
// holds only the deflate jobs, not the action. It serves batches of jobs from the pool, and
// stops when the pool says so on its control port: between two jobs, never inside a zlib call
// (terminating a thread inside one can abort the whole process in Node's zlib clean-up).
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads'
import { deflateJob, WORKER_ROLE, type DeflateFailure, type DeflateJob, type WorkerData } from './deflate.js'
import { packResult, type BatchAnswer, type WireOutcome } from './wire.js'

function failure(err: unknown): DeflateFailure {
  const e = err as Partial<NodeJS.ErrnoException> | undefined
  return { error: { message: String(e?.message ?? err), code: e?.code } }
}

/** Bytes the batch's small outputs can take at most: a whole file's data is never larger than
 * the bytes the job reads (it is stored when deflate does not shrink it). */
function packBytes(jobs: DeflateJob[]): number {
  return jobs.reduce((sum, job) => (job.kind === 'whole' ? sum + job.length : sum), 0)
}

/** A batch of jobs in, their results out, in order; a failed job does not stop the others. Small
 * outputs travel packed in one buffer per batch (one transfer, not one per file); a block's
 * output is moved as it is. A stop message on `control` is read between jobs: the batch is left
 * unanswered (the pool has given up on it) and the thread ends once both ports close. */
function serve(port: MessagePort, control: MessagePort): void {
  let stopped = false
  const stop = () => {
    stopped = true
    port.close()
    control.close()
  }
  control.on('message', stop)
  port.on('message', (batch: { id: number; jobs: DeflateJob[] }) => {
    const pack = { bytes: Buffer.allocUnsafeSlow(packBytes(batch.jobs)), used: 0 }
    const results: WireOutcome[] = []
    const transfer: ArrayBuffer[] = [pack.bytes.buffer as ArrayBuffer]
    for (const job of batch.jobs) {
      if (stopped || receiveMessageOnPort(control)) return stop()
      try {
        results.push(packResult(deflateJob(job), pack, transfer))
      } catch (err) {
        results.push(failure(err))
      }
    }
    const answer: BatchAnswer = { id: batch.id, results, pack: pack.bytes.buffer as ArrayBuffer }
    port.postMessage(answer, transfer)
  })
}

const data = workerData as WorkerData | undefined
if (parentPort && data?.role === WORKER_ROLE) serve(parentPort, data.control)
