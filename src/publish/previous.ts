// The newest version of a layer before this run publishes, and how the content about to be
// published compares with it. skip-unchanged decides by it, and the job summary's "what changed"
// shows it, also when skip-unchanged is off: one lookup (ListLayerVersions, GetLayerVersion) and
// at most one read of the stored zip's central directory per region. The same CodeSha256
// settles it without a download; otherwise the stored zip's central directory (Range requests
// on Content.Location) is compared entry by entry with ours.
import {
  GetLayerVersionCommand,
  ListLayerVersionsCommand,
  type GetLayerVersionCommandOutput,
  type LambdaClient
} from '@aws-sdk/client-lambda'
import { compareEntries, type EntryChanges } from '../archive/inspect/compare.js'
import { listEntries, type EntrySummary } from '../archive/inspect/listing.js'
import type { LocalContent } from '../archive/inspect/local-zip.js'
import { toLayerVersion, type LayerVersion } from '../aws/layer-version.js'
import { describeError } from '../errors.js'
import type { Settings } from '../settings.js'
import { storedZipSource, type RangeReadError, type RangeReadOptions } from './stored-zip.js'

/** The settings the comparison reads: the layer, the metadata a version carries, the timeout. */
export type PreviousSettings = Pick<
  Settings,
  'layerName' | 'description' | 'licenseInfo' | 'compatibleRuntimes' | 'compatibleArchitectures' | 'requestTimeoutSeconds'
>

/** The stored version's entries against ours: the changes, or why they could not be compared.
 * `sameCode` when the CodeSha256 alone proved them the same (no download). */
export type Comparison = { compared: true; changes: EntryChanges; sameCode: boolean } | { compared: false; reason: string }

/** The newest version before this run, and what differs from it. */
export interface PreviousVersion {
  state: 'found'
  version: LayerVersion
  /** The metadata that differs from the inputs ('compatible runtimes', 'description'...), in
   * the order of METADATA below; [] when none does. */
  metadataChanges: string[]
  comparison: Comparison
}

/** What a region found before publishing: the newest version, none (a new layer), or why it
 * could not be looked up (a role without lambda:ListLayerVersions, say). */
export type Previous = PreviousVersion | { state: 'none' } | { state: 'unread'; reason: string }

/** How the newest version is found and its zip read: the log, the proxy agents every request
 * goes through, the newest version number when the caller listed it already (its ownership
 * baseline; 0 for none), and the run's cancel signal. */
export type PreviousOptions = Pick<RangeReadOptions, 'debug' | 'agents' | 'region'> & { newest?: number; signal?: AbortSignal }

const sameSet = (a: string[], b: string[] = []): boolean => a.length === b.length && a.every((x) => b.includes(x))

/** Each metadata field a version carries: its name, and whether the version's equals the inputs'. */
const METADATA: [string, (s: PreviousSettings, v: GetLayerVersionCommandOutput) => boolean][] = [
  ['compatible runtimes', (s, v) => sameSet(s.compatibleRuntimes, v.CompatibleRuntimes)],
  ['compatible architectures', (s, v) => sameSet(s.compatibleArchitectures, v.CompatibleArchitectures)],
  ['description', (s, v) => (s.description ?? '') === (v.Description ?? '')],
  ['license', (s, v) => (s.licenseInfo ?? '') === (v.LicenseInfo ?? '')]
]

/** The metadata fields in which version `v` differs from the settings, [] when none does.
 * Metadata is part of a version too: a new runtime list deserves a new version. Never throws. */
export function metadataDifferences(s: PreviousSettings, v: GetLayerVersionCommandOutput): string[] {
  return METADATA.filter(([, same]) => !same(s, v)).map(([name]) => name)
}

/** The GetLayerVersion answer for the newest version of `layerName` (`options.newest` when the
 * caller listed it, else one ListLayerVersions), or undefined when the layer has no version.
 * Throws the SDK error of ListLayerVersions or GetLayerVersion as is. */
export async function newestVersion(
  lambda: LambdaClient,
  layerName: string,
  options: Pick<PreviousOptions, 'newest' | 'signal'> = {}
): Promise<GetLayerVersionCommandOutput | undefined> {
  const abortSignal = options.signal
  const newest =
    options.newest ??
    (await lambda.send(new ListLayerVersionsCommand({ LayerName: layerName, MaxItems: 1 }), { abortSignal })).LayerVersions?.[0]?.Version
  if (!newest) return undefined
  return lambda.send(new GetLayerVersionCommand({ LayerName: layerName, VersionNumber: newest }), { abortSignal })
}

/**
 * Reads the central directory of the zip at `location` (a version's Content.Location) and
 * compares it with `local`: the changes from the stored version to ours. Never throws: a
 * location missing, a read that failed after its retries, or a zip that cannot be parsed gives
 * `compared: false` with the reason.
 */
export async function compareWithStored(location: string | undefined, local: LocalContent, options: RangeReadOptions): Promise<Comparison> {
  if (!location) return { compared: false, reason: 'GetLayerVersion gave no Content.Location' }
  let stored: EntrySummary[]
  try {
    stored = await listEntries(storedZipSource(location, options))
  } catch (err) {
    const attempts = (err as RangeReadError).attempts
    const after = attempts > 1 ? `, after ${attempts} attempts` : ''
    return { compared: false, reason: `its zip could not be read (${(err as Error).message}${after})` }
  }
  return localChanges(local, (ours) => compareEntries(stored, ours), false)
}

/** `changes` of our entries; compared: false when our own zip cannot be listed. */
async function localChanges(local: LocalContent, changes: (ours: EntrySummary[]) => EntryChanges, sameCode: boolean): Promise<Comparison> {
  try {
    return { compared: true, changes: changes(await local.entries()), sameCode }
  } catch (err) {
    return { compared: false, reason: `the zip to publish could not be listed (${describeError(err)})` }
  }
}

/** The newest version `existing` against `local`: the same CodeSha256 settles it without a
 * download, else the stored central directory is read. Never throws (see compareWithStored). */
async function compareContent(
  existing: GetLayerVersionCommandOutput,
  local: LocalContent,
  label: string,
  options: RangeReadOptions
): Promise<Comparison> {
  if (local.sha256 && existing.Content?.CodeSha256 === local.sha256) {
    const same = (ours: EntrySummary[]) => ({ ...compareEntries([], []), unchanged: ours.length })
    return localChanges(local, same, true)
  }
  options.debug?.(
    local.sha256
      ? `CodeSha256 differs from ${label}'s: comparing the entries of its zip`
      : `Comparing the entries of ${label}'s zip with the files read (no zip built yet)`
  )
  return compareWithStored(existing.Content?.Location, local, options)
}

/**
 * The newest version `existing` examined: its metadata against the settings, its content
 * against `local`. Returns the PreviousVersion; throws ActionError only when the answer lacks
 * the version's ARN or number.
 */
export async function examinePrevious(
  existing: GetLayerVersionCommandOutput,
  settings: PreviousSettings,
  local: LocalContent,
  options: PreviousOptions
): Promise<PreviousVersion> {
  const version = toLayerVersion(existing, 'GetLayerVersion')
  const { debug, agents, region } = options
  const comparison = await compareContent(existing, local, `version ${version.version}`, {
    debug,
    agents,
    region,
    timeoutSeconds: settings.requestTimeoutSeconds
  })
  return { state: 'found', version, metadataChanges: metadataDifferences(settings, existing), comparison }
}

/**
 * What the newest version of the layer is and how ours differs from it, for the job summary when
 * skip-unchanged is off. Never throws: a lookup that fails (a role without
 * lambda:GetLayerVersion, a throttled call after its retries, the run cancelled) gives 'unread'
 * with the reason; the publish goes on.
 */
export async function readPrevious(
  lambda: LambdaClient,
  settings: PreviousSettings,
  local: LocalContent,
  options: PreviousOptions = {}
): Promise<Previous> {
  try {
    const existing = await newestVersion(lambda, settings.layerName, options)
    return existing ? await examinePrevious(existing, settings, local, options) : { state: 'none' }
  } catch (err) {
    options.debug?.(`The newest version could not be looked up for the summary: ${describeError(err)}`)
    return { state: 'unread', reason: describeError(err) }
  }
}
