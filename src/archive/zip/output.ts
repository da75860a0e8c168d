// The zip file being written: bytes are counted (entry offsets) and hashed (CodeSha256) as they
// are handed over, gathered into large writes, and written in order with a bounded backlog.
import { createHash } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'
import { asError } from '../../errors.js'

/** Gathered bytes are written once they reach this: headers are tiny, one call each is wasteful. */
const WRITE_BYTES = 256 * 1024
/** Bytes handed to the disk but not yet written before the writer waits. */
const BACKLOG_BYTES = 2 * 1024 * 1024

/** writev may write less than asked (rarely, for files); the rest is written in further calls. */
async function writeAll(file: FileHandle, chunks: Buffer[], size: number): Promise<void> {
  const { bytesWritten } = await file.writev(chunks)
  let rest = bytesWritten < size ? Buffer.concat(chunks).subarray(bytesWritten) : Buffer.alloc(0)
  while (rest.length > 0) rest = rest.subarray((await file.write(rest)).bytesWritten)
}

/** The zip being written to `file`; the caller closes the file. */
export class ZipOutput {
  private readonly hash = createHash('sha256')
  private gathered: Buffer[] = []
  private gatheredBytes = 0
  private backlog = 0
  private written: Promise<void> = Promise.resolve()
  private failure?: Error
  /** Bytes handed over so far: the offset of the next byte in the zip. */
  bytes = 0

  constructor(private readonly file: FileHandle) {}

  /** Takes `chunk` (not copied: it must not change afterwards). Never throws: a failed write
   * shows in ready() or finish(). */
  write(chunk: Buffer): void {
    if (chunk.length === 0) return
    this.hash.update(chunk)
    this.bytes += chunk.length
    this.gathered.push(chunk)
    this.gatheredBytes += chunk.length
    if (this.gatheredBytes >= WRITE_BYTES) this.flush()
  }

  private flush(): void {
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
