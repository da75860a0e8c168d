// Skip-unchanged: is the newest existing version the same layer we would publish? The same
// metadata, and then the same CodeSha256 or else the same entries in its zip's central directory
// (previous.ts): names, kinds, modes, sizes and CRC-32s, so another zlib build's bytes still
// count as the same layer, and a claim in the zip (its comment) is never taken on trust. A
// comparison that cannot be made means publish.
import type { LambdaClient } from '@aws-sdk/client-lambda'
import { describeChanges, sameEntries } from '../archive/inspect/compare.js'
import type { LocalContent } from '../archive/inspect/local-zip.js'
import type { LayerVersion } from '../aws/layer-version.js'
import { examinePrevious, newestVersion, type Previous, type PreviousOptions, type PreviousSettings } from './previous.js'

/** Whether the newest version is the same layer, and why (for the log); `previous` is what was
 * found, for the job summary. */
export type Verdict =
  { same: true; version: LayerVersion; reason: string; previous: Previous } | { same: false; reason: string; previous: Previous }

/**
 * Compares the newest version of the layer with what the action would publish: the same
 * metadata and the same CodeSha256, or else the same entries in its zip's central directory.
 * Returns the verdict; a stored zip that cannot be read makes it 'differs', with the reason.
 * Throws the SDK error of List/GetLayerVersion(s) as is (ListLayerVersions only when
 * `options.newest` is not given).
 */
export async function findUnchanged(
  lambda: LambdaClient,
  settings: PreviousSettings,
  local: LocalContent,
  options: PreviousOptions = {}
): Promise<Verdict> {
  const existing = await newestVersion(lambda, settings.layerName, options)
  if (!existing) return { same: false, reason: 'the layer has no version yet', previous: { state: 'none' } }
  const previous = await examinePrevious(existing, settings, local, options)
  const { version, comparison, metadataChanges } = previous
  const label = `version ${version.version}`
  const [field] = metadataChanges
  if (field) return { same: false, reason: `${label}: ${field} ${field.endsWith('s') ? 'differ' : 'differs'}`, previous }
  if (!comparison.compared) {
    return {
      same: false,
      previous,
      reason: `${label} could not be compared, so a new version is published rather than one reused unchecked: ${comparison.reason}`
    }
  }
  if (comparison.sameCode) return { same: true, version, previous, reason: `${label} has the same CodeSha256` }
  if (sameEntries(comparison.changes))
    return { same: true, version, previous, reason: `${label} holds the same entries (names, modes, sizes, CRC-32s)` }
  return { same: false, previous, reason: `${label} holds different content: ${describeChanges(comparison.changes)}` }
}
