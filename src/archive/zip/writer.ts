// Writes planned entries as a zip, in plan order, from files read and deflated ahead on other
// threads. Files up to 1 MiB come whole, sizes in the local header, stored when deflate does not
// shrink them; larger ones stream block by block, their CRC and SHA-256 from a separate hash
// pass, sizes in a data descriptor.
import { ContentDigest, digestComment } from '../digest.js'
import { ActionError } from '../../errors.js'
import type { ArchiveEntry } from '../../plan/plan.js'
import { fsError } from '../../plan/names.js'
import { crc32 } from './crc32.js'
import {
  NOT_PLANNED,
  type BlockJob,
  type BlockResult,
  type DeflateResult,
  type HashJob,
  type HashResult,
  type WholeJob
} from './deflate.js'
import { centralHeader, dataDescriptor, endRecords, localHeader, METHOD, type CentralEntry, type EntryHeader } from './format.js'
import type { ZipOutput } from './output.js'
import type { Deflater } from './pool.js'
import { ReadAhead } from './schedule.js'

/** Streamed files this large get 64-bit sizes up front: room for deflate's worst-case growth. */
const ZIP64_STREAM_BYTES = 0xf0000000

/** What writing the entries measured. */
export interface WrittenZip {
  entryCount: number
  /** Hex SHA-256 of the canonical entry listing (see ../digest.ts). */
  contentDigest: string
}

function changed(entry: ArchiveEntry, read: number | string): ActionError {
  const what = typeof read === 'string' ? read : `${entry.size} bytes planned, ${read} read`
  return new ActionError(
    `'${entry.source}' changed while the zip was written (${what})`,
    'Do not modify the layer files while the action runs'
  )
}

/** Fails unless `read` bytes are what the plan said (and the file still ends there). */
function checkSize(entry: ArchiveEntry, expected: number, read: number, fileSize: number): void {
  if (read !== expected) throw changed(entry, read)
  if (fileSize !== entry.size) throw changed(entry, fileSize)
}

/** The hash pass and the deflate jobs must have read the same bytes, or the zip would lie. */
function checkSameBytes(entry: ArchiveEntry, hash: HashResult, blocks: Pick<BlockResult, 'crc' | 'dictionaryCrc'>[]): void {
  const differs = blocks.some((b, i) => b.crc !== hash.blockCrcs[i] || (i > 0 && b.dictionaryCrc !== hash.tailCrcs[i - 1]))
  if (differs || blocks.length !== hash.blockCrcs.length) throw changed(entry, hash.size)
}

function kindOf<K extends DeflateResult['kind']>(kind: K, r: DeflateResult): Extract<DeflateResult, { kind: K }> {
  if (r.kind !== kind) throw new Error(`expected a ${kind} result, got ${r.kind}`)
  return r as Extract<DeflateResult, { kind: K }>
}

class EntryWriter {
  readonly records: CentralEntry[] = []
  readonly digest = new ContentDigest()

  constructor(
    private readonly out: ZipOutput,
    private readonly ahead: ReadAhead
  ) {}

  private header(entry: ArchiveEntry, fields: Omit<EntryHeader, 'name'>): CentralEntry {
    return { name: Buffer.from(entry.name), kind: entry.kind, mode: entry.mode, offset: this.out.bytes, ...fields }
  }

  /** A folder or link: stored, its data (a link's target) known up front. */
  stored(entry: ArchiveEntry, data: Buffer): void {
    const rec = this.header(entry, {
      method: METHOD.stored,
      descriptor: false,
      zip64Sizes: false,
      crc: crc32(data),
      compressedSize: data.length,
      size: data.length
    })
    this.out.write(localHeader(rec))
    this.out.write(data)
    this.records.push(rec)
  }

  /** A small file: deflated, or stored when deflate does not make it smaller. */
  async smallFile(entry: ArchiveEntry, job: WholeJob): Promise<string> {
    const r = kindOf('whole', await this.ahead.take(job))
    checkSize(entry, job.length, r.size, r.fileSize)
    const method = r.deflated ? METHOD.deflated : METHOD.stored
    const rec = this.header(entry, {
      method,
      descriptor: false,
      zip64Sizes: false,
      crc: r.crc,
      compressedSize: r.data.length,
      size: r.size
    })
    this.out.write(localHeader(rec))
    this.out.write(r.data)
    this.records.push(rec)
    this.ahead.release(job)
    return r.sha256
  }

  /** A large file: one deflate stream written as its blocks arrive, sizes and CRC after it. */
  async largeFile(entry: ArchiveEntry, jobs: { hash: HashJob; blocks: BlockJob[] }): Promise<string> {
    const zip64Sizes = entry.size >= ZIP64_STREAM_BYTES
    const rec = this.header(entry, { method: METHOD.deflated, descriptor: true, zip64Sizes, crc: 0, compressedSize: 0, size: 0 })
    this.out.write(localHeader(rec))
    const hashed = this.ahead.take(jobs.hash)
    const blocks: Pick<BlockResult, 'crc' | 'dictionaryCrc'>[] = []
    for (const job of jobs.blocks) {
      const r = kindOf('block', await this.ahead.take(job))
      if (r.size !== job.length) throw changed(entry, job.offset + r.size)
      blocks.push({ crc: r.crc, dictionaryCrc: r.dictionaryCrc })
      rec.size += r.size
      rec.compressedSize += r.deflated.length
      this.out.write(r.deflated)
      this.ahead.release(job)
      await this.out.ready()
    }
    const hash = kindOf('hash', await hashed)
    this.ahead.release(jobs.hash)
    checkSize(entry, entry.size, hash.size, hash.fileSize)
    checkSameBytes(entry, hash, blocks)
    rec.crc = hash.crc
    this.out.write(dataDescriptor(rec))
    this.records.push(rec)
    return hash.sha256
  }

  /** Writes one entry; returns its content-digest payload. */
  async entry(entry: ArchiveEntry, index: number): Promise<string> {
    if (entry.kind === 'directory') {
      this.stored(entry, Buffer.alloc(0))
      return ''
    }
    if (entry.kind === 'symlink') {
      const target = entry.linkTarget ?? ''
      this.stored(entry, Buffer.from(target))
      return target
    }
    const jobs = this.ahead.files[index]
    if (!jobs) throw new Error(`no read jobs for '${entry.name}'`)
    try {
      return await ('whole' in jobs ? this.smallFile(entry, jobs.whole) : this.largeFile(entry, jobs))
    } catch (err) {
      // fs errors (ENOENT, EACCES...) name the file; a failed worker (ERR_WORKER_...) does not.
      const code = (err as NodeJS.ErrnoException).code
      if (code === NOT_PLANNED) throw changed(entry, (err as Error).message)
      if (err instanceof ActionError || !code || code.startsWith('ERR_')) throw err
      throw fsError('read', entry.source, err)
    }
  }

  /** The central directory and end records; the comment carries the content digest. */
  finish(): string {
    const contentDigest = this.digest.hex()
    const offset = this.out.bytes
    for (const rec of this.records) this.out.write(centralHeader(rec))
    const comment = Buffer.from(digestComment(contentDigest))
    this.out.write(endRecords({ entries: this.records.length, size: this.out.bytes - offset, offset, comment }))
    return contentDigest
  }
}

/** How writeZip reads: the deflater, and how far ahead. */
export interface WriteOptions {
  deflater: Deflater
  /** Bytes read ahead of the writer at most (a block may exceed it by its own size). */
  readAheadBytes: number
}

/**
 * Writes `entries` (already in archive order) to `out`; the caller finishes and closes `out`.
 * Returns the entry count and content digest. Throws ActionError when a file changed while it
 * was read or cannot be read (fsError, naming it), and a failed worker's or write's Error as is.
 */
export async function writeZip(entries: ArchiveEntry[], out: ZipOutput, options: WriteOptions): Promise<WrittenZip> {
  const files = entries.map((e) => (e.kind === 'file' ? { path: e.source, size: e.size, ino: e.ino, dev: e.dev } : undefined))
  const ahead = new ReadAhead(files, options.deflater, options.readAheadBytes)
  ahead.start()
  const writer = new EntryWriter(out, ahead)
  for (const [index, entry] of entries.entries()) {
    const payload = await writer.entry(entry, index)
    writer.digest.add({ name: entry.name, kind: entry.kind, mode: entry.mode, payload })
    await out.ready()
  }
  return { entryCount: entries.length, contentDigest: writer.finish() }
}
