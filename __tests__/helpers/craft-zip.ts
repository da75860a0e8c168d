// A small zip writer for tests, written from APPNOTE.TXT apart from the action's own encoders, so
// a bug in those cannot hide in both: it makes the hostile or unusual zips other tools make
// (names with backslashes or control characters, links out of /opt, encrypted or descriptor
// flags, a local header that disagrees with the central directory, an entry the directory does
// not list, a stub before the zip), byte for byte as asked.
// Python's zipfile (helpers/layer-tree.ts python()) makes the ordinary ones of another writer.
import { crc32, deflateRawSync } from 'node:zlib'

/** One entry to write; only `name` is needed. */
export interface CraftEntry {
  name: string | Buffer
  /** A file's content, or a symlink's target. */
  data?: string | Buffer
  /** st_mode including the type bits (0o100644 file, 0o040755 folder, 0o120777 link). Default: by the name. */
  mode?: number
  /** Compression method: 0 stored, 8 deflate (default: deflate when there is data). */
  method?: number
  /** General purpose flags added to the UTF-8 flag (bit 0 encrypted, bit 3 data descriptor). */
  flags?: number
  /** Set bit 11 (UTF-8 names). Default true. */
  utf8?: boolean
  /** The name the local header carries instead, to make the two disagree. */
  localName?: string | Buffer
  /** Extra field block for both headers. */
  extra?: Buffer
  /** Replaces the external attributes computed from `mode`. */
  externalAttributes?: number
  /** Write the local record but leave the entry out of the central directory: an entry only
   * extractors that stream the zip see. */
  hidden?: boolean
  /** With flag bit 3: a data descriptor without its optional signature (12 bytes, not 16). */
  unsignedDescriptor?: boolean
  /** With flag bit 3: the descriptor's sizes in 8 bytes each, as a Zip64 entry's (20 or 24 bytes). */
  zip64Descriptor?: boolean
}

/** How craftZip lays the zip out around its entries. */
export interface CraftLayout {
  /** Bytes before the first entry (a self-extractor stub), offsets adjusted as `zip -A` does. */
  before?: Buffer
}

const UNIX_MADE_BY = (3 << 8) | 20

function bytesOf(value: string | Buffer | undefined): Buffer {
  return typeof value === 'string' ? Buffer.from(value) : (value ?? Buffer.alloc(0))
}

function defaultMode(name: Buffer, e: CraftEntry): number {
  if (e.mode !== undefined) return e.mode
  return name.toString().endsWith('/') ? 0o040755 : 0o100644
}

interface Written {
  central: Buffer
  local: Buffer[]
}

function writeEntry(e: CraftEntry, offset: number): Written {
  const name = bytesOf(e.name)
  const data = bytesOf(e.data)
  const method = e.method ?? (data.length > 0 ? 8 : 0)
  const stored = method === 8 ? deflateRawSync(data) : data
  const flags = (e.utf8 === false ? 0 : 0x0800) | (e.flags ?? 0)
  const descriptor = (flags & 0x0008) !== 0
  const crc = crc32(data)
  const extra = e.extra ?? Buffer.alloc(0)
  const localName = e.localName === undefined ? name : bytesOf(e.localName)
  const local = Buffer.alloc(30 + localName.length + extra.length)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt16LE(flags, 6)
  local.writeUInt16LE(method, 8)
  local.writeUInt16LE(0x21, 12) // 1980-01-01
  local.writeUInt32LE(descriptor ? 0 : crc, 14)
  local.writeUInt32LE(descriptor ? 0 : stored.length, 18)
  local.writeUInt32LE(descriptor ? 0 : data.length, 22)
  local.writeUInt16LE(localName.length, 26)
  local.writeUInt16LE(extra.length, 28)
  localName.copy(local, 30)
  extra.copy(local, 30 + localName.length)
  const signature = descriptor && !e.unsignedDescriptor ? 4 : 0
  const sizeBytes = e.zip64Descriptor ? 8 : 4
  const trailer = Buffer.alloc(descriptor ? signature + 4 + 2 * sizeBytes : 0)
  if (descriptor) {
    if (signature) trailer.writeUInt32LE(0x08074b50, 0)
    trailer.writeUInt32LE(crc, signature)
    trailer.writeUIntLE(stored.length, signature + 4, 4)
    trailer.writeUIntLE(data.length, signature + 4 + sizeBytes, 4)
  }
  const central = Buffer.alloc(46 + name.length + extra.length)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(UNIX_MADE_BY, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt16LE(flags, 8)
  central.writeUInt16LE(method, 10)
  central.writeUInt16LE(0x21, 14)
  central.writeUInt32LE(crc, 16)
  central.writeUInt32LE(stored.length, 20)
  central.writeUInt32LE(data.length, 24)
  central.writeUInt16LE(name.length, 28)
  central.writeUInt16LE(extra.length, 30)
  central.writeUInt32LE(e.externalAttributes ?? defaultMode(name, e) * 0x10000, 38)
  central.writeUInt32LE(offset, 42)
  name.copy(central, 46)
  extra.copy(central, 46 + name.length)
  return { central, local: [local, stored, trailer] }
}

/** The zip holding `entries` in the order given, with `comment`. Never throws for sizes below 4 GiB. */
export function craftZip(entries: CraftEntry[], comment: string | Buffer = '', layout: CraftLayout = {}): Buffer {
  const parts: Buffer[] = layout.before ? [layout.before] : []
  const centrals: Buffer[] = []
  let offset = layout.before?.length ?? 0
  for (const e of entries) {
    const { central, local } = writeEntry(e, offset)
    parts.push(...local)
    offset += local.reduce((n, b) => n + b.length, 0)
    if (!e.hidden) centrals.push(central)
  }
  const directory = Buffer.concat(centrals)
  const note = bytesOf(comment)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(centrals.length, 8)
  end.writeUInt16LE(centrals.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  end.writeUInt16LE(note.length, 20)
  return Buffer.concat([...parts, directory, end, note])
}
