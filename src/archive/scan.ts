// Archive stage, before anything is compressed: what the layer's zip would list in its central
// directory (names, kinds, modes, sizes, CRC-32s), read from the files with zlib's CRC-32 and no
// deflate. skip-unchanged compares it with the newest version's stored central directory; the
// zip is built only when some region publishes. The content digest (a SHA-256 per file) is not
// taken here: the comparison does not need it, and the build takes it as it writes.
import { CancelledError, throwIfCancelled } from '../errors.js'
import type { ArchiveEntry, ArchivePlan } from '../plan/plan.js'
import type { EntrySummary } from './inspect/listing.js'
import type { LocalContent } from './inspect/local-zip.js'
import { filesBytes, startDeflater, type ArchiveOptions } from './write.js'
import { crc32 } from './zip/crc32.js'
import type { Deflater } from './zip/pool.js'
import { filesOf, ReadAhead } from './zip/schedule.js'
import { checkRead, readFailure } from './zip/writer.js'

/** Bytes read ahead of the comparison: a few FilesJobs (schedule.ts). */
const READ_AHEAD_BYTES = 4 * 1024 * 1024

/** A layer read but not zipped: its size and, by plan index, each entry's CRC-32. */
export interface ScannedLayer extends LocalContent {
  entryCount: number
  /** Bytes of the files once extracted. */
  unzippedSize: number
  /** CRC-32 of each entry by plan index: a file's bytes, a link's target text, 0 for a folder. */
  crcs: Uint32Array
  /** The listing a zip of it would give (listEntries), made on the first call, then the same.
   * Never rejects. */
  entries(): Promise<EntrySummary[]>
}

/** Reads every file of `plan` through `deflater` in FilesJobs, its CRC into `crcs`. */
async function readFiles(plan: ArchivePlan, deflater: Deflater, crcs: Uint32Array): Promise<void> {
  const { entries } = plan
  const ahead = new ReadAhead(filesOf(entries), entries.length, deflater, READ_AHEAD_BYTES, 'crc')
  ahead.start()
  try {
    for (let index = 0; index < entries.length; index++) {
      const entry = entries.entry(index)
      if (entry.kind === 'symlink') crcs[index] = crc32(Buffer.from(entry.linkTarget ?? ''))
      if (entry.kind === 'file') crcs[index] = await readCrc(ahead, entry, index)
    }
  } catch (err) {
    deflater.abort(err instanceof Error ? err : new Error(String(err)))
    throw err
  }
}

/** The CRC-32 of file entry `index`, read through `ahead` in turn. Throws ActionError when the
 * file changed since it was planned or cannot be read (naming it). */
async function readCrc(ahead: ReadAhead, entry: ArchiveEntry, index: number): Promise<number> {
  try {
    const read = ahead.fileRead(index)
    if (!('small' in read)) throw new Error(`expected one CRC read of '${entry.name}'`)
    const r = await read.small
    checkRead(entry, r, 'it was read for the comparison')
    return r.crc
  } catch (err) {
    throw readFailure(entry, err, 'it was read for the comparison')
  } finally {
    ahead.done(index)
  }
}

/**
 * Reads the files of `plan` for their CRC-32s on this thread, without compressing anything (no
 * worker starts: reading and zlib's CRC-32 run at page-cache speed, and measured faster here
 * than on workers, whose start costs more than they save, up to the 250 MB limit). Returns the
 * scanned layer. Throws
 * ActionError when a file changed since it was planned or cannot be read (naming it),
 * CancelledError when `options.signal` aborts.
 */
export async function scanLayer(plan: ArchivePlan, options: ArchiveOptions = {}): Promise<ScannedLayer> {
  const unzippedSize = filesBytes(plan)
  const crcs = new Uint32Array(plan.entries.length)
  throwIfCancelled(options.signal, 'Reading the layer files')
  const deflater = startDeflater(options.concurrency ?? 0, options.workerUrl)
  const cancelled = () => deflater.abort(new CancelledError('Reading the layer files'))
  options.signal?.addEventListener('abort', cancelled, { once: true })
  try {
    if (options.signal?.aborted) cancelled()
    await readFiles(plan, deflater, crcs)
  } finally {
    options.signal?.removeEventListener('abort', cancelled)
    await deflater.close()
  }
  let listing: Promise<EntrySummary[]> | undefined
  const list = (): EntrySummary[] =>
    Array.from(plan.entries, (e, i) => ({
      name: e.name,
      kind: e.kind,
      mode: e.mode,
      size: e.kind === 'directory' ? 0 : e.size,
      crc32: crcs[i]
    }))
  return { entryCount: plan.entries.length, unzippedSize, crcs, entries: () => (listing ??= Promise.resolve(list())) }
}
