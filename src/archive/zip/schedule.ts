// Reads and deflates ahead of the writer: jobs are submitted in archive order while the bytes
// submitted but not yet written stay under a bound, so memory does not grow with the layer, and
// the writer takes the results back in the same order. Runs of small files go as one FilesJob
// (wire.ts) each: on a node_modules of 100,000 files the main thread then keeps no object or
// promise per file while they are read, only a row in an answer.
import {
  DICTIONARY_BYTES,
  type BlockJob,
  type CrcResult,
  type DeflateJob,
  type DeflateResult,
  type HashJob,
  type PlannedFile,
  type WholeJob,
  type WholeResult
} from './deflate.js'
import type { PlannedEntries } from '../../plan/plan.js'
import type { Deflater } from './pool.js'
import type { AnyResult } from './run-job.js'
import { filesJob, jobError, outcomeOf } from './wire.js'

/** Files above this are cut into blocks of this size, deflated on several threads at once. */
export const BLOCK_BYTES = 1024 * 1024

/** A planned file: its path, its size in bytes, and its inode and device numbers. */
export interface FileToRead extends PlannedFile {
  path: string
}

/** A ReadAhead's `fileAt` for planned entries: the files among them. Never throws. */
export function filesOf(entries: PlannedEntries): (index: number) => FileToRead | undefined {
  return (i) => {
    const e = entries.entry(i)
    return e.kind === 'file' ? { path: e.source, size: e.size, ino: e.ino, dev: e.dev } : undefined
  }
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

/** Files in one FilesJob at most, and its bytes: enough to make a message worth its cost, few
 * enough that the work spreads over the workers. */
const FILES_PER_JOB = 64
const FILES_JOB_BYTES = 256 * 1024
/** What a small file costs ahead of the writer besides its bytes: its row and headers. */
const FILE_OVERHEAD = 256
/** Bytes of read-ahead per FilesJob in flight: 4 MiB allows 8, a few per worker. */
const BYTES_PER_FILES_JOB = 512 * 1024

/** Bytes a large file's job holds until written: its output. A hash pass returns only numbers. */
function weight(job: DeflateJob): number {
  return job.kind === 'block' ? job.length : 0
}

/** Submitted reads, oldest first: a run of small files, or one large file. */
type Unit =
  | { kind: 'small'; indices: number[]; result: Promise<AnyResult>; taken: number; bytes: number }
  | { kind: 'large'; index: number; jobs: { hash: HashJob; blocks: BlockJob[] } }

/** How the writer reads one file: a small file's outcome, or a large file's jobs (take and
 * release each). */
export type FileRead = { small: Promise<WholeResult | CrcResult> } | { large: { hash: HashJob; blocks: BlockJob[] } }

/** File `slot` of a FilesJob's result; rejects with that file's error. */
function fileOutcome(result: AnyResult, slot: number): WholeResult | CrcResult {
  if (result.kind !== 'files') throw new Error(`expected a files result, got ${result.kind}`)
  const outcome = outcomeOf(result.answer, slot)
  if ('error' in outcome) throw jobError(outcome)
  if (outcome.kind !== 'whole' && outcome.kind !== 'crc') throw new Error(`expected a file's result, got ${outcome.kind}`)
  return outcome
}

/** Submits the reads of a zip's files in order, at most `maxBytes` ahead of the writer, and hands
 * their results back in the same order. Files are looked up only as reading ahead reaches them,
 * so nothing here grows with the number of entries. `read` 'crc' only measures every file (one
 * job each, however large), for the comparison before a build. */
export class ReadAhead {
  private readonly units: Unit[] = []
  /** A large file's jobs not submitted yet, and the results of those submitted. */
  private readonly largeJobs: DeflateJob[] = []
  private readonly submitted = new Map<DeflateJob, Promise<DeflateResult>>()
  private file = 0
  private inFlight = 0
  private smallUnits = 0

  /** `fileAt(i)` undefined means entry i (of `count`) has nothing to read (a folder or a link). */
  constructor(
    private readonly fileAt: (index: number) => FileToRead | undefined,
    private readonly count: number,
    private readonly deflater: Deflater,
    private readonly maxBytes: number,
    private readonly read: 'whole' | 'crc' = 'whole'
  ) {}

  /** Starts reading ahead from the first entry. */
  start(): void {
    this.fill()
  }

  /** Submits in order until a bound; always something when nothing is in flight. */
  private fill(): void {
    const smallLimit = Math.max(2, Math.floor(this.maxBytes / BYTES_PER_FILES_JOB))
    for (;;) {
      const busy = this.units.length > 0
      if (busy && (this.inFlight >= this.maxBytes || this.smallUnits >= smallLimit)) return
      const job = this.largeJobs.shift()
      if (job) this.submitLarge(job)
      else if (this.file >= this.count) return
      else this.submitNext()
    }
  }

  private submitLarge(job: DeflateJob): void {
    const result = this.deflater.run(job) as Promise<DeflateResult>
    result.catch(() => undefined) // the writer awaits it in turn; this only marks it handled
    this.submitted.set(job, result)
    this.inFlight += weight(job)
  }

  /** Submits the next file: a large one's jobs, else a run of small ones as one FilesJob. */
  private submitNext(): void {
    const indices: number[] = []
    const files: FileToRead[] = []
    let bytes = 0
    while (this.file < this.count && indices.length < FILES_PER_JOB && bytes < FILES_JOB_BYTES) {
      const file = this.fileAt(this.file)
      if (file && this.read === 'whole' && file.size > BLOCK_BYTES) {
        if (indices.length > 0) break
        const jobs = fileJobs(file) as { hash: HashJob; blocks: BlockJob[] }
        this.units.push({ kind: 'large', index: this.file++, jobs })
        this.largeJobs.push(jobs.hash, ...jobs.blocks)
        return
      }
      if (file) {
        indices.push(this.file)
        files.push(file)
        bytes += file.size + FILE_OVERHEAD
      }
      this.file++
    }
    if (files.length === 0) return
    const result = this.deflater.run(filesJob(this.read, files))
    result.catch(() => undefined) // awaited in turn through fileRead; this only marks it handled
    this.units.push({ kind: 'small', indices, result, taken: 0, bytes })
    this.inFlight += bytes
    this.smallUnits++
  }

  /** How file entry `index` is read. Files are taken in archive order, each once; throws Error
   * otherwise. */
  fileRead(index: number): FileRead {
    const unit = this.units[0]
    if (unit?.kind === 'large' && unit.index === index) return { large: unit.jobs }
    if (unit?.kind !== 'small' || unit.indices[unit.taken] !== index) throw new Error(`file entry ${index} taken out of order`)
    const slot = unit.taken
    return { small: unit.result.then((r) => fileOutcome(r, slot)) }
  }

  /** The writer is done with file entry `index` (taken by fileRead): make room for more. */
  done(index: number): void {
    const unit = this.units[0]
    if (unit?.kind === 'small' && unit.indices[unit.taken] === index) {
      if (++unit.taken < unit.indices.length) return
      this.inFlight -= unit.bytes
      this.smallUnits--
      // Every file of the run is written (its data copied out): its answer can go back for reuse.
      unit.result.then((r) => this.deflater.recycle?.(r)).catch(() => undefined)
    } else if (unit?.kind !== 'large' || unit.index !== index) return
    this.units.shift()
    this.fill()
  }

  /** The result of a large file's `job`, once: it rejects as the job failed. Throws Error when a
   * job is taken out of the order fileJobs lists them, or twice. */
  take(job: DeflateJob): Promise<DeflateResult> {
    this.fill()
    const result = this.submitted.get(job)
    if (!result) throw new Error(`job for ${job.path} taken out of order`)
    this.submitted.delete(job)
    return result
  }

  /** The writer is done with a large file's job output: make room for more. */
  release(job: DeflateJob): void {
    this.inFlight -= weight(job)
    this.fill()
  }
}
