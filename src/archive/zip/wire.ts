// How results cross from a deflate worker to the main thread: the small outputs of a batch packed
// into one buffer, moved (not copied) with the answer, so a batch of 64 small files costs one
// transfer instead of 64; a large file's block output moves on its own.
import type { DeflateFailure, DeflateResult, WholeResult } from './deflate.js'

/** A whole file's result as it travels: its data as [offset, length] in the batch's pack. */
export type WireWhole = Omit<WholeResult, 'data'> & { packed: [number, number] }

/** One job's outcome as it travels. */
export type WireOutcome = WireWhole | Exclude<DeflateResult, WholeResult> | DeflateFailure

/** A worker's answer to one batch. */
export interface BatchAnswer {
  id: number
  results: WireOutcome[]
  /** The batch's small outputs, one after another. */
  pack: ArrayBuffer
}

/** Where a batch's small outputs go: `bytes` is large enough for all of them. */
export interface Pack {
  bytes: Buffer
  used: number
}

/** `r` as it travels: a whole file's data copied into `pack` (straight after its job, before the
 * next one reuses the memory), a block's output added to `transfer`. Never throws. */
export function packResult(r: DeflateResult, pack: Pack, transfer: ArrayBuffer[]): WireOutcome {
  if (r.kind === 'whole') {
    const { data, ...rest } = r
    const at = pack.used
    data.copy(pack.bytes, at)
    pack.used += data.length
    return { ...rest, packed: [at, data.length] }
  }
  if (r.kind === 'block') transfer.push(r.deflated.buffer as ArrayBuffer)
  return r
}

/** Views that arrive from a worker as Uint8Array; the writer wants Buffers. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** The result `r` stands for, its data a view of `pack`. Never throws. */
export function unpackResult(r: WireOutcome, pack: ArrayBuffer): DeflateResult | DeflateFailure {
  if ('error' in r) return r
  if (r.kind === 'whole') {
    const { packed, ...rest } = r
    return { ...rest, data: Buffer.from(pack, packed[0], packed[1]) }
  }
  if (r.kind === 'block') return { ...r, deflated: asBuffer(r.deflated) }
  return r
}
