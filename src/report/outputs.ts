// The step outputs, named as action.yml declares them. Written on every run, failed ones
// included, so a later step's fromJSON() of a JSON output never meets an empty string.
import { aligning } from './alignment.js'
import type { Outcome } from './outcome.js'

/** The regions that did not end as asked: those that failed, and every region a failure outside
 * the regions (the credentials) kept from publishing; in the order of settings.regions. Never throws. */
export function failedRegions(outcome: Pick<Outcome, 'regions' | 'failure'>): string[] {
  const failed = new Set([...outcome.regions.filter((r) => !r.ok).map((r) => r.region), ...(outcome.failure?.regions ?? [])])
  return [...failed]
}

/**
 * The step outputs; '' for what does not apply. Single-valued outputs describe the first region,
 * in the order of `regions`, whose version is live and shared: one that succeeded, or one where a
 * step after sharing (SSM, prune, functions) failed or the run was cancelled; when the first
 * region has none, the next one that has, so a later step gets a version that exists. Never throws.
 */
export function outputsOf(outcome: Partial<Outcome> & Pick<Outcome, 'regions'>): Record<string, string> {
  const first = outcome.regions.find((r) => r.version)
  const version = first?.version
  const { archive } = outcome
  const arns: Record<string, string> = {}
  // A version that went live stays reported even if a later step in its region failed.
  for (const r of outcome.regions) if (r.version) arns[r.region] = r.version.layerVersionArn
  // align-versions promises one number: when the regions' numbers differ, layer-version names none.
  const numbers = new Set(outcome.regions.map((r) => r.version?.version).filter((n) => n !== undefined))
  const common = !outcome.settings || !aligning(outcome.settings) || numbers.size <= 1
  return {
    'layer-arn': version?.layerArn ?? '',
    'layer-version-arn': version?.layerVersionArn ?? '',
    'layer-version': version && common ? String(version.version) : '',
    'code-sha256': version?.codeSha256 || archive?.sha256 || '',
    'code-size': String(version?.codeSize || archive?.size || ''),
    published: String(first?.published === true),
    'archive-path': archive?.path ?? '',
    'layer-version-arns': JSON.stringify(arns),
    'deleted-versions': JSON.stringify(outcome.regions.flatMap((r) => r.deleted ?? [])),
    'failed-regions': JSON.stringify(failedRegions(outcome)),
    // No version: the job this run started, if any (one that failed is what to look up in Signer).
    'signing-job-arn': version ? (version.signingJobArn ?? '') : (outcome.signing?.jobArn ?? ''),
    'signing-profile-version-arn': version ? (version.signingProfileVersionArn ?? '') : (outcome.signing?.profileVersionArn ?? '')
  }
}
