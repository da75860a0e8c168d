// Archive stage, as the run drives it: the layer every region publishes, from the tree (planned,
// then zipped, or only read when skip-unchanged may find nothing new) or from the zip the user
// gave. What exists so far is recorded as it happens, so a cancelled or failed run can report it.
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeError } from '../errors.js'
import { shortLayerName } from '../inputs/rules.js'
import { checkUploadRoute, type SizedEntry } from '../plan/limits.js'
import { describePlan } from '../plan/describe.js'
import { planArchive, type ArchivePlan } from '../plan/plan.js'
import type { Settings } from '../settings.js'
import { inspectZip } from './inspect/inspect.js'
import { builtContent, type LocalContent } from './inspect/local-zip.js'
import { scanLayer } from './scan.js'
import { writeArchive, type BuiltArchive } from './write.js'

/** What every region publishes: the content skip-unchanged compares, and the zip, built once on
 * the first call (not at all when every region reuses its newest version). */
export interface LayerSource {
  content: LocalContent
  /** Resolves with the zip, the same for every caller; rejects as its build failed. A zip not
   * built yet is built by the first call, which logs to `log` when given (the region whose
   * publish needs it), else to the stage's. */
  zip: (log?: BuildLog) => Promise<BuiltArchive>
}

/** Where a build logs its lines. */
export type BuildLog = Pick<LayerOptions, 'log' | 'debug'>

/** What the run knows of its layer so far, filled in as it happens. */
export interface LayerRecord {
  /** The zip, once built (or the given one, once inspected). */
  archive?: BuiltArchive
  /** What the layer holds while its zip is not built: skip-unchanged read the files only. */
  unbuilt?: Pick<BuiltArchive, 'entryCount' | 'unzippedSize'>
  /** The layer's entries (a tree's plan, a given zip's listing), for the job summary. */
  listing?: Iterable<SizedEntry>
  /** The zip being built, until it is complete. */
  zipInProgress?: string
}

/** Where the zip goes and how the stage reports. */
export interface LayerOptions {
  /** RUNNER_TEMP (the zip goes under it) and the rest of the runner's environment. */
  env: NodeJS.ProcessEnv
  signal?: AbortSignal
  log: (message: string) => void
  warn: (message: string) => void
  debug: (message: string) => void
}

/**
 * The layer the regions publish. The zip is built now (or the one given inspected), before any
 * AWS call; except with skip-unchanged (without a dry run, code signing or aligned versions,
 * which need the zip first), when only the files are read now (their CRC-32s, for the
 * comparison) and the zip is built once, when the first region publishes, and never when every
 * region reuses its newest version. The given zip is never removed, even on cancel; both warn by
 * the same content rules. Throws what planning, inspecting or building throws, and ActionError
 * for a zip above the inline limit without s3-bucket.
 */
export async function prepareLayer(settings: Settings, record: LayerRecord, options: LayerOptions): Promise<LayerSource> {
  const ready = (archive: BuiltArchive): LayerSource => ({ content: builtContent(archive), zip: () => Promise.resolve(archive) })
  if (settings.zipFile) {
    const given = await inspectZip(settings.zipFile, { runtimes: settings.compatibleRuntimes })
    for (const w of given.warnings) options.warn(w)
    return ready(await settle(given.archive, settings, record, options))
  }
  const plan = await planArchive(settings)
  for (const w of plan.warnings) options.warn(w)
  options.debug(describePlan(plan))
  // The plan lists what the zip will hold: the summary reads it, not the zip (made on request,
  // entry by entry, where the zip's listing would be an object per entry).
  record.listing = plan.entries
  const zipFirst = settings.dryRun || settings.signing || (settings.alignVersions && settings.regions.length > 1)
  if (!settings.skipUnchanged || zipFirst) return ready(await buildZip(plan, settings, record, options))
  const scanned = await scanLayer(plan, { signal: options.signal })
  record.unbuilt = { entryCount: scanned.entryCount, unzippedSize: scanned.unzippedSize }
  options.log(`Read the layer's ${scanned.entryCount} entries for skip-unchanged; the zip is built only if a region publishes`)
  let zip: Promise<BuiltArchive> | undefined
  return { content: scanned, zip: (log) => (zip ??= buildZip(plan, settings, record, { ...options, ...log }, scanned.crcs)) }
}

/** Builds the zip of `plan` under RUNNER_TEMP; with `expectedCrcs`, a file that changed since the
 * comparison read it fails the build. Returns the zip, settled. */
async function buildZip(
  plan: ArchivePlan,
  settings: Settings,
  record: LayerRecord,
  options: LayerOptions,
  expectedCrcs?: Uint32Array
): Promise<BuiltArchive> {
  const dir = join(options.env.RUNNER_TEMP || tmpdir(), 'publish-lambda-layer')
  await mkdir(dir, { recursive: true })
  record.zipInProgress = join(dir, `${shortLayerName(settings.layerName)}.zip`)
  options.log(`Building the layer zip ${record.zipInProgress} (${plan.entries.length} entries)`)
  const archive = await writeArchive(plan, record.zipInProgress, { signal: options.signal, expectedCrcs, debug: options.debug })
  record.zipInProgress = undefined
  return settle(archive, settings, record, options)
}

/** Records the zip the run publishes and its entries (for the summary), and checks it can be
 * uploaded. Returns it; throws ActionError when it is above the inline limit without s3-bucket. */
async function settle(archive: BuiltArchive, settings: Settings, record: LayerRecord, options: LayerOptions): Promise<BuiltArchive> {
  record.archive = archive
  options.log(`Layer zip: ${archive.path} (${archive.size} bytes, ${archive.entryCount} entries)`)
  record.listing ??= await builtContent(archive)
    .entries()
    .catch((err: unknown) => void options.debug(`The zip's entries could not be listed for the summary: ${describeError(err)}`))
  checkUploadRoute(archive.size, settings.s3Bucket)
  return archive
}
