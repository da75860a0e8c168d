// Entry of the deflate worker threads: its own bundle (dist/deflate-worker/index.js), so it
// holds only the deflate jobs, not the action. It serves batches of jobs from the pool, and
// stops when the pool says so on its control port: between two jobs, never inside a zlib call
// (terminating a thread inside one can abort the whole process in Node's zlib clean-up).
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads'
import { deflateJob, WORKER_ROLE, type DeflateFailure, type DeflateJob, type WorkerData } from './deflate.js'
import { AnswerBuilder } from './wire.js'

function failure(err: unknown): DeflateFailure {
  const e = err as Partial<NodeJS.ErrnoException> | undefined
  return { error: { message: String(e?.message ?? err), code: e?.code } }
}

/** A batch of jobs in, their results out, in order (wire.ts); a failed job does not stop the
 * others. A stop message on `control` is read between jobs: the batch is left unanswered (the
 * pool has given up on it) and the thread ends once both ports close. */
function serve(port: MessagePort, control: MessagePort): void {
  let stopped = false
  const stop = () => {
    stopped = true
    port.close()
    control.close()
  }
  control.on('message', stop)
  port.on('message', (batch: { id: number; jobs: DeflateJob[] }) => {
    const answer = new AnswerBuilder(batch.jobs)
    for (const [index, job] of batch.jobs.entries()) {
      if (stopped || receiveMessageOnPort(control)) return stop()
      try {
        answer.add(index, deflateJob(job))
      } catch (err) {
        answer.add(index, failure(err))
      }
    }
    port.postMessage(answer.answer(batch.id), answer.transfer)
  })
}

const data = workerData as WorkerData | undefined
if (parentPort && data?.role === WORKER_ROLE) serve(parentPort, data.control)
