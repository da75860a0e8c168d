// Streams between archiver and the disk: they measure the zip (size, SHA-256) as it is
// written, and put the real digest into the comment, which archiver wants before it is known.
import { createHash } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'

/** Passes bytes through, counting and hashing them. */
export class Measure extends Transform {
  private readonly hash = createHash('sha256')
  bytes = 0

  protected pass(chunk: Buffer): void {
    if (chunk.length === 0) return
    this.hash.update(chunk)
    this.bytes += chunk.length
    this.push(chunk)
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pass(chunk)
    done()
  }

  digest(encoding: 'hex' | 'base64'): string {
    return this.hash.digest(encoding)
  }
}

/** Output is passed on in blocks of about this size: archiver writes headers field by field. */
const BLOCK = 256 * 1024

/**
 * The zip comment is the last thing in a zip. The zip is written with a placeholder comment of
 * the final length; this stream holds back the trailing bytes and swaps in the real comment
 * after checking that the placeholder is what it held. It also gathers archiver's many tiny
 * writes into blocks, which saves most of the write calls.
 */
export class CommentPatcher extends Measure {
  private held: Buffer[] = []
  private heldBytes = 0
  private real?: Buffer
  private readonly placeholder: Buffer

  constructor(placeholder: string) {
    super()
    this.placeholder = Buffer.from(placeholder)
  }

  replaceWith(comment: string): void {
    const real = Buffer.from(comment)
    if (real.length !== this.placeholder.length) throw new Error('the zip comment cannot change length')
    this.real = real
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.held.push(chunk)
    this.heldBytes += chunk.length
    if (this.heldBytes >= BLOCK + this.placeholder.length) {
      const all = Buffer.concat(this.held, this.heldBytes)
      const cut = all.length - this.placeholder.length
      this.pass(all.subarray(0, cut))
      this.held = [all.subarray(cut)]
      this.heldBytes = this.placeholder.length
    }
    done()
  }

  override _flush(done: TransformCallback): void {
    const all = Buffer.concat(this.held, this.heldBytes)
    const cut = all.length - this.placeholder.length
    if (!this.real || cut < 0 || !all.subarray(cut).equals(this.placeholder)) {
      done(new Error('the zip does not end with the placeholder comment'))
      return
    }
    this.pass(all.subarray(0, cut))
    this.pass(this.real)
    done()
  }
}
