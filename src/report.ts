// Report stage: step outputs and the job summary. Pure builders, then one thin writer.
import * as core from '@actions/core'
import type { PublishedVersion } from './publish.js'
import type { Settings } from './settings.js'
import type { ShareResult } from './share.js'
import { toGrants } from './share.js'

export interface ArchiveSummary {
  path: string
  size: number
  sha256: string
  unzippedSize: number
  entryCount: number
}

export interface Outcome {
  settings: Settings
  archive: ArchiveSummary
  /** Absent in a dry run. */
  version?: PublishedVersion
  shares: ShareResult[]
  published: boolean
}

/** Step outputs, named as action.yml declares them. */
export function outputsOf(outcome: Outcome): Record<string, string> {
  const { archive, version } = outcome
  return {
    'layer-arn': version?.layerArn ?? '',
    'layer-version-arn': version?.layerVersionArn ?? '',
    'layer-version': version ? String(version.version) : '',
    'code-sha256': version?.codeSha256 || archive.sha256,
    'code-size': String(version?.codeSize || archive.size),
    published: String(outcome.published),
    'archive-path': archive.path
  }
}

export function summaryMarkdown(outcome: Outcome): string {
  const { settings, archive, version } = outcome
  const title = version
    ? `### Lambda layer published: \`${version.layerVersionArn}\``
    : `### Lambda layer dry run: nothing was changed in AWS`
  const rows: [string, string][] = [
    ['Layer', `\`${settings.layerName}\``],
    ['Region', settings.region],
    ['Version', version ? String(version.version) : 'would publish a new version'],
    ['Zip size', `${formatBytes(archive.size)} (${archive.entryCount} entries, ${formatBytes(archive.unzippedSize)} unzipped)`],
    ['CodeSha256', `\`${version?.codeSha256 || archive.sha256}\``],
    ['Upload', settings.s3Bucket ? `through s3://${settings.s3Bucket}` : 'inline'],
    ['Runtimes', listOrDash(settings.compatibleRuntimes)],
    ['Architectures', listOrDash(settings.compatibleArchitectures)],
    ['Shared with', sharedWith(outcome)]
  ]
  const table = ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${escapeCell(v)} |`)]
  return [title, '', ...table, ''].join('\n')
}

function sharedWith(outcome: Outcome): string {
  if (outcome.version) {
    if (outcome.shares.length === 0) return 'only this account'
    return outcome.shares.map((s) => (s.added ? s.label : `${s.label} (already shared)`)).join(', ')
  }
  const grants = toGrants(outcome.settings.principals)
  return grants.length === 0 ? 'only this account' : `would share with ${grants.map((g) => g.label).join(', ')}`
}

function listOrDash(values: string[]): string {
  return values.length > 0 ? values.join(', ') : '-'
}

function escapeCell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

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

/** Writes outputs and, when the runner provides a summary file, the job summary. */
export async function writeReport(outcome: Outcome, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf(outcome))) core.setOutput(name, value)
  if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summaryMarkdown(outcome), true).write()
}
