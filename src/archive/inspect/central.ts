// Reads a zip's central directory (APPNOTE.TXT 4.3.12 to 4.3.16, Zip64 4.3.14, 4.3.15 and 4.5.3)
// from any source of bytes: a local file, or a stored layer version's Content.Location through
// HTTP Range requests. At most two reads: the tail, which holds the end records (and the whole
// directory of a small zip), then the directory itself. Strict: the directory must end exactly
// where the end records begin; that the entries before it leave no bytes unaccounted for (where
// an entry could hide) is proven for a given zip by ./tiling.ts.
import { SIG } from '../zip/format.js'

/** Where a zip's bytes come from. */
export interface ZipSource {
  /** The last `length` bytes (all of them when the zip is shorter), and the zip's size in bytes. */
  tail: (length: number) => Promise<{ bytes: Buffer; size: number }>
  /** Exactly `length` bytes from `offset`; rejects when fewer come. */
  read: (offset: number, length: number) => Promise<Buffer>
}

/** One central directory header, as stored; sizes and offset already widened from Zip64. */
export interface CentralRecord {
  /** The name's bytes (UTF-8 when flag bit 11 is set, else whatever the writer used). */
  rawName: Buffer
  /** Version made by: the high byte is the host system (3 = Unix, so the mode is in the attributes). */
  madeBy: number
  /** General purpose bit flags: 0 encrypted, 3 data descriptor, 6 strong encryption, 11 UTF-8. */
  flags: number
  /** Compression method: 0 stored, 8 deflate, 99 AES encryption. */
  method: number
  crc32: number
  /** Bytes as stored in the zip. */
  compressedSize: number
  /** Bytes once extracted. */
  size: number
  externalAttributes: number
  localHeaderOffset: number
  /** The extra field block, as stored. */
  extra: Buffer
}

/** A zip's central directory and what the end records say around it. */
export interface CentralDirectory {
  records: CentralRecord[]
  /** The archive comment (this action's content digest, or a signature, or anything). */
  comment: Buffer
  /** Where the directory starts (the end of the entries' data) and its length, in bytes. */
  offset: number
  size: number
  /** Bytes of the whole zip. */
  zipSize: number
}

/** A zip whose structure this reader refuses: the message says what is wrong. */
export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ZipFormatError'
  }
}

/** End record (22 bytes) with the longest comment, and the Zip64 locator (20) and record (56) before it. */
export const TAIL_BYTES = 22 + 0xffff + 20 + 56
/** A directory larger than this is not a layer's: about 100 bytes per entry, a million entries. */
export const MAX_DIRECTORY_BYTES = 128 * 1024 * 1024

const EXTRA_ZIP64 = 0x0001
const MAX16 = 0xffff
const MAX32 = 0xffffffff

/** The extra fields of a record by header id (the first of each id); throws on a field that
 * overruns the block. */
export function extraFields(extra: Buffer): Map<number, Buffer> {
  const fields = new Map<number, Buffer>()
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra.readUInt16LE(at)
    const length = extra.readUInt16LE(at + 2)
    if (at + 4 + length > extra.length) throw new ZipFormatError('an extra field runs past its header')
    if (!fields.has(id)) fields.set(id, extra.subarray(at + 4, at + 4 + length))
    at += 4 + length
  }
  return fields
}

/** The end of central directory record in the tail: the one whose comment ends the file, else the
 * last whose comment fits (data after the comment is then ignored, as Python's zipfile does). */
function findEnd(tail: Buffer): number {
  let fitting = -1
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) !== SIG.end) continue
    const end = at + 22 + tail.readUInt16LE(at + 20)
    if (end === tail.length) return at
    if (end < tail.length && fitting < 0) fitting = at
  }
  if (fitting < 0) throw new ZipFormatError('no end of central directory record: not a zip, or cut short')
  return fitting
}

interface EndRecords {
  entries: number
  offset: number
  size: number
  /** Where the end records start in the zip: the directory must end there. */
  startsAt: number
  comment: Buffer
}

/** The Zip64 end record at `at` (absolute), read from the tail when it holds it. */
async function zip64End(source: ZipSource, tail: Buffer, tailStart: number, at: number): Promise<Omit<EndRecords, 'comment'>> {
  const record =
    at >= tailStart && at + 56 <= tailStart + tail.length ? tail.subarray(at - tailStart, at - tailStart + 56) : await source.read(at, 56)
  if (record.readUInt32LE(0) !== SIG.end64) throw new ZipFormatError('the Zip64 end record is not where its locator says')
  const wide = (offset: number): number => {
    const value = record.readBigUInt64LE(offset)
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('a Zip64 size is out of range')
    return Number(value)
  }
  return { entries: wide(32), size: wide(40), offset: wide(48), startsAt: at }
}

async function endRecords(source: ZipSource): Promise<EndRecords & { zipSize: number; tail: Buffer; tailStart: number }> {
  const { bytes: tail, size: zipSize } = await source.tail(TAIL_BYTES)
  if (tail.length < 22) throw new ZipFormatError(`only ${tail.length} bytes: too short for a zip`)
  const tailStart = zipSize - tail.length
  const at = findEnd(tail)
  const comment = Buffer.from(tail.subarray(at + 22, at + 22 + tail.readUInt16LE(at + 20)))
  const plain = {
    entries: tail.readUInt16LE(at + 10),
    size: tail.readUInt32LE(at + 12),
    offset: tail.readUInt32LE(at + 16),
    startsAt: tailStart + at
  }
  if (tail.readUInt16LE(at + 4) !== 0 || tail.readUInt16LE(at + 6) !== 0) throw new ZipFormatError('a zip split over several disks')
  const locator = at - 20
  if (locator >= 0 && tail.readUInt32LE(locator) === SIG.locator64) {
    const recordAt = Number(tail.readBigUInt64LE(locator + 8))
    return { ...(await zip64End(source, tail, tailStart, recordAt)), comment, zipSize, tail, tailStart }
  }
  if (plain.entries === MAX16 || plain.size === MAX32 || plain.offset === MAX32)
    throw new ZipFormatError('Zip64 fields without a Zip64 end record')
  return { ...plain, comment, zipSize, tail, tailStart }
}

/** Widens the 32-bit fields at their maximum from the Zip64 extra field, in APPNOTE's order. */
function widen(record: CentralRecord): void {
  const fields = (['size', 'compressedSize', 'localHeaderOffset'] as const).filter((f) => record[f] === MAX32)
  if (fields.length === 0) return
  const zip64 = extraFields(record.extra).get(EXTRA_ZIP64)
  if (!zip64 || zip64.length < 8 * fields.length) throw new ZipFormatError('a Zip64 size is missing from its extra field')
  fields.forEach((field, i) => {
    const value = zip64.readBigUInt64LE(8 * i)
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('a Zip64 size is out of range')
    record[field] = Number(value)
  })
}

/** The record at `at` in the directory bytes, and where the next one starts. */
function parseRecord(dir: Buffer, at: number): { record: CentralRecord; next: number } {
  if (at + 46 > dir.length || dir.readUInt32LE(at) !== SIG.central) throw new ZipFormatError('a central directory header is damaged')
  const nameLength = dir.readUInt16LE(at + 28)
  const extraLength = dir.readUInt16LE(at + 30)
  const next = at + 46 + nameLength + extraLength + dir.readUInt16LE(at + 32)
  if (next > dir.length) throw new ZipFormatError('a central directory header runs past the directory')
  const record: CentralRecord = {
    rawName: Buffer.from(dir.subarray(at + 46, at + 46 + nameLength)),
    madeBy: dir.readUInt16LE(at + 4),
    flags: dir.readUInt16LE(at + 8),
    method: dir.readUInt16LE(at + 10),
    crc32: dir.readUInt32LE(at + 16),
    compressedSize: dir.readUInt32LE(at + 20),
    size: dir.readUInt32LE(at + 24),
    externalAttributes: dir.readUInt32LE(at + 38),
    localHeaderOffset: dir.readUInt32LE(at + 42),
    extra: Buffer.from(dir.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength))
  }
  widen(record)
  return { record, next }
}

/** Every record of the directory bytes; there must be exactly `entries` and nothing after them. */
export function parseDirectory(dir: Buffer, entries: number): CentralRecord[] {
  const records: CentralRecord[] = []
  let at = 0
  while (at < dir.length) {
    const { record, next } = parseRecord(dir, at)
    records.push(record)
    at = next
  }
  if (records.length !== entries) {
    throw new ZipFormatError(`the end record counts ${entries} entries, the central directory holds ${records.length}`)
  }
  return records
}

/**
 * Reads the central directory of the zip `source` serves: the tail first (the end records, and
 * the whole directory when it fits), then the directory's range. Returns its records, the
 * archive comment and where the directory lies. Throws ZipFormatError when the bytes are not a
 * zip this reader accepts (no end record, a directory that does not end where the end records
 * begin, damaged headers, several disks, more than `maxDirectoryBytes`), and what `source`
 * throws.
 */
export async function readCentralDirectory(source: ZipSource, maxDirectoryBytes = MAX_DIRECTORY_BYTES): Promise<CentralDirectory> {
  const end = await endRecords(source)
  if (end.offset + end.size !== end.startsAt) {
    throw new ZipFormatError('the central directory is not where the end record says (data before the zip, or a damaged zip)')
  }
  if (end.size > maxDirectoryBytes) throw new ZipFormatError(`a central directory of ${end.size} bytes, more than any layer needs`)
  const inTail = end.offset >= end.tailStart
  const dir = inTail
    ? end.tail.subarray(end.offset - end.tailStart, end.offset - end.tailStart + end.size)
    : await source.read(end.offset, end.size)
  const records = parseDirectory(dir, end.entries)
  return { records, comment: end.comment, offset: end.offset, size: end.size, zipSize: end.zipSize }
}

/** A ZipSource over bytes in memory (a zip read whole, or a test's). Never throws itself; read
 * rejects past the end. */
export function bufferSource(bytes: Buffer): ZipSource {
  return {
    tail: (length) => Promise.resolve({ bytes: bytes.subarray(Math.max(0, bytes.length - length)), size: bytes.length }),
    read: (offset, length) =>
      offset + length > bytes.length
        ? Promise.reject(new ZipFormatError(`${length} bytes at ${offset} run past the end of the zip`))
        : Promise.resolve(bytes.subarray(offset, offset + length))
  }
}
