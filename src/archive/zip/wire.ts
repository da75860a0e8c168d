// How jobs and results cross between the main thread and a deflate worker. Small files go as one
// FilesJob per run of them: their paths in one string and their numbers in one Float64Array, not
// an object (and a promise) each on the main thread. Each whole-file or CRC result comes back as
// a row of numbers in one Float64Array, and the small outputs (with their SHA-256 in hex) sit one
// after another in one buffer, both moved with the answer. A large file's block output moves on
// its own; the rare other outcomes (hash passes, failures) are cloned as objects.
import type { CrcJob, CrcResult, DeflateFailure, DeflateResult, PlannedFile, WholeJob, WholeResult } from './deflate.js'
import type { Spares } from './spares.js'

/** Numbers per job: kind, crc, size, fileSize, deflated, data offset, data length. */
const ROW = 7
const KIND = { other: 0, whole: 1, crc: 2 } as const
/** Bytes of a hex SHA-256 after a whole file's data. */
const HEX_BYTES = 64

/** Numbers per file of a FilesJob: size (bytes), inode, device. */
const FILE_NUMBERS = 3

/** Small files read on one thread as one job, in order: deflated ('whole') or only measured
 * ('crc'). Paths are joined by NUL, which no path holds. */
export interface FilesJob {
  kind: 'files'
  read: 'whole' | 'crc'
  paths: string
  /** FILE_NUMBERS per file. */
  numbers: Float64Array
  /** Bytes of all the files. */
  length: number
}

/** A FilesJob's outcomes, one per file in order (outcomeOf). */
export interface FilesResult {
  kind: 'files'
  answer: BatchAnswer
}

/** The FilesJob reading `files` (each a path and the planned file there). Never throws. */
export function filesJob(read: FilesJob['read'], files: (PlannedFile & { path: string })[]): FilesJob {
  const numbers = new Float64Array(files.length * FILE_NUMBERS)
  let length = 0
  files.forEach((f, i) => {
    numbers[i * FILE_NUMBERS] = f.size
    numbers[i * FILE_NUMBERS + 1] = f.ino
    numbers[i * FILE_NUMBERS + 2] = f.dev
    length += f.size
  })
  return { kind: 'files', read, paths: files.map((f) => f.path).join('\0'), numbers, length }
}

/** The jobs of a FilesJob, one per file, as the thread that runs it makes them. Never throws. */
export function jobsOfFiles(job: FilesJob): (WholeJob | CrcJob)[] {
  return job.paths.split('\0').map((path, i) => {
    const [size, ino, dev] = job.numbers.subarray(i * FILE_NUMBERS, i * FILE_NUMBERS + FILE_NUMBERS)
    return { kind: job.read, path, length: size, planned: { size, ino, dev } }
  })
}

/** An Error like the fs one the worker caught, so callers can tell ENOENT from EACCES. Never throws. */
export function jobError(failure: DeflateFailure): Error {
  const { message, code } = failure.error
  return Object.assign(new Error(message), code ? { code } : {})
}

/** Outcomes that travel as objects: a hash pass, a block or a FilesJob (their buffers
 * transferred), a failure. */
export type WireOther = Exclude<DeflateResult, WholeResult | CrcResult> | FilesResult | DeflateFailure

/** A worker's answer to one batch. */
export interface BatchAnswer {
  id: number
  /** ROW numbers per job, in the batch's order. */
  rows: Float64Array
  /** Whole files' data, each followed by its hex SHA-256. */
  pack: ArrayBuffer
  /** Outcomes that are not rows, by job index. */
  others: Record<number, WireOther>
}

/** Bytes the pack of a batch needs at most: a whole file's data is never larger than the bytes
 * its job reads (it is stored when deflate does not shrink it), plus its hex SHA-256. */
export function packBytes(jobs: { kind: string; length: number }[]): number {
  return jobs.reduce((sum, job) => (job.kind === 'whole' ? sum + job.length + HEX_BYTES : sum), 0)
}

/** A batch's answer as the worker fills it in, job by job. */
export class AnswerBuilder {
  private readonly rows: Float64Array
  private readonly pack: Buffer
  private used = 0
  private readonly others: Record<number, WireOther> = {}
  /** Buffers to move with the answer, not copy. */
  readonly transfer: ArrayBuffer[]

  /** With `spares`, the rows and pack go into reused buffers (a FilesJob's answer, handed back). */
  constructor(jobs: { kind: string; length: number }[], spares?: Spares) {
    const rows = jobs.length * ROW
    const bytes = packBytes(jobs)
    this.rows = spares ? new Float64Array(spares.take(rows * 8), 0, rows) : new Float64Array(rows)
    this.pack = spares ? Buffer.from(spares.take(bytes), 0, bytes) : Buffer.allocUnsafeSlow(bytes)
    this.transfer = [this.rows.buffer as ArrayBuffer, this.pack.buffer as ArrayBuffer]
  }

  /** Records job `index`'s outcome; a whole file's data is copied now, before the next job reuses
   * its memory. Never throws. */
  add(index: number, r: DeflateResult | FilesResult | DeflateFailure): void {
    const at = index * ROW
    if ('error' in r || r.kind === 'block' || r.kind === 'hash' || r.kind === 'files') {
      if (!('error' in r) && r.kind === 'block') this.transfer.push(r.deflated.buffer as ArrayBuffer)
      if (!('error' in r) && r.kind === 'files') this.transfer.push(r.answer.rows.buffer as ArrayBuffer, r.answer.pack)
      this.others[index] = r
      return
    }
    const row = this.rows
    row[at] = r.kind === 'whole' ? KIND.whole : KIND.crc
    row[at + 1] = r.crc
    row[at + 2] = r.size
    row[at + 3] = r.fileSize
    if (r.kind !== 'whole') return
    row[at + 4] = r.deflated ? 1 : 0
    row[at + 5] = this.used
    row[at + 6] = r.data.length
    r.data.copy(this.pack, this.used)
    this.pack.write(r.sha256, this.used + r.data.length, HEX_BYTES, 'latin1')
    this.used += r.data.length + HEX_BYTES
  }

  answer(id: number): BatchAnswer {
    return { id, rows: this.rows, pack: this.pack.buffer as ArrayBuffer, others: this.others }
  }
}

/** Views that arrive from a worker as Uint8Array; the writer wants Buffers. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** The outcome of job `index` of `answer`, a whole file's data a view of the answer's pack. Never throws. */
export function outcomeOf(answer: BatchAnswer, index: number): DeflateResult | FilesResult | DeflateFailure {
  const other = answer.others[index]
  if (other) return 'error' in other || other.kind !== 'block' ? other : { ...other, deflated: asBuffer(other.deflated) }
  const at = index * ROW
  const { rows } = answer
  const [crc, size, fileSize] = [rows[at + 1], rows[at + 2], rows[at + 3]]
  if (rows[at] === KIND.crc) return { kind: 'crc', crc, size, fileSize }
  const [offset, length] = [rows[at + 5], rows[at + 6]]
  const data = Buffer.from(answer.pack, offset, length)
  const sha256 = Buffer.from(answer.pack, offset + length, HEX_BYTES).toString('latin1')
  return { kind: 'whole', data, deflated: rows[at + 4] === 1, crc, size, sha256, fileSize }
}
