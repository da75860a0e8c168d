// Reads and deflates ahead of the writer: jobs are submitted in archive order while the bytes
// submitted but not yet written stay under a bound, so memory does not grow with the layer, and
// the writer takes the results back in the same order.
import {
  DICTIONARY_BYTES,
  type BlockJob,
  type DeflateJob,
  type DeflateResult,
  type HashJob,
  type PlannedFile,
  type WholeJob
} from './deflate.js'
import type { Deflater } from './pool.js'

/** Files above this are cut into blocks of this size, deflated on several threads at once. */
export const BLOCK_BYTES = 1024 * 1024

/** A planned file: its path, its size in bytes, and its inode and device numbers. */
export interface FileToRead extends PlannedFile {
  path: string
}

/** What the writer gets for one file: the whole file, or a hash pass and its blocks. */
export type FileJobs = { whole: WholeJob } | { hash: HashJob; blocks: BlockJob[] }

/** The jobs that read `file`: one whole-file job up to BLOCK_BYTES, else a hash pass and a job per
 * block. An empty file is still opened, so a vanished one is noticed. Never throws. */
export function fileJobs(file: FileToRead): FileJobs {
  const planned: PlannedFile = { size: file.size, ino: file.ino, dev: file.dev }
  if (file.size <= BLOCK_BYTES) return { whole: { kind: 'whole', path: file.path, length: file.size, planned } }
  const count = Math.ceil(file.size / BLOCK_BYTES)
  const blocks = Array.from({ length: count }, (_, i): BlockJob => {
    const offset = i * BLOCK_BYTES
    const length = Math.min(BLOCK_BYTES, file.size - offset)
    return {
      kind: 'block',
      path: file.path,
      offset,
      length,
      dictionary: Math.min(DICTIONARY_BYTES, offset),
      last: i === count - 1,
      planned
    }
  })
  return { hash: { kind: 'hash', path: file.path, length: file.size, blockBytes: BLOCK_BYTES, planned }, blocks }
}

/** Jobs in the order they run: the hash pass first, so it is done by the time the blocks are. */
function ordered(jobs: FileJobs | undefined): DeflateJob[] {
  if (!jobs) return []
  return 'whole' in jobs ? [jobs.whole] : [jobs.hash, ...jobs.blocks]
}

/** What a job ahead of the writer costs at least, in bytes, however small its file: its job,
 * promise and result objects. On a node_modules of tiny files this bounds the jobs ahead by
 * count too (512 for 4 MiB): a few batches per worker keep them busy, and more only means
 * objects that outlive young-generation collections and end up as old-space garbage. */
const JOB_BYTES = 8 * 1024

/** Bytes a job holds until written: its output. A hash pass returns only numbers. */
function weight(job: DeflateJob): number {
  return job.kind === 'hash' || job.kind === 'crc' ? 0 : Math.max(job.length, JOB_BYTES)
}

/** Submits the deflate jobs of a zip's files in order, at most `maxBytes` of output ahead of the
 * writer, and hands their results back in the same order. Jobs are made only as reading ahead
 * reaches a file, so nothing here grows with the number of entries. */
export class ReadAhead {
  /** Jobs made and not yet forgotten by the writer, by entry index. */
  private readonly made = new Map<number, FileJobs>()
  private readonly submitted = new Map<DeflateJob, Promise<DeflateResult>>()
  private file = 0
  private job = 0
  private current?: DeflateJob[]
  private inFlight = 0

  /** `fileAt(i)` undefined means entry i (of `count`) has nothing to read (a folder or a link). */
  constructor(
    private readonly fileAt: (index: number) => FileToRead | undefined,
    private readonly count: number,
    private readonly deflater: Deflater,
    private readonly maxBytes: number
  ) {}

  /** The jobs of entry `index` (the same objects every time until forgotten), or undefined when
   * it has nothing to read. Never throws. */
  jobsOf(index: number): FileJobs | undefined {
    let jobs = this.made.get(index)
    if (!jobs) {
      const file = this.fileAt(index)
      if (!file) return undefined
      jobs = fileJobs(file)
      this.made.set(index, jobs)
    }
    return jobs
  }

  /** The writer is done with entry `index`. */
  forget(index: number): void {
    this.made.delete(index)
  }

  /** Submits jobs in order until the bound; at least one whenever nothing is in flight. */
  private fill(): void {
    while (this.file < this.count && (this.inFlight < this.maxBytes || this.submitted.size === 0)) {
      this.current ??= ordered(this.jobsOf(this.file))
      if (this.job >= this.current.length) {
        this.file++
        this.job = 0
        this.current = undefined
        continue
      }
      const job = this.current[this.job++]
      const result = this.deflater.run(job)
      result.catch(() => undefined) // the writer awaits it in turn; this only marks it handled
      this.submitted.set(job, result)
      this.inFlight += weight(job)
    }
  }

  /** Starts reading ahead from the first entry. */
  start(): void {
    this.fill()
  }

  /** The result of `job`, once: it rejects as the job failed. Throws Error when a job is taken out
   * of the order fileJobs lists them, or twice. */
  take(job: DeflateJob): Promise<DeflateResult> {
    this.fill()
    const result = this.submitted.get(job)
    if (!result) throw new Error(`job for ${job.path} taken out of order`)
    this.submitted.delete(job)
    return result
  }

  /** The writer is done with a job's output: make room for more. */
  release(job: DeflateJob): void {
    this.inFlight -= weight(job)
    this.fill()
  }
}
