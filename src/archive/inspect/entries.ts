// Reads the data of a given zip's entries, checking sizes and CRCs as unzip -t does: symlink
// targets for the content rules, and every entry for the content digest. Small entries are read
// raw and inflated in one synchronous call, several at a time: a stream and an async inflate per
// entry cost more than the data for a node_modules. Larger ones are streamed.
import { createHash } from 'node:crypto'
import { inflateRawSync, createInflateRaw } from 'node:zlib'
import { ContentDigest } from '../digest.js'
import { InputError } from '../../errors.js'
import { compareNames } from '../../plan/names.js'
import { crc32 } from '../zip/crc32.js'
import { METHOD } from '../zip/format.js'
import { localDataOffset, type ZipItem } from './container.js'
import type { LocalZip } from './local-zip.js'

/** Entries up to this size are read whole; larger ones are streamed. */
const WHOLE_ENTRY_BYTES = 1024 * 1024
/** Entries read at once. */
const IN_FLIGHT = 16

function unreadable(item: ZipItem, reason: string): InputError {
  return new InputError('zip-file', `entry '${item.name}' cannot be read (${reason})`, 'The zip is damaged: rebuild it')
}

function checkCrc(item: ZipItem, crc: number): void {
  if (crc !== item.record.crc32) throw unreadable(item, 'CRC mismatch: the zip is corrupt')
}

function checkLength(item: ZipItem, length: number): void {
  if (length !== item.record.size) throw unreadable(item, `${length} bytes, not the ${item.record.size} declared`)
}

/** A small entry's content, inflated here and checked like unzip -t. */
export async function wholeEntry(zip: LocalZip, item: ZipItem): Promise<Buffer> {
  const { method, compressedSize, size } = item.record
  const stored = await zip.read(await localDataOffset(zip.read, item), compressedSize).catch((err: unknown) => {
    throw err instanceof InputError ? err : unreadable(item, 'its data runs past the end of the zip')
  })
  let data: Buffer
  try {
    // One byte more than declared: an entry that inflates to more is caught, not cut to size.
    data = method === METHOD.deflated ? inflateRawSync(stored, { maxOutputLength: size + 1 }) : stored
  } catch (err) {
    const tooLarge = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
    throw unreadable(item, tooLarge ? `it inflates to more than the ${size} bytes declared` : (err as Error).message)
  }
  checkLength(item, data.length)
  checkCrc(item, crc32(data))
  return data
}

/** A large entry's SHA-256, streamed through inflate with its size and CRC checked. */
async function streamedHash(zip: LocalZip, item: ZipItem): Promise<string> {
  const raw = zip.stream(await localDataOffset(zip.read, item), item.record.compressedSize)
  const data = item.record.method === METHOD.deflated ? raw.pipe(createInflateRaw()) : raw
  const hash = createHash('sha256')
  let crc = 0
  let length = 0
  try {
    for await (const chunk of data) {
      length += (chunk as Buffer).length
      if (length > item.record.size) break
      hash.update(chunk as Buffer)
      crc = crc32(chunk as Buffer, crc)
    }
  } catch (err) {
    throw unreadable(item, (err as Error).message)
  } finally {
    raw.destroy()
  }
  checkLength(item, length)
  checkCrc(item, crc)
  return hash.digest('hex')
}

/** What the content digest records for an entry: a file's hash, a link's target. */
async function payload(zip: LocalZip, item: ZipItem): Promise<string> {
  if (item.kind === 'directory') return ''
  if (item.kind === 'file' && item.record.size > WHOLE_ENTRY_BYTES) return streamedHash(zip, item)
  const data = await wholeEntry(zip, item)
  return item.kind === 'file' ? createHash('sha256').update(data).digest('hex') : data.toString('utf8')
}

/** The target text of every symlink entry, by entry name. Throws InputError (zip-file) for a link
 * entry that cannot be read or fails its checks. */
export async function linkTargets(zip: LocalZip, items: ZipItem[]): Promise<Map<string, string>> {
  const targets = new Map<string, string>()
  for (const item of items.filter((i) => i.kind === 'symlink')) targets.set(item.name, (await wholeEntry(zip, item)).toString('utf8'))
  return targets
}

/** The hex content digest of a zip's entries (see ../digest.ts), taken in name order. Throws
 * InputError (zip-file) for an entry that cannot be read or fails its size or CRC check. */
export async function digestEntries(zip: LocalZip, items: ZipItem[]): Promise<string> {
  const digest = new ContentDigest()
  const sorted = [...items].sort((a, b) => compareNames(a.name, b.name))
  for (let i = 0; i < sorted.length; i += IN_FLIGHT) {
    const window = sorted.slice(i, i + IN_FLIGHT)
    const payloads = await Promise.all(window.map((item) => payload(zip, item)))
    window.forEach((item, k) => digest.add({ name: item.name, kind: item.kind, mode: item.mode, payload: payloads[k] }))
  }
  return digest.hex()
}
