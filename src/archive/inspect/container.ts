// How a given zip encodes its entries, checked before its content is: what this action's writer
// never does but other tools may, and what makes extractors disagree about an entry. Encryption,
// methods other than stored and deflate, a folder without its '/', a second name in a Unicode
// Path extra field or in the local header, and a content digest comment that no longer matches.
import type { EntryKind } from '../../plan/names.js'
import { decodeName, showBytes } from '../../plan/names.js'
import { listWarning, refusal } from '../../plan/content-rules.js'
import { InputError } from '../../errors.js'
import { COMMENT_PREFIX, readContentDigest } from '../digest.js'
import { crc32 } from '../zip/crc32.js'
import { FLAG, METHOD, SIG } from '../zip/format.js'
import { extraFields, type CentralRecord } from './central.js'
import { zipEntryKind } from './listing.js'

/** One entry of a given zip: its record, name decoded, kind and mode read. */
export interface ZipItem {
  name: string
  kind: EntryKind
  mode: number
  record: CentralRecord
}

/** General purpose flag bits 0 (encrypted) and 6 (strong encryption), and method 99 (AES). */
const ENCRYPTED = 0x0001 | 0x0040
const AES_METHOD = 99
const UNICODE_PATH_EXTRA = 0x7075
const DOS_DIRECTORY = 0x10

const fail = (name: string, rule: string, fix?: string): never => {
  throw refusal('zip-file', { name }, rule, fix)
}

/** The name an Info-ZIP Unicode Path extra field gives, when it applies (its CRC is the header
 * name's: APPNOTE.TXT 4.6.9); extractors that read it use it instead of the header's name. */
function unicodePath(record: CentralRecord): string | undefined {
  const field = extraFields(record.extra).get(UNICODE_PATH_EXTRA)
  if (!field || field.length < 5 || field[0] !== 1 || field.readUInt32LE(1) !== crc32(record.rawName)) return undefined
  return decodeName(field.subarray(5)) ?? showBytes(field.subarray(5))
}

/**
 * Decodes and checks one central directory record. Returns the item. Throws InputError (zip-file,
 * naming the entry) when its name is not UTF-8, when it is encrypted, compressed other than
 * stored or deflate, a folder by its attributes without a trailing '/', or carries another name
 * in a Unicode Path extra field.
 */
export function itemOf(record: CentralRecord): ZipItem {
  const name = decodeName(record.rawName)
  if (name === undefined) return fail(showBytes(record.rawName), 'has a name that is not valid UTF-8', 'Rebuild the zip with UTF-8 names')
  if (record.flags & ENCRYPTED || record.method === AES_METHOD) {
    fail(
      name,
      'is encrypted: Lambda extracts a layer without a password and cannot read it',
      'Rebuild the zip without a password or encryption'
    )
  }
  if (record.method !== METHOD.stored && record.method !== METHOD.deflated) {
    fail(
      name,
      `is compressed with method ${record.method}; only stored (0) and deflate (8) are read`,
      'Rebuild the zip with deflate, the default of zip and every zip library'
    )
  }
  const { kind, mode } = zipEntryKind(record.madeBy, record.externalAttributes, name)
  const unixFolder = record.madeBy >> 8 === 3 && ((record.externalAttributes >>> 16) & 0o170000) === 0o040000
  if (!name.endsWith('/') && (unixFolder || record.externalAttributes & DOS_DIRECTORY)) {
    fail(
      name,
      "is a folder by its attributes but its name does not end with '/': extractors disagree on whether it is a folder or an empty file"
    )
  }
  const other = unicodePath(record)
  if (other !== undefined && other !== name) {
    fail(name, `carries a second name, '${other}', in a Unicode Path extra field, which some extractors (Info-ZIP, 7-Zip) write instead`)
  }
  return { name, kind, mode, record }
}

/** Reads `length` bytes at `offset` of the zip. */
export type ReadAt = (offset: number, length: number) => Promise<Buffer>

/** Each record's data offset, once read: the tiling check and the digest both need it. */
const dataOffsets = new WeakMap<CentralRecord, Promise<number>>()

/**
 * Reads the entry's local header (once per record) and proves it says what the central directory
 * says (name, method, encryption): extractors that stream a zip read the local header, those that
 * seek read the directory, and both must see one entry. Returns where the entry's data starts.
 * Throws InputError (zip-file) when they differ or the header is missing.
 */
export function localDataOffset(read: ReadAt, item: ZipItem): Promise<number> {
  let offset = dataOffsets.get(item.record)
  if (!offset) dataOffsets.set(item.record, (offset = readLocalHeader(read, item)))
  return offset
}

async function readLocalHeader(read: ReadAt, item: ZipItem): Promise<number> {
  const at = item.record.localHeaderOffset
  const header = await read(at, 30).catch(() => fail(item.name, 'has no local header where the central directory says'))
  if (header.readUInt32LE(0) !== SIG.local) fail(item.name, 'has no local header where the central directory says')
  const nameLength = header.readUInt16LE(26)
  const localName = await read(at + 30, nameLength)
  const differs: string[] = []
  if (!localName.equals(item.record.rawName)) differs.push(`its name ('${decodeName(localName) ?? showBytes(localName)}')`)
  if (header.readUInt16LE(8) !== item.record.method) differs.push('its compression method')
  if ((header.readUInt16LE(6) & ENCRYPTED) !== (item.record.flags & ENCRYPTED)) differs.push('its encryption')
  if (differs.length > 0) {
    fail(
      item.name,
      `has a local header that differs from the central directory in ${differs.join(' and ')}: extractors would disagree on what it is`
    )
  }
  return at + 30 + nameLength + header.readUInt16LE(28)
}

/** Warnings about how entries are encoded: names extractors may decode otherwise, and stored
 * entries whose size comes only after their data. Never throws. */
export function containerWarnings(items: ZipItem[]): string[] {
  const warnings: string[] = []
  const legacy = items.filter((i) => !(i.record.flags & FLAG.utf8) && i.record.rawName.some((b) => b >= 0x80)).map((i) => `'${i.name}'`)
  if (legacy.length > 0) {
    warnings.push(
      listWarning(
        "Non-ASCII names without the zip's UTF-8 flag (bit 11): some extractors read them as code page 437 and write other names; rebuild with a tool that sets the flag",
        legacy
      )
    )
  }
  const streamed = items.filter((i) => i.record.method === METHOD.stored && i.record.flags & FLAG.descriptor).map((i) => `'${i.name}'`)
  if (streamed.length > 0) {
    warnings.push(
      listWarning(
        'Stored (uncompressed) entries whose sizes follow their data in a data descriptor: streaming extractors cannot find where they end',
        streamed
      )
    )
  }
  return warnings
}

/**
 * Returns nothing when the archive comment carries no content digest in this action's format, or
 * one equal to `digest` (computed from the entries). Throws InputError (zip-file) when it carries
 * another: the zip was changed by another tool that kept the comment, and the comment would lie
 * about what the layer holds.
 */
export function checkDigestComment(comment: Buffer, digest: string): void {
  const text = comment.toString('utf8').trim()
  if (!text.startsWith(COMMENT_PREFIX)) return
  if (readContentDigest(text) === digest) return
  throw new InputError(
    'zip-file',
    'carries a publish-lambda-layer content digest in its comment that does not match its entries: it was changed after this action built it, by a tool that kept the comment',
    'Rebuild the zip with this action, or remove the comment (zip -z)'
  )
}
