// Report stage: the job summary, a title then sections chosen by the kind of run, and the one
// thin writer of outputs and summary. Each section is a pure function of the Outcome that
// returns [] when it has nothing to say, so a feature that reports adds a fact to the Outcome
// (or to a region's result) and a section to SECTIONS below.
import * as core from '@actions/core'
import { toGrants } from '../share/grants.js'
import { alignmentSection, dryRunAligned, dryRunParameter } from './alignment.js'
import { changeSection } from './changes.js'
import { contentSection } from './content.js'
import { andList, code, plural, table, text } from './markdown.js'
import { metadataSection } from './metadata.js'
import { runLinks, successes, type Outcome, type RunLinks, type StepFailure } from './outcome.js'
import { outputsOf } from './outputs.js'
import { signingSection } from './signing.js'
import { failureSection, inRegions, reconciledLines, regionTable, sharingLine, stepFailureSection, versionNumbers } from './regions.js'
import { sizeSection } from './size.js'

/** One part of the summary: Markdown lines, [] when it has nothing to say for this outcome. */
export type Section = (outcome: Outcome) => string[]

/** The kinds of run, each with its own sections. */
type RunKind = 'publish' | 'dryRun' | 'failed' | 'delete'

/** The regions part of a publish run: who may use the version, then a row per region. */
const regionsPart: Section = (outcome) => {
  // Who may use the version, wherever one is live and shared (a later step may have failed).
  if (!outcome.regions.some((r) => r.version)) return regionTable(outcome)
  const reconciled = reconciledLines(outcome)
  return [sharingLine(outcome), '', ...(reconciled.length > 0 ? [...reconciled, ''] : []), ...regionTable(outcome)]
}

/** What a dry run would have done. */
const dryRunPlan: Section = ({ settings }) => {
  if (settings.mode === 'delete') return [`Would delete every version in ${andList(settings.regions)}.`, '']
  const grants = toGrants(settings.principals)
  const sharing = grants.length === 0 ? 'for this account only' : `shared with ${andList(grants.map((g) => text(g.label)))}`
  const prune = settings.keepVersions > 0 ? `, then keep only the newest ${plural(settings.keepVersions, 'version')}` : ''
  const functions = settings.updateFunctions.length > 0 ? `, and move ${plural(settings.updateFunctions.length, 'function')} to it` : ''
  return [
    `Would publish a new version in ${andList(settings.regions)}${dryRunAligned(settings)}, ${sharing}${dryRunParameter(settings)}${prune}${functions}.`,
    ''
  ]
}

/** The regions of mode: delete, with the versions deleted in each. */
const deleteTable: Section = (outcome) => {
  const rows = outcome.regions.map((r) => {
    if (!r.ok) return [r.region, r.deleted?.length ? `failed after deleting ${versionNumbers(r.deleted)}` : 'failed']
    return [r.region, r.deleted.length === 0 ? 'none (nothing to delete)' : versionNumbers(r.deleted)]
  })
  return [...table([{ title: 'Region' }, { title: 'Deleted' }], rows), '']
}

/** The sections of each kind of run, in order. */
const SECTIONS: Record<RunKind, Section[]> = {
  publish: [regionsPart, alignmentSection, failureSection, signingSection, sizeSection, contentSection, changeSection, metadataSection],
  dryRun: [dryRunPlan, signingSection, sizeSection, contentSection, metadataSection],
  failed: [failureSection, sizeSection, contentSection, metadataSection],
  delete: [deleteTable, failureSection]
}

function kindOf({ settings, failure }: Outcome): RunKind {
  if (failure) return 'failed'
  if (settings.dryRun) return 'dryRun'
  return settings.mode === 'delete' ? 'delete' : 'publish'
}

/** "version 4 published", "published in 3 regions", "version 9 reused (unchanged)". */
function publishedTitle(outcome: Outcome): string {
  const done = successes(outcome)
  const published = done.filter((r) => r.published)
  const reused = done.filter((r) => !r.published)
  const numbers = new Set(done.map((r) => r.version?.version))
  const version = numbers.size === 1 ? `version ${[...numbers][0]} ` : ''
  if (reused.length === 0) return `${version}published${inRegions(done.length)}`
  if (published.length === 0) return `unchanged, ${version}reused${inRegions(done.length)}`
  return `published in ${plural(published.length, 'region')}, reused in ${plural(reused.length, 'region')}`
}

function title(outcome: Outcome, kind: RunKind): string {
  const { settings, regions } = outcome
  const name = `Lambda layer ${code(settings.layerName)}`
  const failed = regions.filter((r) => !r.ok).length
  if (outcome.cancelled) return `${name}: run cancelled${failed > 0 ? `, ${plural(failed, 'region')} failed` : ''}`
  if (kind === 'failed') return `${name}: failed`
  if (kind === 'dryRun') return `${name}: dry run, nothing was changed in AWS`
  if (failed > 0)
    return `${name}: ${settings.mode === 'delete' ? 'delete ' : ''}failed${regions.length > 1 ? ` in ${failed} of ${plural(regions.length, 'region')}` : ''}`
  if (kind === 'publish') return `${name}: ${publishedTitle(outcome)}`
  const deleted = successes(outcome).reduce((n, r) => n + r.deleted.length, 0)
  return `${name}: ${deleted === 0 ? 'nothing to delete' : `${plural(deleted, 'version')} deleted`}${inRegions(regions.length)}`
}

/** The job summary's Markdown for any outcome: publish, dry run, delete, or a step that failed
 * outside the regions. Never throws. */
export function summaryMarkdown(outcome: Outcome): string {
  const kind = kindOf(outcome)
  const lines = [`### ${title(outcome, kind)}`, '', ...SECTIONS[kind].flatMap((s) => s(outcome))]
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`
}

/** The job summary of a step that failed before its settings were read (a bad input): the
 * layer as named (if it was), the error, its fix, and that nothing was changed in AWS. Never throws. */
export function earlyFailureMarkdown(failure: StepFailure, layerName = ''): string {
  const title = layerName ? `### Lambda layer ${code(layerName)}: failed` : '### publish-lambda-layer: failed'
  return `${[title, '', ...stepFailureSection(failure)].join('\n').trimEnd()}\n`
}

async function writeSummary(markdown: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write()
}

/** Writes the outputs and, when the runner provides a summary file (GITHUB_STEP_SUMMARY), the job
 * summary, with links to the commit and run from `env`. Throws the file system's error when the
 * summary cannot be written. */
export async function writeReport(outcome: Outcome, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf(outcome))) core.setOutput(name, value)
  const links: RunLinks = runLinks(env)
  await writeSummary(summaryMarkdown({ ...outcome, links }), env)
}

/** Adds one line to the job summary already written: the run was cancelled (`signal`) while it
 * wrote `what` (the PR comment), after every region had ended as the summary says. Returns the
 * same fact as a sentence for the step's error (ending in a space); throws the file system's
 * error when the summary cannot be written. */
export async function writeCancelledWhileReporting(signal: string, what: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  await writeSummary(`\n**The run was cancelled (${signal})** while it wrote ${what}; every region had ended, as above.\n`, env)
  return `The run was cancelled (${signal}) while it wrote ${what}; every region had ended, as the job summary says. `
}

/** writeReport for a step that failed before its settings were read: the outputs that say nothing
 * was done, and the short summary titled with `layerName` as given. Throws as writeReport does. */
export async function writeEarlyFailure(failure: StepFailure, layerName: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf({ regions: [], failure }))) core.setOutput(name, value)
  await writeSummary(earlyFailureMarkdown(failure, layerName), env)
}
