// Zip records (APPNOTE.TXT 6.3): pure encoders for the headers our writer emits. Every entry
// gets the same fixed time and Unix attributes; Zip64 fields appear only where a value does
// not fit, as Info-ZIP and Python's zipfile do, so small layers stay plain zips. Sizes and
// offsets are in bytes; each encoder returns the record's bytes and never throws, but endRecords.
import type { EntryKind } from '../../plan/names.js'

export const SIG = {
  local: 0x04034b50,
  central: 0x02014b50,
  descriptor: 0x08074b50,
  end: 0x06054b50,
  end64: 0x06064b50,
  locator64: 0x07064b50
} as const

export const METHOD = { stored: 0, deflated: 8 } as const

/** Bit 3: sizes and CRC follow the data; bit 11: the name is UTF-8. */
export const FLAG = { descriptor: 0x0008, utf8: 0x0800 } as const

/** 1980-01-01 00:00:00, the earliest DOS date: time 0, date day 1 | month 1 << 5 | 0 years. */
export const DOS_TIME = 0
export const DOS_DATE = (1 << 5) | 1

/** Made by Unix (3, so extractors apply the mode bits) with zip 4.5 features (Zip64). */
const MADE_BY = (3 << 8) | 45
const NEEDED = 20
const NEEDED_ZIP64 = 45

/** A 32-bit field holding this value means "see the Zip64 extra field"; 16-bit counts likewise. */
export const MAX32 = 0xffffffff
export const MAX16 = 0xffff
const ZIP64_EXTRA_ID = 0x0001

const TYPE_BITS: Record<EntryKind, number> = { file: 0o100000, directory: 0o040000, symlink: 0o120000 }
/** MS-DOS directory attribute, which some Windows tools look at instead of the Unix mode. */
const DOS_DIRECTORY = 0x10

/** External attributes: the Unix kind and mode in the high 16 bits (the DOS folder bit low). Never throws. */
export function externalAttributes(kind: EntryKind, mode: number): number {
  const unix = (TYPE_BITS[kind] | (mode & 0o7777)) * 0x10000
  return unix + (kind === 'directory' ? DOS_DIRECTORY : 0)
}

/** What a local header says of an entry. */
export interface EntryHeader {
  /** The entry name, written as UTF-8 (kept as a string: a Buffer per name would pin a pooled
   * slab of Node's small-buffer pool for as long as the name lives). */
  name: string
  method: number
  /** True when CRC and sizes come in a data descriptor after the data. */
  descriptor: boolean
  /** Local header and descriptor carry 64-bit sizes (decided before the data is written). */
  zip64Sizes: boolean
  crc: number
  compressedSize: number
  size: number
}

function flags(h: EntryHeader): number {
  return FLAG.utf8 | (h.descriptor ? FLAG.descriptor : 0)
}

const EMPTY = Buffer.alloc(0)

/** The Zip64 extra field holding `values` (each 8 bytes), or nothing when there are none. Never throws. */
export function zip64Extra(values: number[]): Buffer {
  if (values.length === 0) return EMPTY
  const extra = Buffer.alloc(4 + 8 * values.length)
  extra.writeUInt16LE(ZIP64_EXTRA_ID, 0)
  extra.writeUInt16LE(8 * values.length, 2)
  values.forEach((v, i) => extra.writeBigUInt64LE(BigInt(v), 4 + 8 * i))
  return extra
}

/** Writes `fill`'s record of `size` bytes at `at` of a buffer; the record encoders share it. */
export type RecordWriter = (size: number, fill: (into: Buffer, at: number) => void) => void

/** Bytes of the local file header of `h`. Never throws. */
export function localHeaderSize(h: EntryHeader): number {
  return 30 + Buffer.byteLength(h.name) + (h.zip64Sizes ? 20 : 0)
}

/** Writes the local file header of `h` at `at` of `out` (localHeaderSize bytes). With a
 * descriptor, CRC and sizes are zero here. Never throws. */
export function writeLocalHeader(out: Buffer, at: number, h: EntryHeader): void {
  const known = !h.descriptor
  const nameLength = out.write(h.name, at + 30, 'utf8')
  const extra = h.zip64Sizes ? zip64Extra(known ? [h.size, h.compressedSize] : [0, 0]) : EMPTY
  out.writeUInt32LE(SIG.local, at)
  out.writeUInt16LE(h.zip64Sizes ? NEEDED_ZIP64 : NEEDED, at + 4)
  out.writeUInt16LE(flags(h), at + 6)
  out.writeUInt16LE(h.method, at + 8)
  out.writeUInt16LE(DOS_TIME, at + 10)
  out.writeUInt16LE(DOS_DATE, at + 12)
  out.writeUInt32LE(known ? h.crc : 0, at + 14)
  out.writeUInt32LE(h.zip64Sizes ? MAX32 : known ? h.compressedSize : 0, at + 18)
  out.writeUInt32LE(h.zip64Sizes ? MAX32 : known ? h.size : 0, at + 22)
  out.writeUInt16LE(nameLength, at + 26)
  out.writeUInt16LE(extra.length, at + 28)
  extra.copy(out, at + 30 + nameLength)
}

/** The local file header as a Buffer of its own. Never throws. */
export function localHeader(h: EntryHeader): Buffer {
  const out = Buffer.alloc(localHeaderSize(h))
  writeLocalHeader(out, 0, h)
  return out
}

/** The data descriptor after a streamed entry's data: signature, CRC, sizes (8 bytes in Zip64). Never throws. */
export function dataDescriptor(h: EntryHeader): Buffer {
  const wide = h.zip64Sizes
  const out = Buffer.alloc(wide ? 24 : 16)
  out.writeUInt32LE(SIG.descriptor, 0)
  out.writeUInt32LE(h.crc, 4)
  if (wide) {
    out.writeBigUInt64LE(BigInt(h.compressedSize), 8)
    out.writeBigUInt64LE(BigInt(h.size), 16)
  } else {
    out.writeUInt32LE(h.compressedSize, 8)
    out.writeUInt32LE(h.size, 12)
  }
  return out
}

/** What the central directory says of an entry. */
export interface CentralEntry extends EntryHeader {
  kind: EntryKind
  mode: number
  /** Offset of the local header from the start of the zip. */
  offset: number
}

/** Which of size, compressed size and offset do not fit in 32 bits. */
function wideFields(e: CentralEntry): boolean[] {
  return [e.size, e.compressedSize, e.offset].map((v) => v >= MAX32)
}

/** Bytes of the central directory header of `e`. Never throws. */
export function centralHeaderSize(e: CentralEntry): number {
  const wide = wideFields(e).filter(Boolean).length
  return 46 + Buffer.byteLength(e.name) + (wide > 0 ? 4 + 8 * wide : 0)
}

/** Writes the central directory header of `e` at `at` of `out` (centralHeaderSize bytes); values
 * that do not fit in 32 bits go to the Zip64 extra field. Never throws. */
export function writeCentralHeader(out: Buffer, at: number, e: CentralEntry): void {
  const wide = wideFields(e)
  const extra = zip64Extra([e.size, e.compressedSize, e.offset].filter((_, i) => wide[i]))
  const nameLength = out.write(e.name, at + 46, 'utf8')
  out.writeUInt32LE(SIG.central, at)
  out.writeUInt16LE(MADE_BY, at + 4)
  out.writeUInt16LE(e.zip64Sizes || extra.length > 0 ? NEEDED_ZIP64 : NEEDED, at + 6)
  out.writeUInt16LE(flags(e), at + 8)
  out.writeUInt16LE(e.method, at + 10)
  out.writeUInt16LE(DOS_TIME, at + 12)
  out.writeUInt16LE(DOS_DATE, at + 14)
  out.writeUInt32LE(e.crc, at + 16)
  out.writeUInt32LE(wide[1] ? MAX32 : e.compressedSize, at + 20)
  out.writeUInt32LE(wide[0] ? MAX32 : e.size, at + 24)
  out.writeUInt16LE(nameLength, at + 28)
  out.writeUInt16LE(extra.length, at + 30)
  // 32 comment length, 34 disk number, 36 internal attributes: all zero
  out.fill(0, at + 32, at + 38)
  out.writeUInt32LE(externalAttributes(e.kind, e.mode), at + 38)
  out.writeUInt32LE(wide[2] ? MAX32 : e.offset, at + 42)
  extra.copy(out, at + 46 + nameLength)
}

/** The central directory header as a Buffer of its own. Never throws. */
export function centralHeader(e: CentralEntry): Buffer {
  const out = Buffer.alloc(centralHeaderSize(e))
  writeCentralHeader(out, 0, e)
  return out
}

/** The central directory as the end records describe it. */
export interface Directory {
  entries: number
  /** Bytes of all central headers, and where the first one starts. */
  size: number
  offset: number
  comment: Buffer
}

/** Whether the end of the zip needs the Zip64 records. 0xFFFF entries already does: readers
 * take a field at its maximum as "look in the Zip64 record". Never throws. */
export function needsZip64End(d: Directory): boolean {
  return d.entries >= MAX16 || d.size >= MAX32 || d.offset >= MAX32
}

/** Zip64 end of central directory record and locator; `at` is where the record starts. */
function zip64End(d: Directory, at: number): Buffer {
  const out = Buffer.alloc(56 + 20)
  out.writeUInt32LE(SIG.end64, 0)
  out.writeBigUInt64LE(44n, 4) // size of the rest of the record
  out.writeUInt16LE(MADE_BY, 12)
  out.writeUInt16LE(NEEDED_ZIP64, 14)
  // 16 this disk, 20 disk with the directory: zero
  out.writeBigUInt64LE(BigInt(d.entries), 24)
  out.writeBigUInt64LE(BigInt(d.entries), 32)
  out.writeBigUInt64LE(BigInt(d.size), 40)
  out.writeBigUInt64LE(BigInt(d.offset), 48)
  out.writeUInt32LE(SIG.locator64, 56)
  // 60 disk with the Zip64 record: zero
  out.writeBigUInt64LE(BigInt(at), 64)
  out.writeUInt32LE(1, 72) // total disks
  return out
}

/** Everything after the central directory: Zip64 records when needed, then the end record and
 * comment, which is therefore the last bytes of the file. Throws Error for a comment above 65,535
 * bytes (ours is 107). */
export function endRecords(d: Directory): Buffer {
  if (d.comment.length > MAX16) throw new Error('zip comment too long')
  const zip64 = needsZip64End(d) ? zip64End(d, d.offset + d.size) : Buffer.alloc(0)
  const end = Buffer.alloc(22 + d.comment.length)
  end.writeUInt32LE(SIG.end, 0)
  // 4 this disk, 6 disk with the directory: zero
  end.writeUInt16LE(Math.min(d.entries, MAX16), 8)
  end.writeUInt16LE(Math.min(d.entries, MAX16), 10)
  end.writeUInt32LE(Math.min(d.size, MAX32), 12)
  end.writeUInt32LE(Math.min(d.offset, MAX32), 16)
  end.writeUInt16LE(d.comment.length, 20)
  d.comment.copy(end, 22)
  return Buffer.concat([zip64, end])
}
