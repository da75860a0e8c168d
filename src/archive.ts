// Archive stage: writes the planned entries as a byte-reproducible zip, streamed, and measures
// it (size, CodeSha256, content digest) on the way to disk, so nothing is read twice.
import { createWriteStream, createReadStream, type ReadStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { ZipArchive, type ZipEntryData } from 'archiver'
import { ContentDigest, digestComment } from './content-digest.js'
import { ActionError } from './errors.js'
import type { ArchiveEntry, ArchivePlan } from './plan.js'
import { fsError } from './walk.js'
import { CommentPatcher, Measure } from './zip-output.js'

export { readContentDigest } from './content-digest.js'
export { inspectZip } from './zip-inspect.js'

export interface BuiltArchive {
  path: string
  size: number
  /** Base64 SHA-256 of the zip bytes, as Lambda's CodeSha256. */
  sha256: string
  unzippedSize: number
  entryCount: number
  /** Hex SHA-256 of the canonical entry listing (see content-digest.ts). */
  contentDigest: string
}

/**
 * Every entry gets this time. Built with Date.UTC and written with archiver's default UTC
 * conversion (forceLocalTime false), so the DOS time is 1980-01-01 00:00:00 whatever the TZ.
 */
export const ENTRY_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0))

/**
 * Entries queued in archiver at once. Each queued file holds one open descriptor and up to two
 * stream buffers; a few in flight hide open/read latency, more only cost descriptors.
 */
export const WINDOW = 4

/** Settles one promise per appended entry, in append order: archiver writes its queue in order. */
class Appended {
  private readonly waiting: { resolve: () => void; reject: (err: Error) => void }[] = []
  private failure?: Error

  constructor(archive: ZipArchive) {
    archive.on('entry', () => this.waiting.shift()?.resolve())
    const fail = (err: Error): void => {
      this.failure ??= err
      for (const w of this.waiting.splice(0)) w.reject(err)
    }
    archive.on('error', fail)
    archive.on('warning', fail)
  }

  next(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }))
  }
}

interface Writer {
  archive: ZipArchive
  appended: Appended
  /** Source streams not yet fully read, destroyed if the build fails. */
  open: Set<ReadStream>
}

/** Queues one file; resolves to the hex SHA-256 of its content once archiver has written it. */
function appendFile(w: Writer, entry: ArchiveEntry, data: ZipEntryData): Promise<string> {
  const source = createReadStream(entry.source) // opens now; archiver reads it when its turn comes
  w.open.add(source)
  const measure = new Measure()
  const failed = new Promise<never>((_, reject) => {
    source.once('error', (err) => reject(fsError('read', entry.source, err)))
  })
  source.pipe(measure)
  const written = w.appended.next()
  w.archive.append(measure, { ...data, type: 'file' })
  return Promise.race([written, failed]).then(() => {
    w.open.delete(source)
    if (measure.bytes !== entry.size) {
      throw new ActionError(
        `'${entry.source}' changed while the zip was written (${entry.size} bytes planned, ${measure.bytes} read)`,
        'Do not modify the layer files while the action runs'
      )
    }
    return measure.digest('hex')
  })
}

/** Queues one entry (synchronously, so entries keep plan order); resolves to its digest payload. */
function appendEntry(w: Writer, entry: ArchiveEntry): Promise<string> {
  const data: ZipEntryData = { name: entry.name, date: ENTRY_DATE, mode: entry.mode }
  if (entry.type === 'file') return appendFile(w, entry, data)
  const written = w.appended.next()
  if (entry.type === 'directory') {
    w.archive.append(Buffer.alloc(0), { ...data, type: 'directory' })
    return written.then(() => '')
  }
  // Not archive.symlink(): it takes no date, so the entry would carry the current time.
  const linkTarget = entry.linkTarget ?? ''
  const link: ZipEntryData & { linkname: string } = { ...data, type: 'symlink', linkname: linkTarget }
  w.archive.append(Buffer.alloc(0), link)
  return written.then(() => linkTarget)
}

/** Appends every entry with at most WINDOW queued; returns the content digest. */
async function appendAll(w: Writer, entries: ArchiveEntry[], broken: Promise<never>): Promise<string> {
  const digest = new ContentDigest()
  const queued: { entry: ArchiveEntry; payload: Promise<string> }[] = []
  const settleOldest = async (): Promise<void> => {
    const { entry, payload } = queued.shift() as (typeof queued)[number]
    digest.add({ name: entry.name, type: entry.type, mode: entry.mode, payload: await Promise.race([payload, broken]) })
  }
  for (const entry of entries) {
    const payload = appendEntry(w, entry)
    payload.catch(() => undefined) // awaited in order below; this only marks it handled
    queued.push({ entry, payload })
    if (queued.length >= WINDOW) await settleOldest()
  }
  while (queued.length > 0) await settleOldest()
  return digest.hex()
}

function writeFailure(outPath: string, err: unknown): ActionError {
  if (err instanceof ActionError) return err
  const reason = err instanceof Error ? err.message : String(err)
  return new ActionError(`Could not write the layer zip '${outPath}': ${reason}`, undefined, { cause: err })
}

/**
 * Writes `plan` to `outPath`, streaming files one after another through archiver (deflate
 * level 6) with at most WINDOW open, so memory and descriptors do not grow with the layer.
 * The content digest goes into the zip comment without a second pass over the files.
 */
export async function writeArchive(plan: ArchivePlan, outPath: string): Promise<BuiltArchive> {
  const placeholder = digestComment('0'.repeat(64))
  const archive = new ZipArchive({ zlib: { level: 6 }, forceLocalTime: false, comment: placeholder })
  const writer: Writer = { archive, appended: new Appended(archive), open: new Set() }
  const output = new CommentPatcher(placeholder)
  const written = pipeline(archive, output, createWriteStream(outPath))
  const broken = new Promise<never>((_, reject) => void written.catch(reject))
  broken.catch(() => undefined) // observed through the races in appendAll
  try {
    const contentDigest = await appendAll(writer, plan.entries, broken)
    output.replaceWith(digestComment(contentDigest))
    await Promise.all([archive.finalize(), written])
    const unzippedSize = plan.entries.reduce((sum, e) => (e.type === 'file' ? sum + e.size : sum), 0)
    const sha256 = output.digest('base64')
    return { path: outPath, size: output.bytes, sha256, unzippedSize, entryCount: plan.entries.length, contentDigest }
  } catch (err) {
    for (const source of writer.open) source.destroy()
    archive.destroy()
    await written.catch(() => undefined)
    await rm(outPath, { force: true })
    throw writeFailure(outPath, err)
  }
}
