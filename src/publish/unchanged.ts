// Skip-unchanged: is the newest existing version the same layer we would publish? The same
// CodeSha256 proves it at once. Otherwise the stored zip's central directory (read with Range
// requests) is compared entry by entry with what we would publish: names, kinds, modes, sizes
// and CRC-32s, so another zlib build's bytes still count as the same layer, and a claim in the
// zip (its comment) is never taken on trust. A comparison that cannot be made means publish.
import {
  GetLayerVersionCommand,
  ListLayerVersionsCommand,
  type GetLayerVersionCommandOutput,
  type LambdaClient
} from '@aws-sdk/client-lambda'
import { compareEntries, describeChanges, sameEntries, type EntryChanges } from '../archive/inspect/compare.js'
import { listEntries, type EntrySummary } from '../archive/inspect/listing.js'
import { listZipFile } from '../archive/inspect/local-zip.js'
import type { BuiltArchive } from '../archive/write.js'
import { toLayerVersion, type LayerVersion } from '../aws/layer-version.js'
import type { Settings } from '../settings.js'
import { storedZipSource, type RangeReadError, type RangeReadOptions } from './stored-zip.js'

/** The settings the comparison reads: the layer, the metadata a version carries, the timeout. */
export type UnchangedSettings = Pick<
  Settings,
  'layerName' | 'description' | 'licenseInfo' | 'compatibleRuntimes' | 'compatibleArchitectures' | 'requestTimeoutSeconds'
>

/** What the action would publish, as the comparison needs it. */
export interface LocalContent {
  /** Base64 SHA-256 of the zip (CodeSha256), when it is built: the fast proof. */
  sha256?: string
  /** Its entries, in any order. Called only when the CodeSha256 does not settle it. */
  entries(): Promise<EntrySummary[]>
}

const contents = new WeakMap<object, LocalContent>()

/** A built (or given) zip as LocalContent: its own central directory, read once on first use
 * whatever the number of regions that ask. Never throws; `entries()` throws what listZipFile does. */
export function builtContent(archive: Pick<BuiltArchive, 'path' | 'sha256'>): LocalContent {
  let content = contents.get(archive)
  if (!content) {
    let listed: Promise<EntrySummary[]> | undefined
    content = { sha256: archive.sha256, entries: () => (listed ??= listZipFile(archive.path)) }
    contents.set(archive, content)
  }
  return content
}

/** The stored version's entries against ours: the changes, or why they could not be compared. */
export type Comparison = { compared: true; changes: EntryChanges } | { compared: false; reason: string }

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
  return { compared: true, changes: compareEntries(stored, await local.entries()) }
}

/** Whether the newest version is the same layer, and why (for the log); `changes` when its
 * entries were compared (issue 12's "what changed" reads them). */
export type Verdict =
  { same: true; version: LayerVersion; reason: string; changes?: EntryChanges } | { same: false; reason: string; changes?: EntryChanges }

/** What differs between the settings' metadata and a version's, or undefined when nothing does.
 * Metadata is part of a version too: a new runtime list deserves a new version. Never throws. */
export function metadataDifference(s: UnchangedSettings, v: GetLayerVersionCommandOutput): string | undefined {
  const sameSet = (a: string[], b: string[] = []) => a.length === b.length && a.every((x) => b.includes(x))
  if (!sameSet(s.compatibleRuntimes, v.CompatibleRuntimes)) return 'compatible runtimes differ'
  if (!sameSet(s.compatibleArchitectures, v.CompatibleArchitectures)) return 'compatible architectures differ'
  if ((s.description ?? '') !== (v.Description ?? '')) return 'description differs'
  if ((s.licenseInfo ?? '') !== (v.LicenseInfo ?? '')) return 'license differs'
  return undefined
}

/** How findUnchanged logs (in the version's region), and the proxy agents its range read goes through. */
export type UnchangedOptions = Pick<RangeReadOptions, 'debug' | 'agents' | 'region'>

/**
 * Compares the newest version of the layer with what the action would publish: the same
 * metadata and the same CodeSha256, or else the same entries in its zip's central directory.
 * Returns the verdict; a stored zip that cannot be read makes it 'differs', with the reason.
 * Throws the SDK error of List/GetLayerVersion(s) as is.
 */
export async function findUnchanged(
  lambda: LambdaClient,
  settings: UnchangedSettings,
  local: LocalContent,
  options: UnchangedOptions = {}
): Promise<Verdict> {
  const list = await lambda.send(new ListLayerVersionsCommand({ LayerName: settings.layerName, MaxItems: 1 }))
  const newest = list.LayerVersions?.[0]
  if (!newest?.Version) return { same: false, reason: 'the layer has no version yet' }
  const existing = await lambda.send(new GetLayerVersionCommand({ LayerName: settings.layerName, VersionNumber: newest.Version }))
  const label = `version ${newest.Version}`
  const differs = metadataDifference(settings, existing)
  if (differs) return { same: false, reason: `${label}: ${differs}` }
  const version = toLayerVersion(existing, 'GetLayerVersion')
  if (local.sha256 && existing.Content?.CodeSha256 === local.sha256)
    return { same: true, version, reason: `${label} has the same CodeSha256` }
  options.debug?.(`CodeSha256 differs from ${label}'s: comparing the entries of its zip`)
  const comparison = await compareWithStored(existing.Content?.Location, local, {
    ...options,
    timeoutSeconds: settings.requestTimeoutSeconds
  })
  if (!comparison.compared) {
    return {
      same: false,
      reason: `${label} could not be compared, so a new version is published rather than one reused unchecked: ${comparison.reason}`
    }
  }
  const { changes } = comparison
  if (sameEntries(changes))
    return { same: true, version, changes, reason: `${label} holds the same entries (names, modes, sizes, CRC-32s)` }
  return { same: false, changes, reason: `${label} holds different content: ${describeChanges(changes)}` }
}
