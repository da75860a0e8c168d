// The zip file being written: bytes are counted (entry offsets) and hashed (CodeSha256) as they
// are handed over, gathered into large writes, and written in order with a bounded backlog.
// Headers and small entries are copied into one staging buffer instead of being kept as buffers
// of their own: a node_modules of 100,000 files would otherwise make a few hundred thousand tiny
// buffers, one hash call and one write slot each.
import { createHash } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'
import { asError } from '../../errors.js'

/** Gathered bytes are written once they reach this: headers are tiny, one call each is wasteful. */
const WRITE_BYTES = 256 * 1024
/** Chunks up to this size are copied into the staging buffer; larger ones are handed over as they are. */
const COPY_BYTES = 16 * 1024
/** Bytes handed to the disk but not yet written before the writer waits. */
const BACKLOG_BYTES = 2 * 1024 * 1024

/** writev may write less than asked (rarely, for files); the rest is written in further calls. */
async function writeAll(file: FileHandle, chunks: Buffer[], size: number): Promise<void> {
  const { bytesWritten } = await file.writev(chunks)
  let rest = bytesWritten < size ? Buffer.concat(chunks).subarray(bytesWritten) : Buffer.alloc(0)
  while (rest.length > 0) rest = rest.subarray((await file.write(rest)).bytesWritten)
}

/** Small records appended one after another into buffers of `chunkBytes`, unpooled (a pooled
 * buffer is a slice of a shared slab, which a kept slice pins whole). */
export class Staging {
  private buffer: Buffer
  private used = 0
  private start = 0

  constructor(private readonly chunkBytes: number) {
    this.buffer = Buffer.allocUnsafeSlow(chunkBytes)
  }

  /** Room for `size` bytes: the buffer and where to write them. Call `commit` after writing. Room
   * in a fresh buffer when the current one is full; `full` gets the finished part first. */
  room(size: number, full: (done: Buffer) => void): { into: Buffer; at: number } {
    if (this.used + size > this.buffer.length) {
      full(this.take())
      this.buffer = Buffer.allocUnsafeSlow(Math.max(this.chunkBytes, size))
      this.used = 0
      this.start = 0
    }
    return { into: this.buffer, at: this.used }
  }

  commit(size: number): void {
    this.used += size
  }

  /** The bytes written since the last take (they stay where they are; later ones go after them). */
  take(): Buffer {
    const done = this.buffer.subarray(this.start, this.used)
    this.start = this.used
    return done
  }

  /** Bytes written since the last take. */
  get pending(): number {
    return this.used - this.start
  }
}

/** The zip being written to `file`; the caller closes the file. */
export class ZipOutput {
  private readonly hash = createHash('sha256')
  private readonly staging = new Staging(WRITE_BYTES)
  private gathered: Buffer[] = []
  private gatheredBytes = 0
  private backlog = 0
  private written: Promise<void> = Promise.resolve()
  private failure?: Error
  /** Bytes handed over so far: the offset of the next byte in the zip. */
  bytes = 0

  constructor(private readonly file: FileHandle) {}

  /** Writes a record of `size` bytes that `fill` puts at `at` of `into`, with no buffer of its own.
   * Never throws: a failed write shows in ready() or finish(). */
  record(size: number, fill: (into: Buffer, at: number) => void): void {
    const { into, at } = this.staging.room(size, (done) => this.gather(done))
    fill(into, at)
    this.staging.commit(size)
    this.bytes += size
    if (this.gatheredBytes + this.staging.pending >= WRITE_BYTES) this.flush()
  }

  /** Takes `chunk`: copied when small or `borrowed` (its memory goes back for reuse once this
   * returns), else kept as is (it must not change afterwards). Never throws: a failed write shows
   * in ready() or finish(). */
  write(chunk: Buffer, borrowed = false): void {
    if (chunk.length === 0) return
    if (borrowed || chunk.length <= COPY_BYTES) return this.record(chunk.length, (into, at) => chunk.copy(into, at))
    this.gather(this.staging.take())
    this.gather(chunk)
    this.bytes += chunk.length
    if (this.gatheredBytes >= WRITE_BYTES) this.flush()
  }

  private gather(chunk: Buffer): void {
    if (chunk.length === 0) return
    this.hash.update(chunk)
    this.gathered.push(chunk)
    this.gatheredBytes += chunk.length
  }

  private flush(): void {
    this.gather(this.staging.take())
    if (this.gatheredBytes === 0) return
    const chunks = this.gathered
    const size = this.gatheredBytes
    this.gathered = []
    this.gatheredBytes = 0
    this.backlog += size
    this.written = this.written.then(async () => {
      if (this.failure) return
      try {
        await writeAll(this.file, chunks, size)
      } catch (err) {
        this.failure = asError(err)
      }
      this.backlog -= size
    })
  }

  /** Resolves once the backlog is small enough to hand over more; throws a failed write's error. */
  async ready(): Promise<void> {
    if (this.backlog > BACKLOG_BYTES) await this.written
    if (this.failure) throw this.failure
  }

  /** Writes what is left; throws a failed write's error. */
  async finish(): Promise<void> {
    this.flush()
    await this.written
    if (this.failure) throw this.failure
  }

  /** SHA-256 of every byte handed over; call once, after finish(). */
  digest(encoding: 'hex' | 'base64'): string {
    return this.hash.digest(encoding)
  }
}
