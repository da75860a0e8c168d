// Archive stage, before anything is compressed: what the layer's zip would list in its central
// directory (names, kinds, modes, sizes, CRC-32s), read from the files with zlib's CRC-32 and no
// deflate. skip-unchanged compares it with the newest version's stored central directory; the
// zip is built only when some region publishes. The content digest (a SHA-256 per file) is not
// taken here: the comparison does not need it, and the build takes it as it writes.
import { CancelledError, throwIfCancelled } from '../errors.js'
import type { ArchivePlan } from '../plan/plan.js'
import type { EntrySummary } from './inspect/listing.js'
import { listZipFile } from './inspect/local-zip.js'
import { filesBytes, startDeflater, type ArchiveOptions, type BuiltArchive } from './write.js'
import { crc32 } from './zip/crc32.js'
import type { CrcJob, DeflateResult } from './zip/deflate.js'
import type { Deflater } from './zip/pool.js'
import { checkRead, readFailure } from './zip/writer.js'

/** What the action would publish, as skip-unchanged compares it with a stored version. */
export interface LocalContent {
  /** Base64 SHA-256 of the zip (CodeSha256), when it is built: the fast proof. */
  sha256?: string
  /** Its entries, in any order. Called only when the CodeSha256 does not settle it. */
  entries(): Promise<EntrySummary[]>
}

/** A built (or given) zip as LocalContent: its own central directory, read once on first use
 * whatever the number of regions that ask. Never throws; `entries()` throws what listZipFile does. */
export function zipContent(archive: Pick<BuiltArchive, 'path' | 'sha256'>): LocalContent {
  let listed: Promise<EntrySummary[]> | undefined
  return { sha256: archive.sha256, entries: () => (listed ??= listZipFile(archive.path)) }
}

/** Files read at once at most: enough to keep every worker's batches full, few enough to stay small. */
const IN_FLIGHT = 1024

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

/** The CRC job of a planned file. */
function crcJob(entry: ArchivePlan['entries'][number]): CrcJob {
  return { kind: 'crc', path: entry.source, length: entry.size, planned: { size: entry.size, ino: entry.ino, dev: entry.dev } }
}

/** Reads every file of `plan` through `deflater`, its CRC into `crcs`; at most IN_FLIGHT at once. */
async function readFiles(plan: ArchivePlan, deflater: Deflater, crcs: Uint32Array): Promise<void> {
  const line: Promise<void>[] = []
  const settle = (index: number) => (r: DeflateResult) => {
    const entry = plan.entries[index]
    if (r.kind !== 'crc') throw new Error(`expected a crc result, got ${r.kind}`)
    checkRead(entry, r, 'it was read for the comparison')
    crcs[index] = r.crc
  }
  try {
    for (const [index, entry] of plan.entries.entries()) {
      if (entry.kind === 'symlink') crcs[index] = crc32(Buffer.from(entry.linkTarget ?? ''))
      if (entry.kind !== 'file') continue
      const read = deflater.run(crcJob(entry)).then(settle(index), (err: unknown) => {
        throw readFailure(entry, err, 'it was read for the comparison')
      })
      read.catch(() => undefined) // awaited in turn below; this only marks it handled
      line.push(read)
      if (line.length >= IN_FLIGHT) await line.shift()
    }
    for (const read of line) await read
  } catch (err) {
    deflater.abort(err instanceof Error ? err : new Error(String(err)))
    throw err
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
    plan.entries.map((e, i) => ({ name: e.name, kind: e.kind, mode: e.mode, size: e.kind === 'directory' ? 0 : e.size, crc32: crcs[i] }))
  return { entryCount: plan.entries.length, unzippedSize, crcs, entries: () => (listing ??= Promise.resolve(list())) }
}
