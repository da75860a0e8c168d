// A zip on this machine as a ZipSource: read into memory when small (each entry then costs no
// round trip to the disk: seconds on a node_modules of tens of thousands of files), else read
// through one open descriptor. Opened once, without blocking, and checked to be a regular file:
// a FIFO given as zip-file must not hang the step, and every later read sees the same file.
import { createHash } from 'node:crypto'
import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { bufferSource, ZipFormatError, type ZipSource } from './central.js'
import type { BuiltArchive } from '../write.js'
import { listEntries, type EntrySummary } from './listing.js'

/** An open local zip. */
export interface LocalZip extends ZipSource {
  /** Bytes of the zip. */
  size: number
  /** `length` bytes from `offset`, streamed. */
  stream: (offset: number, length: number) => Readable
  /** Base64 SHA-256 of the whole zip, as Lambda's CodeSha256. */
  sha256: () => Promise<string>
  close: () => Promise<void>
}

function memoryZip(bytes: Buffer): LocalZip {
  return {
    ...bufferSource(bytes),
    size: bytes.length,
    stream: (offset, length) => Readable.from([bytes.subarray(offset, offset + length)]),
    sha256: () => Promise.resolve(createHash('sha256').update(bytes).digest('base64')),
    close: () => Promise.resolve()
  }
}

function fileZip(file: FileHandle, size: number): LocalZip {
  const read = async (offset: number, length: number): Promise<Buffer> => {
    const into = Buffer.allocUnsafe(length)
    let got = 0
    while (got < length) {
      const { bytesRead } = await file.read(into, got, length - got, offset + got)
      if (bytesRead === 0) throw new ZipFormatError(`${length} bytes at ${offset} run past the end of the zip`)
      got += bytesRead
    }
    return into
  }
  const stream = (offset: number, length: number): Readable =>
    length === 0 ? Readable.from([]) : file.createReadStream({ start: offset, end: offset + length - 1, autoClose: false })
  return {
    size,
    tail: async (length) => ({ bytes: await read(Math.max(0, size - length), Math.min(size, length)), size }),
    read,
    stream,
    sha256: async () => {
      const hash = createHash('sha256')
      for await (const chunk of stream(0, size)) hash.update(chunk as Buffer)
      return hash.digest('base64')
    },
    close: () => file.close()
  }
}

/**
 * Opens the zip at `zipPath` (following a symlink, never blocking) and proves it is a regular
 * file; zips up to `inMemoryBytes` are read whole and the file closed at once. Returns the open
 * zip; the caller closes it. Throws Error with a reason ("is a FIFO, not a file", the fs error).
 */
export async function openLocalZip(zipPath: string, inMemoryBytes: number): Promise<LocalZip> {
  const file = await open(zipPath, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const stats = await file.stat()
    if (!stats.isFile()) throw new Error(stats.isDirectory() ? 'it is a folder' : 'it is not a regular file (a FIFO, socket or device)')
    const onDisk = fileZip(file, stats.size)
    if (stats.size > inMemoryBytes) return onDisk
    const bytes = await onDisk.read(0, stats.size)
    await file.close()
    return memoryZip(bytes)
  } catch (err) {
    await file.close().catch(() => undefined)
    throw err
  }
}

/** The listing of a zip file on this machine (the one the action built, to compare it). Throws
 * what openLocalZip and listEntries throw. */
export async function listZipFile(zipPath: string): Promise<EntrySummary[]> {
  const zip = await openLocalZip(zipPath, 0)
  try {
    return await listEntries(zip)
  } finally {
    await zip.close()
  }
}

/** The zip the action is about to publish, as the comparison with a stored version and the job
 * summary read it. */
export interface LocalContent {
  /** Base64 SHA-256 of the zip (CodeSha256), when it is built: the fast proof. */
  sha256?: string
  /** Its entries, in the zip's order. */
  entries(): Promise<EntrySummary[]>
}

const contents = new WeakMap<object, LocalContent>()

/** A built (or given) zip as LocalContent: its own central directory, read once on first use
 * whatever the number of regions (and the report) that ask. Never throws; `entries()` throws
 * what listZipFile does. */
export function builtContent(archive: Pick<BuiltArchive, 'path' | 'sha256'>): LocalContent {
  let content = contents.get(archive)
  if (!content) {
    let listed: Promise<EntrySummary[]> | undefined
    content = { sha256: archive.sha256, entries: () => (listed ??= listZipFile(archive.path)) }
    contents.set(archive, content)
  }
  return content
}
