// Reads, measures and deflates files: the work of the deflate worker threads, and of the main
// thread for tiny layers. Node built-ins only, so the worker bundle stays small. Every job is
// synchronous (no per-call thread hops), and its output depends only on the bytes read, never
// on which thread did the work.
import * as crypto from 'node:crypto'
import { closeSync, fstatSync, readSync } from 'node:fs'
import type { MessagePort } from 'node:worker_threads'
import * as zlib from 'node:zlib'
import { crc32 } from './crc32.js'
import { openPlanned, type PlannedFile } from './planned-file.js'

export { NOT_PLANNED, type PlannedFile } from './planned-file.js'

/** Level 6, Info-ZIP's default: the size users expect; memLevel 9 measured 5% faster on large files. */
const DEFLATE = { level: 6, memLevel: 9 }

/** Windows of 512 bytes to 16 KiB (windowBits 9 to 14), with output room for the whole file;
 * zlib reaches back at most 2^windowBits - 262 bytes (MAX_DIST in deflate.c). */
const SMALL_WINDOWS = [9, 10, 11, 12, 13, 14].map((windowBits) => ({
  level: 6,
  memLevel: 8,
  windowBits,
  chunkSize: Math.max(4096, 1 << windowBits)
}))

/**
 * zlib's options for a whole file of `size` bytes: level 6 with the smallest window that still
 * reaches back over the whole file, so no match is lost, and memLevel 8. Setting up and clearing
 * zlib's full 32 KiB window and 128 KiB hash table is most of the cost of a small file: callgrind
 * counted about half the instructions per file of a node_modules (20-400 bytes); the bench's zips
 * stay within a byte of the size. Larger files get DEFLATE. Depends on the size only: a file
 * always deflates the same.
 */
function wholeFileOptions(size: number): zlib.ZlibOptions {
  return SMALL_WINDOWS.find((options) => size <= (1 << options.windowBits) - 262) ?? DEFLATE
}

/** The role in the workerData of the workers the pool starts; a thread started with anything
 * else is not ours to serve. */
export const WORKER_ROLE = 'publish-lambda-layer:deflate'

/** What the pool hands each worker: its role, and the port on which it is told to stop. */
export interface WorkerData {
  role: typeof WORKER_ROLE
  control: MessagePort
}

/** A CRC job reads files in blocks of this many bytes. */
const CRC_BLOCK_BYTES = 1024 * 1024

/** Deflate's window, in bytes: each block after the first uses this much of the data before it. */
export const DICTIONARY_BYTES = 32 * 1024

/** A small file, measured and deflated in one go. Lengths are in bytes. */
export interface WholeJob {
  kind: 'whole'
  path: string
  length: number
  planned: PlannedFile
}

/**
 * One block of a large file. Blocks after the first use the `dictionary` bytes before them as
 * the deflate dictionary and end with a sync flush, so the blocks of a file concatenate into one
 * valid deflate stream (as pigz does) that compresses almost exactly like a single call.
 */
export interface BlockJob {
  kind: 'block'
  path: string
  offset: number
  length: number
  dictionary: number
  last: boolean
  planned: PlannedFile
}

/**
 * One sequential pass over a large file for its CRC and SHA-256, which blocks deflated on
 * several threads cannot give; per-block CRCs let the writer prove both passes read the same bytes.
 */
export interface HashJob {
  kind: 'hash'
  path: string
  length: number
  blockBytes: number
  planned: PlannedFile
}

/**
 * A file's CRC-32 and size, read without compressing: what skip-unchanged compares with the
 * stored version's central directory before anything is deflated.
 */
export interface CrcJob {
  kind: 'crc'
  path: string
  length: number
  planned: PlannedFile
}

/** Any job a deflater runs. */
export type DeflateJob = WholeJob | BlockJob | HashJob | CrcJob

export interface WholeResult {
  kind: 'whole'
  /** The entry's data as it goes in the zip: deflated, or stored when deflate does not shrink it.
   * Straight from deflateJob it may be a view of memory the next job reuses (see ownedResult). */
  data: Buffer
  deflated: boolean
  crc: number
  /** Bytes read (fewer than planned if the file shrank). */
  size: number
  /** Hex SHA-256 of the bytes read. */
  sha256: string
  /** The file's size in bytes as it was opened (openPlanned proved it is the planned size). */
  fileSize: number
}

export interface BlockResult {
  kind: 'block'
  deflated: Buffer
  /** Bytes read (fewer than asked if the file shrank). */
  size: number
  /** CRC of the bytes read. */
  crc: number
  /** CRC of the dictionary bytes. */
  dictionaryCrc: number
  /** The file's size in bytes after its last block was read, else -1. */
  fileSize: number
}

export interface HashResult {
  kind: 'hash'
  crc: number
  /** Hex SHA-256 of the bytes read. */
  sha256: string
  /** Bytes read. */
  size: number
  /** CRC of each block. */
  blockCrcs: number[]
  /** CRC of the dictionary each next block reads: the block's last bytes. */
  tailCrcs: number[]
  fileSize: number
}

export interface CrcResult {
  kind: 'crc'
  crc: number
  /** Bytes read (fewer than planned if the file shrank). */
  size: number
  /** The file's size in bytes after reading. */
  fileSize: number
}

/** What a job returns, of the job's kind. */
export type DeflateResult = WholeResult | BlockResult | HashResult | CrcResult

/** A job that threw, as it crosses back from a worker: the fs error's message and code. */
export interface DeflateFailure {
  error: { message: string; code?: string }
}

/** Read buffer reused by every job: read bytes never leave this thread. */
let scratch = Buffer.alloc(0)
function scratchOf(size: number): Buffer {
  if (scratch.length < size) scratch = Buffer.allocUnsafeSlow(Math.max(size, 64 * 1024))
  return scratch.subarray(0, size)
}

function readFully(fd: number, into: Buffer, position: number): Buffer {
  let got = 0
  while (got < into.length) {
    const n = readSync(fd, into, got, into.length - got, position + got)
    if (n === 0) break
    got += n
  }
  return into.subarray(0, got)
}

/** zlib's output buffer size: room for the whole output, and never Node's pool size (below). */
const chunkSizeFor = (n: number): number => Math.max(4096, n + (n >> 8) + 64)

function copyOf(bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafeSlow(bytes.length)
  bytes.copy(out)
  return out
}

/**
 * A buffer alone in its memory, so it can be transferred to the main thread without dragging
 * along Node's shared small-buffer pool. With one output chunk, zlib returns a view from 0 of a
 * buffer it allocated unpooled (chunkSizeFor is above the pool threshold); that memory then
 * moves to the main thread instead of piling up here until this thread's next GC.
 */
function owned(bytes: Buffer, chunkSize: number): Buffer {
  const alone = bytes.byteOffset === 0 && (bytes.buffer.byteLength === chunkSize || bytes.buffer.byteLength === bytes.length)
  return alone && bytes.buffer.byteLength !== Buffer.poolSize ? bytes : copyOf(bytes)
}

/** A block's deflate output, handed over without a copy (a large file's blocks would otherwise
 * leave a megabyte of garbage here per block). */
function deflateBlock(raw: Buffer, dictionary: Buffer, last: boolean): Buffer {
  const chunkSize = chunkSizeFor(raw.length)
  const finishFlush = last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH
  const options = { ...DEFLATE, finishFlush, chunkSize, ...(dictionary.length > 0 ? { dictionary } : {}) }
  return owned(zlib.deflateRawSync(raw, options), chunkSize)
}

/** SHA-256 in one call where Node has it (20.12+, 21.7+): no Hash object per small file. */
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'hex') => string }).hash
const sha256Hex = (data: Uint8Array): string =>
  oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex')

/** Up to `length` bytes from the start, in one read call for a small file (a file that shrank
 * reads fewer bytes; one that grew showed in openPlanned's fstat), into the scratch buffer. */
function readPlanned(fd: number, length: number): Buffer {
  return readFully(fd, scratchOf(length), 0)
}

function wholeFile(fd: number, job: WholeJob): WholeResult {
  const raw = readPlanned(fd, job.length)
  const fileSize = job.planned.size
  const deflated = zlib.deflateRawSync(raw, wholeFileOptions(raw.length))
  const shrunk = deflated.length < raw.length
  // Not copied: the caller copies the data where it goes next (ownedResult, the worker's batch).
  return {
    kind: 'whole',
    data: shrunk ? deflated : raw,
    deflated: shrunk,
    crc: crc32(raw),
    size: raw.length,
    sha256: sha256Hex(raw),
    fileSize
  }
}

/** A file's CRC, read in blocks of at most CRC_BLOCK_BYTES. */
function crcFile(fd: number, job: CrcJob): CrcResult {
  if (job.length <= CRC_BLOCK_BYTES) {
    const raw = readPlanned(fd, job.length)
    return { kind: 'crc', crc: crc32(raw), size: raw.length, fileSize: job.planned.size }
  }
  let crc = 0
  let size = 0
  for (let offset = 0; offset < job.length; offset += CRC_BLOCK_BYTES) {
    const raw = readFully(fd, scratchOf(Math.min(CRC_BLOCK_BYTES, job.length - offset)), offset)
    crc = crc32(raw, crc)
    size += raw.length
    if (raw.length === 0) break
  }
  return { kind: 'crc', crc, size, fileSize: fstatSync(fd).size }
}

/** A result whose data the caller may keep: a whole file's data copied out of memory the next
 * job reuses, to its exact size. Never throws. */
export function ownedResult(r: DeflateResult): DeflateResult {
  return r.kind === 'whole' ? { ...r, data: copyOf(r.data) } : r
}

function block(fd: number, job: BlockJob): BlockResult {
  const bytes = readFully(fd, scratchOf(job.dictionary + job.length), job.offset - job.dictionary)
  const fileSize = job.last ? fstatSync(fd).size : -1
  const dictionary = bytes.subarray(0, Math.min(bytes.length, job.dictionary))
  const raw = bytes.subarray(dictionary.length)
  const deflated = deflateBlock(raw, dictionary, job.last)
  return { kind: 'block', deflated, size: raw.length, crc: crc32(raw), dictionaryCrc: crc32(dictionary), fileSize }
}

function hashFile(fd: number, job: HashJob): HashResult {
  const sha = crypto.createHash('sha256')
  const result: HashResult = { kind: 'hash', crc: 0, sha256: '', size: 0, blockCrcs: [], tailCrcs: [], fileSize: 0 }
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
 * Runs one job on this thread. Returns what it read and made (a whole file's data valid until the
 * next job: see ownedResult); a file that shrank or grew while
 * read shows in the sizes, which the writer checks. Throws an Error with code NOT_PLANNED when the
 * path no longer leads to the planned file (a symlink, FIFO or other file put in its place, or
 * another size), and the fs error (ENOENT, EACCES...) when it cannot be opened or read.
 */
export function deflateJob(job: DeflateJob): DeflateResult {
  const fd = openPlanned(job.path, job.planned)
  try {
    if (job.kind === 'whole') return wholeFile(fd, job)
    if (job.kind === 'crc') return crcFile(fd, job)
    return job.kind === 'block' ? block(fd, job) : hashFile(fd, job)
  } finally {
    closeSync(fd)
  }
}
