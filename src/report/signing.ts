// The code signing section: which AWS Signer job signed the versions, with which profile version
// (what consumers list in their code signing configs), and the signed zip's CodeSha256; in a dry
// run, the profile that would sign.
import { andList, code, section } from './markdown.js'
import { successes, type Outcome } from './outcome.js'

/** One line per signing job among the versions the regions published or reused, naming the
 * regions; a dry run's plan with signing-profile-name; [] without signing. Never throws. */
export function signingSection(outcome: Pick<Outcome, 'settings' | 'regions' | 'signing'>): string[] {
  const { settings } = outcome
  if (settings.dryRun) {
    const profile = settings.signing?.profileName
    return profile
      ? section('Code signing', [`Would sign the zip first with the AWS Signer profile ${code(profile)} in ${settings.regions[0]}.`])
      : []
  }
  const jobs = new Map<string, { profile: string; sha256: string; regions: string[] }>()
  for (const r of successes(outcome)) {
    const v = r.version
    if (!v?.signingJobArn) continue
    const job = jobs.get(v.signingJobArn) ?? { profile: v.signingProfileVersionArn ?? '-', sha256: v.codeSha256, regions: [] }
    job.regions.push(r.region)
    jobs.set(v.signingJobArn, job)
  }
  const lines = [...jobs].map(
    ([arn, j]) =>
      `- ${andList(j.regions)}: signed by job ${code(arn)} with the profile version ${code(j.profile)} (signed zip CodeSha256 ${code(j.sha256)})`
  )
  // A job this run started that no version came from: it failed, or every region did after it.
  const started = outcome.signing
  if (started && !jobs.has(started.jobArn))
    lines.push(
      `- Signing job ${code(started.jobArn)} (profile version ${code(started.profileVersionArn)}): no version was published from it (see below).`
    )
  return section('Code signing', lines)
}
