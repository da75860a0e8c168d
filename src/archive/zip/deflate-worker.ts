// Entry of the deflate worker threads: its own bundle (dist/deflate-worker/index.js), so it
// holds only the deflate jobs, not the action. It serves batches of jobs from the pool, and
// stops when the pool says so on its control port: between two jobs, never inside a zlib call
// (terminating a thread inside one can abort the whole process in Node's zlib clean-up).
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads'
import { WORKER_ROLE, type WorkerData } from './deflate.js'
import { failure, runJob, type AnyJob } from './run-job.js'
import { Spares } from './spares.js'
import { AnswerBuilder } from './wire.js'

/** A batch of jobs in, their results out, in order (wire.ts); a failed job does not stop the
 * others. FilesJob answers handed back are kept for reuse (spares.ts). A stop message on
 * `control` is read between jobs: the batch is left unanswered (the pool has given up on it)
 * and the thread ends once both ports close. */
function serve(port: MessagePort, control: MessagePort): void {
  let stopped = false
  const stop = () => {
    stopped = true
    port.close()
    control.close()
  }
  control.on('message', stop)
  const spares = new Spares()
  port.on('message', (batch: { id: number; jobs: AnyJob[] } | { recycle: ArrayBuffer[] }) => {
    if ('recycle' in batch) return spares.give(batch.recycle)
    const answer = new AnswerBuilder(batch.jobs)
    for (const [index, job] of batch.jobs.entries()) {
      if (stopped || receiveMessageOnPort(control)) return stop()
      try {
        answer.add(index, runJob(job, spares))
      } catch (err) {
        answer.add(index, failure(err))
      }
    }
    port.postMessage(answer.answer(batch.id), answer.transfer)
  })
}

const data = workerData as WorkerData | undefined
if (parentPort && data?.role === WORKER_ROLE) serve(parentPort, data.control)
