// Writes planned entries as a zip, in plan order, from files read and deflated ahead on other
// threads. Files up to 1 MiB come whole, sizes in the local header, stored when deflate does not
// shrink them; larger ones stream block by block, their CRC and SHA-256 from a separate hash
// pass, sizes in a data descriptor. Each entry's central directory header is encoded as soon as
// the entry is written, into the directory's own bytes: nothing else is kept per entry.
import { ContentDigest, digestComment } from '../digest.js'
import { ActionError } from '../../errors.js'
import type { ArchiveEntry, PlannedEntries } from '../../plan/plan.js'
import { fsError } from '../../plan/names.js'
import { crc32 } from './crc32.js'
import { NOT_PLANNED, type BlockJob, type BlockResult, type DeflateResult, type HashJob, type HashResult } from './deflate.js'
import {
  centralHeaderSize,
  dataDescriptor,
  endRecords,
  localHeaderSize,
  METHOD,
  writeCentralHeader,
  writeLocalHeader,
  type CentralEntry,
  type EntryHeader
} from './format.js'
import { Staging, type ZipOutput } from './output.js'
import type { Deflater } from './pool.js'
import { filesOf, ReadAhead } from './schedule.js'

/** Streamed files this large get 64-bit sizes up front: room for deflate's worst-case growth. */
const ZIP64_STREAM_BYTES = 0xf0000000

/** What writing the entries measured. */
export interface WrittenZip {
  entryCount: number
  /** Hex SHA-256 of the canonical entry listing (see ../digest.ts). */
  contentDigest: string
}

/** What was being done when a file changed, for the message. */
export type Reading = 'the zip was written' | 'it was read for the comparison'

function changed(
  entry: Pick<ArchiveEntry, 'source' | 'size'>,
  read: number | string,
  during: Reading = 'the zip was written'
): ActionError {
  const what = typeof read === 'string' ? read : `${entry.size} bytes planned, ${read} read`
  return new ActionError(`'${entry.source}' changed while ${during} (${what})`, 'Do not modify the layer files while the action runs')
}

/** Fails unless a file read whole (or by a CRC pass) got what the plan said, the file still ending there. */
export function checkRead(entry: Pick<ArchiveEntry, 'source' | 'size'>, read: { size: number; fileSize: number }, during: Reading): void {
  if (read.size !== entry.size) throw changed(entry, read.size, during)
  if (read.fileSize !== entry.size) throw changed(entry, read.fileSize, during)
}

/**
 * The error to throw for a job on `entry` that failed with `err`: the file is not the planned one
 * any more (ActionError saying it changed), an fs error naming the file (fsError), or a failed
 * worker's or the cancel's error as is. Never throws itself.
 */
export function readFailure(entry: Pick<ArchiveEntry, 'source' | 'size'>, err: unknown, during: Reading): unknown {
  // fs errors (ENOENT, EACCES...) name the file; a failed worker (ERR_WORKER_...) does not.
  const code = (err as NodeJS.ErrnoException).code
  if (code === NOT_PLANNED) return changed(entry, (err as Error).message, during)
  if (err instanceof ActionError || !code || code.startsWith('ERR_')) return err
  return fsError('read', entry.source, err)
}

/** The hash pass and the deflate jobs must have read the same bytes, or the zip would lie. */
function checkSameBytes(entry: ArchiveEntry, hash: HashResult, blocks: Pick<BlockResult, 'crc' | 'dictionaryCrc'>[]): void {
  const differs = blocks.some((b, i) => b.crc !== hash.blockCrcs[i] || (i > 0 && b.dictionaryCrc !== hash.tailCrcs[i - 1]))
  if (differs || blocks.length !== hash.blockCrcs.length) throw changed(entry, hash.size)
}

/** What the writer learns of a file's bytes as it writes them. */
type Measured = Pick<HashResult, 'crc' | 'sha256'>

function kindOf<K extends DeflateResult['kind']>(kind: K, r: DeflateResult): Extract<DeflateResult, { kind: K }> {
  if (r.kind !== kind) throw new Error(`expected a ${kind} result, got ${r.kind}`)
  return r as Extract<DeflateResult, { kind: K }>
}

/** The central directory, encoded entry by entry: its bytes are all it keeps. */
class CentralDirectory {
  private readonly done: Buffer[] = []
  private readonly staging = new Staging(DIRECTORY_CHUNK_BYTES)
  entries = 0
  size = 0

  add(rec: CentralEntry): void {
    const size = centralHeaderSize(rec)
    const { into, at } = this.staging.room(size, (full) => this.done.push(full))
    writeCentralHeader(into, at, rec)
    this.staging.commit(size)
    this.entries++
    this.size += size
  }

  /** Its bytes, in order; call once, at the end. */
  chunks(): Buffer[] {
    return [...this.done, this.staging.take()]
  }
}

/** The central directory grows in buffers of this size. */
const DIRECTORY_CHUNK_BYTES = 256 * 1024

/** A file's CRC-32 that differs from the one the comparison read before the build. */
function notAsCompared(entry: ArchiveEntry): ActionError {
  return new ActionError(
    `'${entry.source}' changed between the comparison with the newest version and the zip build`,
    'Do not modify the layer files while the action runs'
  )
}

class EntryWriter {
  readonly directory = new CentralDirectory()
  readonly digest = new ContentDigest()

  constructor(
    private readonly out: ZipOutput,
    private readonly ahead: ReadAhead
  ) {}

  private header(entry: ArchiveEntry, fields: Omit<EntryHeader, 'name'>): CentralEntry {
    return { name: entry.name, kind: entry.kind, mode: entry.mode, offset: this.out.bytes, ...fields }
  }

  private local(rec: EntryHeader): void {
    this.out.record(localHeaderSize(rec), (into, at) => writeLocalHeader(into, at, rec))
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
    this.local(rec)
    this.out.write(data)
    this.directory.add(rec)
  }

  /** A small file: deflated, or stored when deflate does not make it smaller. */
  async smallFile(entry: ArchiveEntry, read: Promise<DeflateResult>): Promise<Measured> {
    const r = kindOf('whole', await read)
    checkRead(entry, r, 'the zip was written')
    const method = r.deflated ? METHOD.deflated : METHOD.stored
    const rec = this.header(entry, {
      method,
      descriptor: false,
      zip64Sizes: false,
      crc: r.crc,
      compressedSize: r.data.length,
      size: r.size
    })
    this.local(rec)
    this.out.write(r.data, true) // a view of a FilesJob's answer, which goes back for reuse
    this.directory.add(rec)
    return r
  }

  /** A large file: one deflate stream written as its blocks arrive, sizes and CRC after it. */
  async largeFile(entry: ArchiveEntry, jobs: { hash: HashJob; blocks: BlockJob[] }): Promise<Measured> {
    const zip64Sizes = entry.size >= ZIP64_STREAM_BYTES
    const rec = this.header(entry, { method: METHOD.deflated, descriptor: true, zip64Sizes, crc: 0, compressedSize: 0, size: 0 })
    this.local(rec)
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
    checkRead(entry, hash, 'the zip was written')
    checkSameBytes(entry, hash, blocks)
    rec.crc = hash.crc
    this.out.write(dataDescriptor(rec))
    this.directory.add(rec)
    return hash
  }

  /** Writes one entry; returns its content-digest payload. Throws ActionError when a file's
   * CRC-32 is not `expectedCrc` (the comparison's, when one was made). */
  async entry(entry: ArchiveEntry, index: number, expectedCrc?: number): Promise<string> {
    if (entry.kind === 'directory') {
      this.stored(entry, Buffer.alloc(0))
      return ''
    }
    if (entry.kind === 'symlink') {
      const target = entry.linkTarget ?? ''
      this.stored(entry, Buffer.from(target))
      return target
    }
    try {
      const read = this.ahead.fileRead(index)
      const measured = await ('small' in read ? this.smallFile(entry, read.small) : this.largeFile(entry, read.large))
      if (expectedCrc !== undefined && measured.crc !== expectedCrc) throw notAsCompared(entry)
      return measured.sha256
    } catch (err) {
      throw readFailure(entry, err, 'the zip was written')
    } finally {
      this.ahead.done(index)
    }
  }

  /** The central directory and end records; the comment carries the content digest. */
  finish(): string {
    const contentDigest = this.digest.hex()
    const offset = this.out.bytes
    for (const chunk of this.directory.chunks()) this.out.write(chunk)
    const comment = Buffer.from(digestComment(contentDigest))
    this.out.write(endRecords({ entries: this.directory.entries, size: this.directory.size, offset, comment }))
    return contentDigest
  }
}

/** How writeZip reads: the deflater, and how far ahead. */
export interface WriteOptions {
  deflater: Deflater
  /** Bytes read ahead of the writer at most (a block may exceed it by its own size). */
  readAheadBytes: number
  /** The CRC-32 of each entry (by index) as a comparison read it before the build: a file whose
   * bytes differ now fails the build, so the zip is the content that was compared. */
  expectedCrcs?: Uint32Array
}

/**
 * Writes `entries` (already in archive order) to `out`; the caller finishes and closes `out`.
 * Returns the entry count and content digest. Throws ActionError when a file changed while it
 * was read (or since `expectedCrcs` were read) or cannot be read (fsError, naming it), and a
 * failed worker's or write's Error as is.
 */
export async function writeZip(entries: PlannedEntries, out: ZipOutput, options: WriteOptions): Promise<WrittenZip> {
  const ahead = new ReadAhead(filesOf(entries), entries.length, options.deflater, options.readAheadBytes)
  ahead.start()
  const writer = new EntryWriter(out, ahead)
  for (let index = 0; index < entries.length; index++) {
    const entry = entries.entry(index)
    const payload = await writer.entry(entry, index, options.expectedCrcs?.[index])
    writer.digest.add({ name: entry.name, kind: entry.kind, mode: entry.mode, payload })
    await out.ready()
  }
  return { entryCount: entries.length, contentDigest: writer.finish() }
}
