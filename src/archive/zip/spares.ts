// The buffers a FilesJob's answer is written into, handed back by the main thread once the writer
// has copied what it needs, so a worker reuses them instead of allocating one per answer. An
// answer freed only when the main thread's garbage collector gets to it would leave the memory in
// the worker's malloc arena meanwhile: on 100,000 tiny files that arena grew by 10-15 MB per
// worker (measured with /proc/self/smaps), memory the process never gave back.

/** Buffers kept at most: a few answers' worth per worker. */
const KEEP = 8
/** A new buffer is at least this big, so a later run of tiny files fits in it too. */
const MIN_BYTES = 64 * 1024

/** Spare buffers of one thread. */
export class Spares {
  private readonly free: ArrayBuffer[] = []

  /** A buffer of at least `bytes`: a spare one if any is big enough, else a new one. Never throws
   * (but for memory). */
  take(bytes: number): ArrayBuffer {
    const at = this.free.findIndex((b) => b.byteLength >= bytes)
    if (at >= 0) return this.free.splice(at, 1)[0]
    return Buffer.allocUnsafeSlow(Math.max(bytes, MIN_BYTES)).buffer
  }

  /** Keeps `buffers` for later answers, up to KEEP; the rest are left to the garbage collector. */
  give(buffers: ArrayBuffer[]): void {
    for (const b of buffers) if (this.free.length < KEEP && b.byteLength > 0) this.free.push(b)
  }
}
