// Runs deflate jobs on worker threads. Node's async zlib costs a stream object and thread hops
// per call (measured ~0.1 ms of CPU per file, about what deflating a small file costs), so on a
// node_modules the thread pool barely beat one thread; jobs go to workers in batches instead and
// are deflated there synchronously.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads'
import { asError } from '../../errors.js'
import { ownedResult, WORKER_ROLE, type DeflateFailure, type WorkerData } from './deflate.js'
import { runJob, type AnyJob, type AnyResult } from './run-job.js'
import { jobError, outcomeOf, type BatchAnswer } from './wire.js'

/** Where `npm run bundle` puts the worker entry (scripts/bundle.js), relative to dist/index.js,
 * the bundle this module is part of. Not a literal in `new URL`: ncc would copy a literal's
 * target as an asset. */
const BUNDLED_WORKER = './deflate-worker/index.js'

/** The bundled worker script beside dist/index.js. Only right when running from dist/: tests,
 * which run src/, pass a worker they built (ArchiveOptions.workerUrl). Never throws. */
export function bundledWorkerUrl(): URL {
  return new URL(BUNDLED_WORKER, import.meta.url)
}

/** Runs deflate jobs; run() rejects with the job's fs error, abort() gives up on every job not
 * finished, close() ends the threads. */
export interface Deflater {
  run(job: AnyJob): Promise<AnyResult>
  /** Rejects every pending and later job with `reason`; work already in a thread ends on its own. */
  abort(reason: Error): void
  close(): Promise<void>
  /** Hands a FilesJob's answer back to the thread that made it, for reuse: the caller no longer
   * reads it, nor anything it gave out (its buffers are detached here). Optional; never throws. */
  recycle?(result: AnyResult): void
}

/** A message ends at this many bytes or jobs (a FilesJob goes alone): few messages, yet work
 * spreads over the workers. */
const BATCH_BYTES = 256 * 1024
const BATCH_JOBS = 64
/** Batches sent to a worker before it answers: it always has the next one at hand. */
const BATCHES_PER_WORKER = 2
/** A worker holds little besides its code (at most 9 MB of heap in use, measured on every bench
 * tree): a tiny young generation so the garbage of each deflate call is swept often (measured:
 * 10 MB less RSS at the layer limit), and a small old one so full collections come often too.
 * Each deflate call leaves a zlib handle whose native part is freed only by a full collection;
 * with 32 MB of old generation, 50,000 calls grew the thread's malloc arena to 15 MB, with 12 MB
 * to about 5 MB (the process never gets that memory back). */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 12 }

interface Pending {
  job: AnyJob
  resolve: (r: AnyResult) => void
  reject: (e: Error) => void
}

function settle(p: Pending, outcome: AnyResult | DeflateFailure): void {
  if ('error' in outcome) p.reject(jobError(outcome))
  else p.resolve(outcome)
}

class WorkerSlot {
  /** Batches whose jobs still wait for an answer (emptied when the pool gives up on them). */
  readonly sent = new Map<number, Pending[]>()
  /** Batches posted to the thread and not answered yet, whether or not anyone still waits. */
  unanswered = 0
  readonly exited: Promise<void>
  private markExited!: () => void
  constructor(
    readonly worker: Worker,
    readonly control: MessagePort
  ) {
    this.exited = new Promise((resolve) => (this.markExited = resolve))
    worker.once('exit', () => this.markExited())
  }
}

/** Deflates on `count` worker threads running `workerUrl`; jobs are taken in the order they were submitted. */
export class WorkerDeflater implements Deflater {
  private readonly slots: WorkerSlot[]
  private readonly queue: Pending[] = []
  /** The thread each FilesJob answer came from, so recycle hands it back there. */
  private readonly origin = new WeakMap<BatchAnswer, WorkerSlot>()
  private nextBatch = 0
  private pumping = false
  private failure?: Error

  constructor(count: number, workerUrl: URL = bundledWorkerUrl()) {
    this.slots = Array.from({ length: count }, () => this.start(workerUrl))
  }

  private start(workerUrl: URL): WorkerSlot {
    const { port1, port2 } = new MessageChannel()
    const workerData: WorkerData = { role: WORKER_ROLE, control: port2 }
    const worker = new Worker(workerUrl, { workerData, transferList: [port2], resourceLimits: WORKER_LIMITS })
    const slot = new WorkerSlot(worker, port1)
    worker.on('message', (msg: BatchAnswer) => {
      slot.unanswered--
      const batch = slot.sent.get(msg.id) ?? []
      slot.sent.delete(msg.id)
      batch.forEach((p, i) => {
        const outcome = outcomeOf(msg, i)
        if (!('error' in outcome) && outcome.kind === 'files') this.origin.set(outcome.answer, slot)
        settle(p, outcome)
      })
      this.pump()
    })
    worker.on('error', (err: Error) => this.fail(err))
    worker.on('exit', (code) => {
      if (code !== 0 || slot.sent.size > 0) this.fail(new Error(`deflate worker stopped (exit code ${code})`))
    })
    return slot
  }

  /** The job's result, in submission order; rejects with the job's fs error (its code kept), or
   * with the pool's failure once a worker died or the pool was closed. */
  run(job: AnyJob): Promise<AnyResult> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject })
      // Batches are cut after the caller's synchronous burst of submissions, not one by one.
      if (!this.pumping) {
        this.pumping = true
        queueMicrotask(() => {
          this.pumping = false
          this.pump()
        })
      }
    })
  }

  private pump(): void {
    for (const slot of this.slots) {
      while (this.queue.length > 0 && slot.sent.size < BATCHES_PER_WORKER) this.send(slot)
    }
  }

  private send(slot: WorkerSlot): void {
    const batch: Pending[] = []
    let bytes = 0
    while (this.queue.length > 0 && batch.length < BATCH_JOBS && bytes < BATCH_BYTES) {
      const alone = this.queue[0].job.kind === 'files'
      if (alone && batch.length > 0) break
      const next = this.queue.shift() as Pending
      batch.push(next)
      bytes += next.job.length
      if (alone) break
    }
    const id = this.nextBatch++
    slot.sent.set(id, batch)
    slot.unanswered++
    slot.worker.postMessage({ id, jobs: batch.map((p) => p.job) })
  }

  private fail(err: Error): void {
    this.failure ??= err
    const waiting = [...this.queue.splice(0), ...this.slots.flatMap((s) => [...s.sent.values()].flat())]
    for (const s of this.slots) s.sent.clear()
    for (const p of waiting) p.reject(err)
  }

  abort(reason: Error): void {
    this.fail(reason)
  }

  recycle(result: AnyResult): void {
    const slot = result.kind === 'files' ? this.origin.get(result.answer) : undefined
    if (!slot || this.failure || result.kind !== 'files') return
    const buffers = [result.answer.rows.buffer as ArrayBuffer, result.answer.pack]
    slot.worker.postMessage({ recycle: buffers }, buffers)
  }

  /**
   * Stops every worker; later and pending jobs reject. A worker with a batch in hand is told to
   * stop on its control port and ends between two jobs; only an idle worker is terminated, since
   * terminating a thread inside a zlib call can abort the process (Node's zlib clean-up asserts
   * "close before init"). Resolves once every thread has ended; never rejects.
   */
  async close(): Promise<void> {
    this.fail(new Error('deflater closed'))
    await Promise.all(
      this.slots.map(async (s) => {
        if (s.unanswered === 0) await s.worker.terminate()
        else s.control.postMessage('stop')
        await s.exited
        s.control.close()
      })
    )
  }
}

/** Deflates on the calling thread: for layers so small that starting workers costs more. One
 * job per turn of the event loop, so timers and I/O still get their turn in between. */
export class InlineDeflater implements Deflater {
  private failure?: Error

  /** The job's result on the next turn of the event loop; rejects with the job's fs error, or
   * the abort reason. */
  run(job: AnyJob): Promise<AnyResult> {
    return new Promise((resolve, reject) => {
      setImmediate(() => {
        if (this.failure) return reject(this.failure)
        try {
          const result = runJob(job)
          resolve(result.kind === 'files' ? result : ownedResult(result))
        } catch (err) {
          reject(asError(err))
        }
      })
    })
  }

  abort(reason: Error): void {
    this.failure ??= reason
  }

  async close(): Promise<void> {}
}
