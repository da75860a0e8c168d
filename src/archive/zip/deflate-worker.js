// @ts-check
// Reads, measures and deflates files, in a worker thread (or inline for tiny layers). Plain JS
// with Node built-ins only: ncc copies this file next to the bundle as it is, and workers
// cannot load TypeScript. Every job is synchronous (no per-call thread hops), and its output
// depends only on the bytes read, never on which thread did the work.
import { createHash } from 'node:crypto'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import * as zlib from 'node:zlib'

/** Deflate level 6, as Info-ZIP's default and archiver's: the size users expect. memLevel 9
 * (zlib's largest buffers) measured 5% faster than the default 8 here, for the same size. */
const DEFLATE = { level: 6, memLevel: 9 }

/** workerData of the workers started for this file; anything else is not ours to serve. */
export const WORKER_ROLE = 'publish-lambda-layer:deflate'

/** Deflate's window: each block after the first uses this much of the data before it. */
export const DICTIONARY_BYTES = 32 * 1024

/**
 * whole: a small file, measured and deflated in one go.
 * block: one block of a large file. Blocks after the first use the 32 KiB before them as the
 *   deflate dictionary and end with a sync flush, so the blocks of a file concatenate into one
 *   valid deflate stream (as pigz does) that compresses almost exactly like a single call.
 * hash: one sequential pass over a large file for its CRC and SHA-256, which blocks deflated
 *   on several threads cannot give; per-block CRCs let the writer prove both passes read the
 *   same bytes.
 * @typedef {{ kind: 'whole', path: string, length: number }} WholeJob
 * @typedef {{ kind: 'block', path: string, offset: number, length: number, dictionary: number, last: boolean }} BlockJob
 * @typedef {{ kind: 'hash', path: string, length: number, blockBytes: number }} HashJob
 * @typedef {WholeJob | BlockJob | HashJob} DeflateJob
 *
 * @typedef {object} WholeResult
 * @property {'whole'} kind
 * @property {Buffer} data the entry's data as it goes in the zip: deflated, or stored when deflate does not shrink it
 * @property {boolean} deflated
 * @property {number} crc
 * @property {number} size bytes read (fewer than planned if the file shrank)
 * @property {string} sha256 hex
 * @property {number} fileSize the file's size after reading
 *
 * @typedef {object} BlockResult
 * @property {'block'} kind
 * @property {Buffer} deflated
 * @property {number} size bytes read (fewer than asked if the file shrank)
 * @property {number} crc of the bytes read
 * @property {number} dictionaryCrc of the dictionary bytes
 * @property {number} fileSize the file's size after its last block was read, else -1
 *
 * @typedef {object} HashResult
 * @property {'hash'} kind
 * @property {number} crc
 * @property {string} sha256 hex
 * @property {number} size bytes read
 * @property {number[]} blockCrcs CRC of each block
 * @property {number[]} tailCrcs CRC of the dictionary each next block reads: the block's last bytes
 * @property {number} fileSize
 *
 * @typedef {WholeResult | BlockResult | HashResult} DeflateResult
 * @typedef {{ error: { message: string, code?: string } }} DeflateFailure
 */

let table = /** @type {Uint32Array | undefined} */ (undefined)

/** Byte-at-a-time CRC-32 for Node releases before zlib.crc32 (20.15, 22.2). */
export function tableCrc32(/** @type {Uint8Array} */ data, value = 0) {
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  let c = ~value >>> 0
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8)
  return ~c >>> 0
}

/** CRC-32 of zip entries, continuing from `value`. @type {(data: Uint8Array, value?: number) => number} */
export const crc32 = /** @type {{ crc32?: (data: Uint8Array, value?: number) => number }} */ (zlib).crc32 ?? tableCrc32

/** Read buffer reused by every job: read bytes never leave this thread. */
let scratch = Buffer.alloc(0)

/** @param {number} size */
function scratchOf(size) {
  if (scratch.length < size) scratch = Buffer.allocUnsafeSlow(Math.max(size, 64 * 1024))
  return scratch.subarray(0, size)
}

/**
 * @param {number} fd
 * @param {Buffer} into
 * @param {number} position
 */
function readFully(fd, into, position) {
  let got = 0
  while (got < into.length) {
    const n = readSync(fd, into, got, into.length - got, position + got)
    if (n === 0) break
    got += n
  }
  return into.subarray(0, got)
}

/** zlib's output buffer size: room for the whole output, and never Node's pool size (below). */
const chunkSizeFor = (/** @type {number} */ n) => Math.max(4096, n + (n >> 8) + 64)

/** @param {Buffer} bytes */
function copyOf(bytes) {
  const out = Buffer.allocUnsafeSlow(bytes.length)
  bytes.copy(out)
  return out
}

/**
 * A buffer alone in its memory, so it can be transferred to the main thread without dragging
 * along Node's shared small-buffer pool. With one output chunk, zlib returns a view from 0 of a
 * buffer it allocated unpooled (chunkSizeFor is above the pool threshold); that memory then
 * moves to the main thread instead of piling up here until this thread's next GC.
 * @param {Buffer} bytes
 * @param {number} chunkSize
 */
function owned(bytes, chunkSize) {
  const alone = bytes.byteOffset === 0 && (bytes.buffer.byteLength === chunkSize || bytes.buffer.byteLength === bytes.length)
  return alone && bytes.buffer.byteLength !== Buffer.poolSize ? bytes : copyOf(bytes)
}

/**
 * A block's deflate output, handed over without a copy (a large file's blocks would otherwise
 * leave a megabyte of garbage here per block).
 * @param {Buffer} raw
 * @param {Buffer} dictionary
 * @param {boolean} last
 */
function deflateBlock(raw, dictionary, last) {
  const chunkSize = chunkSizeFor(raw.length)
  const finishFlush = last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH
  const options = { ...DEFLATE, finishFlush, chunkSize, ...(dictionary.length > 0 ? { dictionary } : {}) }
  return owned(zlib.deflateRawSync(raw, options), chunkSize)
}

/** @param {number} fd @param {WholeJob} job @returns {WholeResult} */
function wholeFile(fd, job) {
  // One byte more than planned: a file that grew shows without an fstat per file.
  const read = readFully(fd, scratchOf(job.length + 1), 0)
  const fileSize = read.length > job.length ? fstatSync(fd).size : read.length
  const raw = read.subarray(0, job.length)
  const deflated = zlib.deflateRawSync(raw, DEFLATE)
  const shrunk = deflated.length < raw.length
  const sha256 = createHash('sha256').update(raw).digest('hex')
  // Copied to its exact size: zlib's buffers die young here, and only the data crosses over.
  return { kind: 'whole', data: copyOf(shrunk ? deflated : raw), deflated: shrunk, crc: crc32(raw), size: raw.length, sha256, fileSize }
}

/** @param {number} fd @param {BlockJob} job @returns {BlockResult} */
function block(fd, job) {
  const bytes = readFully(fd, scratchOf(job.dictionary + job.length), job.offset - job.dictionary)
  const fileSize = job.last ? fstatSync(fd).size : -1
  const dictionary = bytes.subarray(0, Math.min(bytes.length, job.dictionary))
  const raw = bytes.subarray(dictionary.length)
  const deflated = deflateBlock(raw, dictionary, job.last)
  return { kind: 'block', deflated, size: raw.length, crc: crc32(raw), dictionaryCrc: crc32(dictionary), fileSize }
}

/** @param {number} fd @param {HashJob} job @returns {HashResult} */
function hashFile(fd, job) {
  const sha = createHash('sha256')
  const result = {
    kind: /** @type {const} */ ('hash'),
    crc: 0,
    sha256: '',
    size: 0,
    blockCrcs: /** @type {number[]} */ ([]),
    tailCrcs: /** @type {number[]} */ ([]),
    fileSize: 0
  }
  for (let offset = 0; offset < job.length; offset += job.blockBytes) {
    const raw = readFully(fd, scratchOf(Math.min(job.blockBytes, job.length - offset)), offset)
    sha.update(raw)
    result.crc = crc32(raw, result.crc)
    result.size += raw.length
    result.blockCrcs.push(crc32(raw))
    result.tailCrcs.push(crc32(raw.subarray(Math.max(0, raw.length - DICTIONARY_BYTES))))
    if (raw.length === 0) break
  }
  return { ...result, sha256: sha.digest('hex'), fileSize: fstatSync(fd).size }
}

/**
 * @param {DeflateJob} job
 * @returns {DeflateResult}
 */
export function deflateJob(job) {
  const fd = openSync(job.path, 'r')
  try {
    if (job.kind === 'whole') return wholeFile(fd, job)
    return job.kind === 'block' ? block(fd, job) : hashFile(fd, job)
  } finally {
    closeSync(fd)
  }
}

/** @param {DeflateResult} r @returns {ArrayBuffer[]} */
function transferable(r) {
  const data = r.kind === 'whole' ? r.data : r.kind === 'block' ? r.deflated : undefined
  return data ? [/** @type {ArrayBuffer} */ (data.buffer)] : []
}

/** @param {unknown} err @returns {DeflateFailure} */
function failure(err) {
  const e = /** @type {NodeJS.ErrnoException} */ (err)
  return { error: { message: String(e?.message ?? err), code: e?.code } }
}

/**
 * A batch of jobs in, their results out, in order; a failed job does not stop the others.
 * @param {import('node:worker_threads').MessagePort} port
 */
function serve(port) {
  port.on('message', (/** @type {{ id: number, jobs: DeflateJob[] }} */ batch) => {
    /** @type {(DeflateResult | DeflateFailure)[]} */
    const results = []
    /** @type {ArrayBuffer[]} */
    const transfer = []
    for (const job of batch.jobs) {
      try {
        const result = deflateJob(job)
        results.push(result)
        transfer.push(...transferable(result))
      } catch (err) {
        results.push(failure(err))
      }
    }
    port.postMessage({ id: batch.id, results }, transfer)
  })
}

if (parentPort && workerData === WORKER_ROLE) serve(parentPort)
