// Reads, measures and deflates files: the work of the deflate worker threads, and of the main
// thread for tiny layers. Node built-ins only, so the worker bundle stays small. Every job is
// synchronous (no per-call thread hops), and its output depends only on the bytes read, never
// on which thread did the work.
import { createHash } from 'node:crypto'
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs'
import type { MessagePort } from 'node:worker_threads'
import * as zlib from 'node:zlib'
import { crc32 } from './crc32.js'

/** Deflate level 6, as Info-ZIP's default: the size users expect. memLevel 9 (zlib's largest
 * buffers) measured 5% faster than the default 8 here, for the same size. */
const DEFLATE = { level: 6, memLevel: 9 }

/** The role in the workerData of the workers the pool starts; a thread started with anything
 * else is not ours to serve. */
export const WORKER_ROLE = 'publish-lambda-layer:deflate'

/** What the pool hands each worker: its role, and the port on which it is told to stop. */
export interface WorkerData {
  role: typeof WORKER_ROLE
  control: MessagePort
}

/** Deflate's window, in bytes: each block after the first uses this much of the data before it. */
export const DICTIONARY_BYTES = 32 * 1024

/** The file the plan saw at a path (lstat): a job reads it only if the path still leads to it. */
export interface PlannedFile {
  /** Bytes. */
  size: number
  ino: number
  dev: number
}

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

/** Any job a deflater runs. */
export type DeflateJob = WholeJob | BlockJob | HashJob

export interface WholeResult {
  kind: 'whole'
  /** The entry's data as it goes in the zip: deflated, or stored when deflate does not shrink it. */
  data: Buffer
  deflated: boolean
  crc: number
  /** Bytes read (fewer than planned if the file shrank). */
  size: number
  /** Hex SHA-256 of the bytes read. */
  sha256: string
  /** The file's size in bytes after reading. */
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

/** What a job returns, of the job's kind. */
export type DeflateResult = WholeResult | BlockResult | HashResult

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

function wholeFile(fd: number, job: WholeJob): WholeResult {
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

function block(fd: number, job: BlockJob): BlockResult {
  const bytes = readFully(fd, scratchOf(job.dictionary + job.length), job.offset - job.dictionary)
  const fileSize = job.last ? fstatSync(fd).size : -1
  const dictionary = bytes.subarray(0, Math.min(bytes.length, job.dictionary))
  const raw = bytes.subarray(dictionary.length)
  const deflated = deflateBlock(raw, dictionary, job.last)
  return { kind: 'block', deflated, size: raw.length, crc: crc32(raw), dictionaryCrc: crc32(dictionary), fileSize }
}

function hashFile(fd: number, job: HashJob): HashResult {
  const sha = createHash('sha256')
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

/** Code of the error a job throws when its path no longer leads to the planned file. */
export const NOT_PLANNED = 'ENOTPLANNED'

function notPlanned(what: string): Error {
  return Object.assign(new Error(what), { code: NOT_PLANNED })
}

function kindName(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder'
  if (stats.isFIFO()) return 'a FIFO'
  if (stats.isSocket()) return 'a socket'
  return 'a device'
}

/** What makes the open file not the planned one, or undefined when it is that file. */
function difference(stats: Stats, planned: PlannedFile): string | undefined {
  if (!stats.isFile()) return `it is now ${kindName(stats)}`
  if (stats.ino !== planned.ino || stats.dev !== planned.dev) return 'it is now another file (another inode)'
  if (stats.size !== planned.size) return `${planned.size} bytes planned, ${stats.size} now`
  return undefined
}

/**
 * Opens the planned file without following a symlink and without blocking (a FIFO put in its
 * place would otherwise hang the read), then proves with fstat that it is the regular file the
 * plan saw: same inode, device and size. Returns the descriptor.
 */
function openPlanned(job: DeflateJob): number {
  let fd: number
  try {
    fd = openSync(job.path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw notPlanned('it is now a symbolic link')
    throw err
  }
  const differs = difference(fstatSync(fd), job.planned)
  if (differs) {
    closeSync(fd)
    throw notPlanned(differs)
  }
  return fd
}

/**
 * Runs one job on this thread. Returns what it read and made; a file that shrank or grew while
 * read shows in the sizes, which the writer checks. Throws an Error with code NOT_PLANNED when the
 * path no longer leads to the planned file (a symlink, FIFO or other file put in its place, or
 * another size), and the fs error (ENOENT, EACCES...) when it cannot be opened or read.
 */
export function deflateJob(job: DeflateJob): DeflateResult {
  const fd = openPlanned(job)
  try {
    if (job.kind === 'whole') return wholeFile(fd, job)
    return job.kind === 'block' ? block(fd, job) : hashFile(fd, job)
  } finally {
    closeSync(fd)
  }
}
