// Archive stage: writes the planned entries as a byte-reproducible zip and measures it (size,
// CodeSha256, content digest) on the way to disk, so nothing is read twice. Files are read and
// deflated ahead on worker threads; the zip itself is written in plan order by zip/writer.ts.
import { open, rm } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { ActionError, CancelledError, throwIfCancelled } from '../errors.js'
import type { ArchivePlan } from '../plan/plan.js'
import { ZipOutput } from './zip/output.js'
import { InlineDeflater, WorkerDeflater, type Deflater } from './zip/pool.js'
import { writeZip } from './zip/writer.js'

/** The layer zip a run publishes, built by writeArchive or given and measured by inspectZip.
 * Later stages take the Pick of it they read. */
export interface BuiltArchive {
  /** Absolute path of the zip on disk. */
  path: string
  /** Bytes of the zip. */
  size: number
  /** Base64 SHA-256 of the zip bytes, as Lambda's CodeSha256. */
  sha256: string
  /** Bytes of the files once extracted (links and folders count 0). */
  unzippedSize: number
  entryCount: number
  /** Hex SHA-256 of the canonical entry listing (see digest.ts). */
  contentDigest: string
}

/** How writeArchive runs; the zip's bytes are the same whatever these are. */
export interface ArchiveOptions {
  /** Worker threads that read and deflate; 0 does it on this thread. The zip's bytes are the
   * same whatever this is. Default: 0 for layers under INLINE_BYTES, else one per CPU, up to 8. */
  concurrency?: number
  /** The deflate worker script. Default: the bundled one beside dist/index.js; tests, which run
   * src/ through ts-jest, pass one they built. */
  workerUrl?: URL
  /** Aborts when the run is cancelled: the build stops, the workers end, the partial zip goes. */
  signal?: AbortSignal
  /** Told how the zip is built (worker threads, read-ahead): core.debug. */
  debug?: (message: string) => void
}

/** Below this many bytes of files, starting workers costs more than it saves. */
export const INLINE_BYTES = 2 * 1024 * 1024
const MAX_WORKERS = 8
/** Bytes read ahead of the writer per worker: enough to keep each busy while one block lags;
 * more only adds memory (measured: no faster at 8 MiB, 15 MB more RSS). */
const READ_AHEAD_PER_WORKER = 2 * 1024 * 1024
const READ_AHEAD_MIN = 4 * 1024 * 1024

/** Worker threads for a layer of `unzippedSize` bytes: 0 (this thread) below INLINE_BYTES, else one
 * per CPU, up to MAX_WORKERS. Never throws. */
export function defaultConcurrency(unzippedSize: number): number {
  return unzippedSize < INLINE_BYTES ? 0 : Math.min(MAX_WORKERS, availableParallelism())
}

function writeFailure(outPath: string, err: unknown): ActionError {
  if (err instanceof ActionError) return err
  const reason = err instanceof Error ? err.message : String(err)
  return new ActionError(`Could not write the layer zip '${outPath}': ${reason}`, undefined, { cause: err })
}

/**
 * Writes `plan` to `outPath` (deflate level 6, every entry dated 1980-01-01 00:00 UTC, modes
 * from the plan, links stored as links). Memory stays bounded by the read-ahead, not the layer.
 * The content digest goes into the zip comment, the last bytes of the file. Returns the zip's
 * measurements. Throws ActionError when a file changed or cannot be read (naming it) or the zip
 * cannot be written, CancelledError when `options.signal` aborts; no partial zip is left behind.
 */
export async function writeArchive(plan: ArchivePlan, outPath: string, options: ArchiveOptions = {}): Promise<BuiltArchive> {
  const unzippedSize = plan.entries.reduce((sum, e) => (e.kind === 'file' ? sum + e.size : sum), 0)
  const concurrency = options.concurrency ?? defaultConcurrency(unzippedSize)
  let deflater: Deflater | undefined
  let file
  const cancelled = () => deflater?.abort(new CancelledError('Building the layer zip'))
  options.signal?.addEventListener('abort', cancelled, { once: true })
  try {
    throwIfCancelled(options.signal, 'Building the layer zip')
    file = await open(outPath, 'w')
    deflater = concurrency > 0 ? new WorkerDeflater(concurrency, options.workerUrl) : new InlineDeflater()
    if (options.signal?.aborted) cancelled()
    const out = new ZipOutput(file)
    const readAheadBytes = Math.max(READ_AHEAD_MIN, READ_AHEAD_PER_WORKER * concurrency)
    options.debug?.(
      `Deflating ${unzippedSize} bytes of files ${concurrency > 0 ? `on ${concurrency} worker thread(s)` : 'on this thread'} (workers from ${INLINE_BYTES} bytes), reading ahead up to ${readAheadBytes} bytes`
    )
    const { entryCount, contentDigest } = await writeZip(plan.entries, out, { deflater, readAheadBytes })
    await out.finish()
    throwIfCancelled(options.signal, 'Building the layer zip')
    await file.close()
    file = undefined
    return { path: outPath, size: out.bytes, sha256: out.digest('base64'), unzippedSize, entryCount, contentDigest }
  } catch (err) {
    await file?.close().catch(() => undefined)
    if (file) await rm(outPath, { force: true })
    throw writeFailure(outPath, err)
  } finally {
    options.signal?.removeEventListener('abort', cancelled)
    await deflater?.close()
  }
}
