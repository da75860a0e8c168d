// How results cross from a deflate worker to the main thread. A batch of 64 small files would
// otherwise be 64 objects to clone and 64 buffers to transfer; instead each whole-file or CRC
// result is a row of numbers in one Float64Array, and the small outputs (with their SHA-256 in
// hex) sit one after another in one buffer, both moved with the answer. A large file's block
// output moves on its own; the rare other outcomes (hash passes, failures) are cloned as objects.
import type { CrcResult, DeflateFailure, DeflateResult, WholeResult } from './deflate.js'

/** Numbers per job: kind, crc, size, fileSize, deflated, data offset, data length. */
const ROW = 7
const KIND = { other: 0, whole: 1, crc: 2 } as const
/** Bytes of a hex SHA-256 after a whole file's data. */
const HEX_BYTES = 64

/** Outcomes that travel as objects: a hash pass, a block (its output transferred), a failure. */
export type WireOther = Exclude<DeflateResult, WholeResult | CrcResult> | DeflateFailure

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

  constructor(jobs: { kind: string; length: number }[]) {
    this.rows = new Float64Array(jobs.length * ROW)
    this.pack = Buffer.allocUnsafeSlow(packBytes(jobs))
    this.transfer = [this.rows.buffer as ArrayBuffer, this.pack.buffer as ArrayBuffer]
  }

  /** Records job `index`'s outcome; a whole file's data is copied now, before the next job reuses
   * its memory. Never throws. */
  add(index: number, r: DeflateResult | DeflateFailure): void {
    const at = index * ROW
    if ('error' in r || r.kind === 'block' || r.kind === 'hash') {
      if (!('error' in r) && r.kind === 'block') this.transfer.push(r.deflated.buffer as ArrayBuffer)
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
export function outcomeOf(answer: BatchAnswer, index: number): DeflateResult | DeflateFailure {
  const other = answer.others[index]
  if (other) return 'error' in other || other.kind !== 'block' ? other : { ...other, deflated: asBuffer(other.deflated) }
  const row = answer.rows.subarray(index * ROW, index * ROW + ROW)
  const [kind, crc, size, fileSize, deflated, offset, length] = row
  if (kind === KIND.crc) return { kind: 'crc', crc, size, fileSize }
  const pack = Buffer.from(answer.pack)
  const data = pack.subarray(offset, offset + length)
  const sha256 = pack.toString('latin1', offset + length, offset + length + HEX_BYTES)
  return { kind: 'whole', data, deflated: deflated === 1, crc, size, sha256, fileSize }
}
