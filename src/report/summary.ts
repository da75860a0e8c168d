// Report stage: step outputs and the job summary. Pure builders, then one thin writer.
import * as core from '@actions/core'
import type { BuiltArchive } from '../archive/write.js'
import type { RegionResult, RegionSuccess } from '../regions/fan-out.js'
import type { Settings } from '../settings.js'
import { toGrants } from '../share/grants.js'

/** What the report shows of the archive. */
export type ArchiveSummary = Pick<BuiltArchive, 'path' | 'size' | 'sha256' | 'unzippedSize' | 'entryCount'>

/** Everything the report describes: the settings, the archive and each region's result. */
export interface Outcome {
  settings: Settings
  /** Absent in mode: delete. */
  archive?: ArchiveSummary
  /** One per region, in the order of settings.regions; empty in a dry run. */
  regions: RegionResult[]
  /** Set when the runner cancelled the run. */
  cancelled?: CancelNote
}

/** What a cancelled run says about itself. */
export interface CancelNote {
  /** The signal that cancelled it (SIGINT, SIGTERM). */
  signal: string
  /** What the run undid on its way out, one phrase each. */
  undone: string[]
  /** The clean-up did not finish before the runner's deadline. */
  outOfTime: boolean
}

/** The first region's result, which single-valued outputs describe, if it succeeded. */
function firstSuccess(outcome: Outcome): RegionSuccess | undefined {
  const first = outcome.regions[0]
  return first?.ok ? first : undefined
}

/** The step outputs, named as action.yml declares them; '' for what does not apply. Never throws. */
export function outputsOf(outcome: Outcome): Record<string, string> {
  const first = firstSuccess(outcome)
  const version = first?.version
  const { archive } = outcome
  const arns: Record<string, string> = {}
  // A version that went live stays reported even if a later step in its region failed.
  for (const r of outcome.regions) if (r.version) arns[r.region] = r.version.layerVersionArn
  return {
    'layer-arn': version?.layerArn ?? '',
    'layer-version-arn': version?.layerVersionArn ?? '',
    'layer-version': version ? String(version.version) : '',
    'code-sha256': version?.codeSha256 || archive?.sha256 || '',
    'code-size': String(version?.codeSize || archive?.size || ''),
    published: String(first?.published ?? false),
    'archive-path': archive?.path ?? '',
    'layer-version-arns': JSON.stringify(arns),
    'deleted-versions': JSON.stringify(outcome.regions.flatMap((r) => (r.ok ? r.deleted : []))),
    'signing-job-arn': version?.signingJobArn ?? '',
    'signing-profile-version-arn': version?.signingProfileVersionArn ?? ''
  }
}

/** The job summary's Markdown, for publish, dry-run and delete runs. Never throws. */
export function summaryMarkdown(outcome: Outcome): string {
  const { settings } = outcome
  if (settings.mode === 'delete') return deleteSummary(outcome)
  if (settings.dryRun) return dryRunSummary(outcome)
  const failed = outcome.regions.filter((r) => !r.ok).length
  const title = outcome.cancelled
    ? `### Lambda layer \`${settings.layerName}\`: run cancelled${failed > 0 ? `, ${failed} region(s) failed` : ''}`
    : failed === 0
      ? `### Lambda layer \`${settings.layerName}\` published`
      : `### Lambda layer \`${settings.layerName}\`: ${failed} region(s) failed`
  const head = ['| Region | Version ARN | Result | Shared with | Deleted | Functions |', '|---|---|---|---|---|---|']
  const table = outcome.regions.length > 0 ? ['', ...head, ...outcome.regions.map(regionRow)] : []
  return [
    title,
    '',
    ...cancelLines(outcome.cancelled),
    ...archiveLines(outcome),
    ...signingLines(outcome.regions),
    ...table,
    ...afterTable(outcome.regions),
    ''
  ].join('\n')
}

/** Who signed the versions the regions publish or reuse: one line per signing job. */
function signingLines(regions: RegionResult[]): string[] {
  const jobs = new Map<string, { profile: string; sha256: string; regions: string[] }>()
  for (const r of regions) {
    const v = r.version
    if (!v?.signingJobArn) continue
    const job = jobs.get(v.signingJobArn) ?? { profile: v.signingProfileVersionArn ?? '-', sha256: v.codeSha256, regions: [] }
    job.regions.push(r.region)
    jobs.set(v.signingJobArn, job)
  }
  return [...jobs].map(
    ([arn, j]) =>
      `Signed by AWS Signer job \`${arn}\` with profile version \`${j.profile}\` (signed zip CodeSha256 \`${j.sha256}\`; ${j.regions.join(', ')}).`
  )
}

/** The cancelled line: what was undone, and what may be left if the clean-up ran out of time. */
function cancelLines(note: CancelNote | undefined): string[] {
  if (!note) return []
  const undone =
    note.undone.length > 0 ? ` Undone: ${note.undone.map((u) => u.replace(/\.$/, '')).join('; ')}.` : ' Nothing needed undoing.'
  const late = note.outOfTime ? " The clean-up did not finish before the runner's deadline: see what is left behind below." : ''
  return [`**The run was cancelled (${note.signal}).**${undone}${late}`, '']
}

/** Notes and versions left behind, one line each, under the table. */
function afterTable(regions: RegionResult[]): string[] {
  const lines = regions.flatMap((r) =>
    r.ok
      ? r.notes.map((n) => `- ${r.region}: ${n}`)
      : (r.leftBehind ?? []).map((l) => `- ${r.region}: left live, not settled by this run: ${l}`)
  )
  return lines.length > 0 ? ['', ...lines] : []
}

function regionRow(r: RegionResult): string {
  if (!r.ok) return row([r.region, r.version ? `\`${r.version.layerVersionArn}\`` : '-', `failed: ${r.error}`, '-', '-', '-'])
  const result = r.published ? 'published' : `reused (${r.reused ?? 'unchanged'})`
  const shared = r.shares.length === 0 ? 'only this account' : r.shares.map((s) => (s.added ? s.label : `${s.label} (already)`)).join(', ')
  const functions = r.functions.length === 0 ? '-' : r.functions.map((f) => f.target).join(', ')
  return row([r.region, `\`${r.version?.layerVersionArn ?? ''}\``, result, shared, String(r.deleted.length), functions])
}

function archiveLines(outcome: Outcome): string[] {
  const { archive, settings } = outcome
  if (!archive) return []
  return [
    `Zip: ${formatBytes(archive.size)} (${archive.entryCount} entries, ${formatBytes(archive.unzippedSize)} unzipped), CodeSha256 \`${archive.sha256}\`, uploaded ${settings.s3Bucket ? `through s3://${settings.s3Bucket}` : 'inline'}.`,
    `Runtimes: ${listOrDash(settings.compatibleRuntimes)}. Architectures: ${listOrDash(settings.compatibleArchitectures)}.`
  ]
}

function dryRunSummary(outcome: Outcome): string {
  const grants = toGrants(outcome.settings.principals)
  const sharing = grants.length === 0 ? 'only this account' : grants.map((g) => g.label).join(', ')
  return [
    `### Lambda layer \`${outcome.settings.layerName}\`: dry run, nothing was changed in AWS`,
    '',
    ...archiveLines(outcome),
    '',
    `Would publish a new version in ${outcome.settings.regions.join(', ')} and share it with ${sharing}.`,
    ...(outcome.settings.signing
      ? [`Would sign it first with the AWS Signer profile \`${outcome.settings.signing.profileName}\` in ${outcome.settings.regions[0]}.`]
      : []),
    ''
  ].join('\n')
}

function deleteSummary(outcome: Outcome): string {
  const { settings } = outcome
  if (settings.dryRun) {
    return `### Lambda layer \`${settings.layerName}\`: dry run, nothing was changed in AWS\n\nWould delete every version in ${settings.regions.join(', ')}.\n`
  }
  const head = ['| Region | Deleted versions |', '|---|---|']
  const rows = outcome.regions.map((r) =>
    row([
      r.region,
      r.ok ? (r.deleted.length === 0 ? 'none (nothing to delete)' : r.deleted.map((a) => `\`${a}\``).join(', ')) : `failed: ${r.error}`
    ])
  )
  return [`### Lambda layer \`${settings.layerName}\` deleted`, '', ...cancelLines(outcome.cancelled), ...head, ...rows, ''].join('\n')
}

function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')).join(' | ')} |`
}

function listOrDash(values: string[]): string {
  return values.length > 0 ? values.join(', ') : '-'
}

/** `bytes` for people: B, then KiB, MiB or GiB with one decimal. Never throws. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${units[unit]}`
}

/** Writes the outputs and, when the runner provides a summary file (GITHUB_STEP_SUMMARY), the job
 * summary. Throws the file system's error when the summary cannot be written. */
export async function writeReport(outcome: Outcome, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf(outcome))) core.setOutput(name, value)
  if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summaryMarkdown(outcome), true).write()
}
