// Reads every entry of a given zip for its content digest, checking sizes and CRCs as unzip -t
// does. Small entries are read raw and inflated in one synchronous call, several at a time:
// a stream and an async inflate per entry cost more than the data for a node_modules.
import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
import { inflateRawSync } from 'node:zlib'
import type { Entry, ZipFile } from 'yauzl'
import { ContentDigest } from '../digest.js'
import { InputError } from '../../errors.js'
import { compareNames, type EntryKind } from '../../plan/names.js'
import { crc32 } from '../zip/crc32.js'

/** One entry of a given zip, with its name checked and its kind and mode read. */
export interface ZipItem {
  name: string
  kind: EntryKind
  mode: number
  entry: Entry
}

/** Entries up to this size are read whole; larger ones are streamed. */
const WHOLE_ENTRY_BYTES = 1024 * 1024
/** Entries read at once. */
const IN_FLIGHT = 16

function unreadable(item: ZipItem, reason: string): InputError {
  return new InputError('zip-file', `entry '${item.name}' cannot be read (${reason})`)
}

/** The entry's bytes as stored (raw), or decoded by yauzl (streamed, sizes checked). */
function entryStream(zip: ZipFile, item: ZipItem, raw: boolean): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, stream?: Readable): void => {
      if (err || !stream) reject(unreadable(item, err?.message ?? 'no data'))
      else resolve(stream)
    }
    if (raw) zip.openReadStream(item.entry, { decodeFileData: false }, done)
    else zip.openReadStream(item.entry, done)
  })
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function checkCrc(item: ZipItem, crc: number): void {
  if (crc !== item.entry.crc32) throw unreadable(item, 'CRC mismatch: the zip is corrupt')
}

/** A small entry's content, inflated here and checked like unzip -t. */
async function wholeEntry(zip: ZipFile, item: ZipItem): Promise<Buffer> {
  const { compressionMethod, uncompressedSize } = item.entry
  if (compressionMethod !== 0 && compressionMethod !== 8) throw unreadable(item, `unsupported compression method ${compressionMethod}`)
  const stored = await collect(await entryStream(zip, item, true))
  let data: Buffer
  try {
    data = compressionMethod === 8 ? inflateRawSync(stored, { maxOutputLength: Math.max(1, uncompressedSize) }) : stored
  } catch (err) {
    throw unreadable(item, (err as Error).message)
  }
  if (data.length !== uncompressedSize) throw unreadable(item, `${data.length} bytes, not the ${uncompressedSize} declared`)
  checkCrc(item, crc32(data))
  return data
}

/** A large entry's SHA-256, streamed (yauzl checks the size). */
async function streamedHash(zip: ZipFile, item: ZipItem): Promise<string> {
  const hash = createHash('sha256')
  let crc = 0
  for await (const chunk of await entryStream(zip, item, false)) {
    hash.update(chunk as Buffer)
    crc = crc32(chunk as Buffer, crc)
  }
  checkCrc(item, crc)
  return hash.digest('hex')
}

/** What the content digest records for an entry: a file's hash, a link's target. */
async function payload(zip: ZipFile, item: ZipItem): Promise<string> {
  if (item.kind === 'directory') return ''
  if (item.kind === 'file' && item.entry.uncompressedSize > WHOLE_ENTRY_BYTES) return streamedHash(zip, item)
  const data = await wholeEntry(zip, item)
  return item.kind === 'file' ? createHash('sha256').update(data).digest('hex') : data.toString('utf8')
}

/** The hex content digest of a zip's entries (see ../digest.ts), taken in name order. Throws
 * InputError (zip-file) for an entry that cannot be read or fails its size or CRC check. */
export async function digestEntries(zip: ZipFile, items: ZipItem[]): Promise<string> {
  const digest = new ContentDigest()
  const sorted = [...items].sort((a, b) => compareNames(a.name, b.name))
  for (let i = 0; i < sorted.length; i += IN_FLIGHT) {
    const window = sorted.slice(i, i + IN_FLIGHT)
    const payloads = await Promise.all(window.map((item) => payload(zip, item)))
    window.forEach((item, k) => digest.add({ name: item.name, kind: item.kind, mode: item.mode, payload: payloads[k] }))
  }
  return digest.hex()
}
