// What a zip holds, entry by entry, as far as its central directory tells without reading any
// data: names, kinds, modes, sizes and CRC-32s. Enough to tell whether two zips hold the same
// content (compare.ts) whatever compressor, timestamps or archive comment each has.
import type { EntryKind } from '../../plan/names.js'
import { decodeName, showBytes } from '../../plan/names.js'
import { readCentralDirectory, type CentralRecord, type ZipSource } from './central.js'

/** One entry as a listing records it. */
export interface EntrySummary {
  /** The entry name: UTF-8, folders ending in '/'; a name that is not UTF-8 shows its bytes as \xNN. */
  name: string
  kind: EntryKind
  /** Permission bits (0o7777). */
  mode: number
  /** Bytes once extracted (a link's target text for a symlink, 0 for a folder). */
  size: number
  /** CRC-32 of the extracted bytes, as the central directory records it. */
  crc32: number
}

const UNIX = 3

/** Kind and permission bits from the central directory's attributes; the defaults (0644 files,
 * 0755 folders, 0777 links) when the zip was not made on Unix or carries no mode. Never throws. */
export function zipEntryKind(versionMadeBy: number, externalAttributes: number, name: string): { kind: EntryKind; mode: number } {
  const unix = versionMadeBy >> 8 === UNIX ? (externalAttributes >>> 16) & 0xffff : 0
  const format = unix & 0o170000
  const perms = unix & 0o7777
  if (name.endsWith('/') || format === 0o040000) return { kind: 'directory', mode: perms || 0o755 }
  if (format === 0o120000) return { kind: 'symlink', mode: perms || 0o777 }
  return { kind: 'file', mode: perms || 0o644 }
}

/** The listing of one central directory record. Never throws. */
export function summarize(record: CentralRecord): EntrySummary {
  const name = decodeName(record.rawName) ?? showBytes(record.rawName)
  const { kind, mode } = zipEntryKind(record.madeBy, record.externalAttributes, name)
  return { name, kind, mode, size: record.size, crc32: record.crc32 }
}

/** The listing of the zip `source` serves, in the zip's order. Throws what readCentralDirectory
 * throws (ZipFormatError for what is not a readable zip, the source's own errors). */
export async function listEntries(source: ZipSource): Promise<EntrySummary[]> {
  return (await readCentralDirectory(source)).records.map(summarize)
}
