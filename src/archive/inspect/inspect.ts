// Checks a ready-made zip (the zip-file input) the way Lambda will extract it, and measures it
// like a built one. Names are decoded and validated here, not by yauzl, so errors name entries.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import yauzl, { type Entry, type ZipFile } from 'yauzl'
import type { BuiltArchive } from '../write.js'
import { asError, InputError } from '../../errors.js'
import { hasParentSegment, isAbsoluteLike } from '../../inputs/paths.js'
import { checkUnzippedSize } from '../../plan/limits.js'
import { showBytes, type EntryKind } from '../../plan/names.js'
import { digestEntries, type ZipItem } from './entries.js'

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** A zip entry name decoded from UTF-8. Throws InputError (zip-file) when it is not UTF-8, empty,
 * holds NUL, or would land outside the extract folder (absolute, or a '..' segment). */
export function checkEntryName(raw: Buffer): string {
  let name: string
  try {
    name = utf8.decode(raw)
  } catch {
    throw new InputError('zip-file', `entry '${showBytes(raw)}' has a name that is not valid UTF-8`)
  }
  if (name === '' || name.includes('\0')) throw new InputError('zip-file', `entry '${showBytes(raw)}' has an invalid name`)
  if (isAbsoluteLike(name)) {
    throw new InputError('zip-file', `entry '${name}' has an absolute name`)
  }
  if (hasParentSegment(name)) {
    throw new InputError('zip-file', `entry '${name}' has a '..' segment and would be extracted outside /opt`)
  }
  return name
}

/** Kind and permission bits from the central directory; defaults when not made on Unix. Never throws. */
export function zipEntryKind(versionMadeBy: number, externalAttributes: number, name: string): { kind: EntryKind; mode: number } {
  const unix = versionMadeBy >> 8 === 3 ? (externalAttributes >>> 16) & 0xffff : 0
  const format = unix & 0o170000
  const perms = unix & 0o7777
  if (name.endsWith('/') || format === 0o040000) return { kind: 'directory', mode: perms || 0o755 }
  if (format === 0o120000) return { kind: 'symlink', mode: perms || 0o777 }
  return { kind: 'file', mode: perms || 0o644 }
}

function notZip(zipPath: string, err: unknown): InputError {
  const reason = err instanceof Error ? err.message : String(err)
  return new InputError('zip-file', `'${zipPath}' is not a readable zip archive (${reason})`)
}

/** Zips up to this size are read into memory once: yauzl then reads each entry without a
 * round trip to the disk (seconds saved on a node_modules of tens of thousands of files). */
const IN_MEMORY_ZIP_BYTES = 64 * 1024 * 1024

const YAUZL_OPTIONS = { lazyEntries: true, autoClose: false, decodeStrings: false } as const

/** The opened zip, and its bytes when they were read into memory. */
async function openZip(zipPath: string, inMemoryBytes: number): Promise<{ zip: ZipFile; bytes?: Buffer }> {
  const size = await stat(zipPath).then(
    (s) => s.size,
    (err: unknown) => Promise.reject(notZip(zipPath, err))
  )
  const bytes = size <= inMemoryBytes ? await readFile(zipPath).catch((err: unknown) => Promise.reject(notZip(zipPath, err))) : undefined
  return new Promise((resolve, reject) => {
    // autoClose off: entries are read after the listing ends; decodeStrings off: see checkEntryName.
    const done = (err: Error | null, zip?: ZipFile): void => {
      if (err || !zip) reject(notZip(zipPath, err))
      else resolve({ zip, bytes })
    }
    if (bytes) yauzl.fromBuffer(bytes, YAUZL_OPTIONS, done)
    else yauzl.open(zipPath, YAUZL_OPTIONS, done)
  })
}

function listEntries(zip: ZipFile, zipPath: string): Promise<ZipItem[]> {
  return new Promise((resolve, reject) => {
    const items: ZipItem[] = []
    const seen = new Set<string>()
    zip.on('entry', (entry: Entry) => {
      try {
        const name = checkEntryName(entry.fileNameRaw)
        if (seen.has(name)) throw new InputError('zip-file', `entry '${name}' appears twice`)
        seen.add(name)
        items.push({ name, ...zipEntryKind(entry.versionMadeBy, entry.externalFileAttributes, name), entry })
        zip.readEntry()
      } catch (err) {
        reject(asError(err))
      }
    })
    zip.once('end', () => resolve(items))
    zip.once('error', (err: Error) => reject(notZip(zipPath, err)))
    zip.readEntry()
  })
}

/** SHA-256 of a stream's bytes, and their count. */
async function hashStream(stream: Readable): Promise<{ bytes: number; hash: ReturnType<typeof createHash> }> {
  const hash = createHash('sha256')
  let bytes = 0
  for await (const chunk of stream) {
    hash.update(chunk as Buffer)
    bytes += (chunk as Buffer).length
  }
  return { bytes, hash }
}

/**
 * Validates and measures the zip given as the zip-file input, as a built one is measured (zips up
 * to `inMemoryBytes` are read into memory once; the parameter is for tests). Throws InputError
 * (zip-file) when it is not a readable zip, holds no entries, has a bad, duplicate or escaping
 * name, or a corrupt entry, and ActionError when it is over the unzipped limit.
 */
export async function inspectZip(zipPath: string, inMemoryBytes = IN_MEMORY_ZIP_BYTES): Promise<BuiltArchive> {
  const { zip, bytes } = await openZip(zipPath, inMemoryBytes)
  try {
    const items = await listEntries(zip, zipPath)
    if (items.length === 0) throw new InputError('zip-file', `'${zipPath}' holds no entries`)
    const unzippedSize = items.reduce((sum, i) => (i.kind === 'file' ? sum + i.entry.uncompressedSize : sum), 0)
    checkUnzippedSize(unzippedSize, `The zip-file '${zipPath}' holds`)
    // Always from the entries: a zip changed by another tool may still carry our comment.
    const contentDigest = await digestEntries(zip, items)
    const file = bytes
      ? { bytes: bytes.length, hash: createHash('sha256').update(bytes) }
      : await hashStream(createReadStream(zipPath)).catch((err: unknown) => {
          throw notZip(zipPath, err)
        })
    return { path: zipPath, size: file.bytes, sha256: file.hash.digest('base64'), unzippedSize, entryCount: items.length, contentDigest }
  } finally {
    zip.close()
  }
}
