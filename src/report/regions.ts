// The regions: one table row per region (its version, linked to the AWS console, and what the
// run did there; columns only for the features the run used), and the failures, each with its
// error, its fix and what it left in AWS.
import { sentence } from '../errors.js'
import { toGrants } from '../share/grants.js'
import type { RegionResult } from '../regions/fan-out.js'
import type { PolicyGrant } from '../share/reconcile.js'
import { andList, code, link, plural, section, table, text, type Column } from './markdown.js'
import { successes, type CancelNote, type Outcome, type StepFailure } from './outcome.js'

/** Console hosts by partition ({region} filled in), as the console's own links to a region use
 * them; no link for the other partitions (ISO), whose consoles are not public. */
const CONSOLE_HOSTS: Record<string, string> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com'
}

/**
 * The AWS console page of a layer version, `https://<region>.<console host>/lambda/home
 * ?region=<region>#/layers/<name>/versions/<version>` (the form the Lambda console itself links
 * to); undefined for an ARN of another partition or that is not a layer version's. Never throws.
 */
export function consoleUrl(layerVersionArn: string): string | undefined {
  const parts = /^arn:([^:]+):lambda:([^:]+):\d{12}:layer:([^:]+):(\d+)$/.exec(layerVersionArn)
  const host = parts && CONSOLE_HOSTS[parts[1]]
  if (!parts || !host) return undefined
  const [, , region, name, version] = parts
  return `https://${region}.${host}/lambda/home?region=${region}#/layers/${encodeURIComponent(name)}/versions/${version}`
}

/** A version's number, linked to its console page unless the run went to another endpoint (an
 * emulator or LocalStack has no console page). */
function versionCell(arn: string, outcome: Outcome): string {
  const number = arn.slice(arn.lastIndexOf(':') + 1)
  const url = outcome.settings.endpointUrl ? undefined : consoleUrl(arn)
  return url ? link(number, url) : number
}

/** "version 1", "versions 1, 2 and 3", past three just the count: the deleted-versions output
 * has them all. Never throws. */
export function versionNumbers(arns: string[]): string {
  if (arns.length === 0) return 'none'
  if (arns.length > 3) return plural(arns.length, 'version')
  const numbers = arns.map((a) => a.slice(a.lastIndexOf(':') + 1))
  return `${arns.length === 1 ? 'version' : 'versions'} ${andList(numbers)}`
}

/** Function names (the last part of an ARN), at most three, then "and N more". */
function functionNames(targets: string[]): string {
  if (targets.length === 0) return 'none here'
  const names = targets.map((t) => text(t.slice(t.lastIndexOf(':') + 1)))
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : andList(names)
}

function resultOf(r: RegionResult): string {
  if (!r.ok) return r.version ? `failed after ${r.published === false ? 'reusing' : 'publishing'}` : 'failed'
  return r.published ? 'published' : 'reused'
}

/** The region table of a publish run. Never throws. */
export function regionTable(outcome: Outcome): string[] {
  if (outcome.regions.length === 0) return []
  const { settings } = outcome
  const pruning = settings.keepVersions > 0
  const functions = settings.updateFunctions.length > 0
  const columns: Column[] = [{ title: 'Region' }, { title: 'Version' }, { title: 'Result' }]
  if (pruning) columns.push({ title: 'Pruned' })
  if (functions) columns.push({ title: 'Functions moved' })
  const rows = outcome.regions.map((r) => {
    const cells = [r.region, r.version ? versionCell(r.version.layerVersionArn, outcome) : 'none', resultOf(r)]
    if (pruning) cells.push(r.deleted ? versionNumbers(r.deleted) : '')
    if (functions) cells.push(r.ok ? functionNames(r.functions.map((f) => f.target)) : '')
    return cells
  })
  // What a region adds (a same-content version that appeared meanwhile), one line each.
  const notes = successes(outcome).flatMap((r) => r.notes.map((n) => `- ${r.region}: ${text(n)}`))
  // The ARNs, to copy, in a block that scrolls rather than widening the table.
  const arns = outcome.regions.flatMap((r) => (r.version ? [r.version.layerVersionArn] : []))
  const block = arns.length > 0 ? ['', `${arns.length === 1 ? 'Version ARN' : 'Version ARNs'}:`, '', '```text', ...arns, '```'] : []
  return [...table(columns, rows), ...(notes.length > 0 ? ['', ...notes] : []), ...block, '']
}

/** Who may use the version, as one sentence. Never throws. */
export function sharingLine(outcome: Outcome): string {
  const grants = toGrants(outcome.settings.principals)
  if (grants.length === 0) return 'Not shared: only this account can use it.'
  return `Shared with ${andList(grants.map((g) => text(g.label)))}.`
}

/** What a reused version's policy held beyond the principals listed, one line per fact and region:
 * this action's grants it removed, and the statements others added that it left. Never throws. */
export function reconciledLines(outcome: Outcome): string[] {
  return successes(outcome).flatMap(({ region, version, reconciled }) => {
    if (!reconciled || !version) return []
    const lines: string[] = []
    const labels = (grants: PolicyGrant[]) => andList(grants.map((g) => text(g.label)))
    if (reconciled.revoked.length > 0)
      lines.push(
        `- ${region}: removed the grant to ${labels(reconciled.revoked)} from version ${version.version}: no longer in principals.`
      )
    if (reconciled.others.length > 0) {
      const sids = andList(reconciled.others.map((g) => code(g.statementId)))
      lines.push(
        `- ${region}: version ${version.version} is also shared with ${labels(reconciled.others)}, by ${reconciled.others.length === 1 ? 'a statement' : 'statements'} this action did not add (${sids}), left as ${reconciled.others.length === 1 ? 'it is' : 'they are'}.`
      )
    }
    return lines
  })
}

/** What a failed region left in AWS: its version, live and shared, and what it may have made
 * and could not settle (a version not deleted in time, a publish in flight). */
function leftInAws(r: Extract<RegionResult, { ok: false }>): string {
  const parts: string[] = []
  if (r.version)
    parts.push(
      `Left in AWS: ${code(r.version.layerVersionArn)}, ${r.published === false ? 'reused' : 'published'} and shared before the failure.`
    )
  if (r.leftBehind?.length) parts.push(`Left in AWS, not settled by this run: ${r.leftBehind.map(text).join('; ')}.`)
  return parts.length > 0 ? parts.join(' ') : 'Left in AWS: no version from this run.'
}

/** The cancelled run's line: what it undid, and whether the clean-up ran out of time (each
 * region that had started says below what it left; before any had, nothing was published). */
function cancelLines(note: CancelNote | undefined, regionsBelow: boolean): string[] {
  if (!note) return []
  const undone =
    note.undone.length > 0 ? ` Undone: ${note.undone.map((u) => text(u.replace(/\.$/, ''))).join('; ')}.` : ' Nothing needed undoing.'
  const below = regionsBelow ? 'see what is left behind below' : 'no region had started, so nothing was published'
  const late = note.outOfTime ? ` The clean-up did not finish before the runner's deadline: ${below}.` : ''
  return [`**The run was cancelled (${note.signal}).**${undone}${late}`, '']
}

/** A failure of the step outside the regions, as a section: the error (and what it happened
 * to), its fix, and what it left in AWS. Never throws. */
export function stepFailureSection(failure: StepFailure): string[] {
  return section('Failure', [
    `- **Error:** ${text(sentence(failure.message))}`,
    ...failure.details.map((d) => `  - ${text(d.trim())}`),
    ...(failure.fix ? [`- **Fix:** ${text(sentence(failure.fix))}`] : []),
    `- **In AWS:** ${text(failure.aws)}`
  ])
}

type Failure = Extract<RegionResult, { ok: false }>

/** `failures` grouped by `key`, in the order of each group's first: regions that failed the same
 * way (one signing job's failure, which every region that needed the signed zip shares) are
 * told once, naming them all. Never throws. */
export function sameFailures(failures: Failure[], key: (f: Failure) => string): { regions: string[]; first: Failure }[] {
  const groups = new Map<string, { regions: string[]; first: Failure }>()
  for (const f of failures) {
    const group = groups.get(key(f)) ?? { regions: [], first: f }
    group.regions.push(f.region)
    groups.set(key(f), group)
  }
  return [...groups.values()]
}

/** The step error's detail lines: "<regions>: <error>. Left behind: ...", one per way of
 * failing. Never throws. */
export function failureDetails(failures: Failure[]): string[] {
  const line = (f: Failure) =>
    `${f.error}${f.leftBehind?.length ? `${/[.!?]$/.test(f.error) ? '' : '.'} Left behind: ${f.leftBehind.join(', ')}` : ''}`
  return sameFailures(failures, line).map((g) => `${g.regions.join(', ')}: ${line(g.first)}`)
}

/** The failures: the step's own, or a cancelled run's line and each failed region's error (the
 * fix included) and what it left in AWS, regions that failed alike together; [] when nothing
 * failed. Never throws. */
export function failureSection(outcome: Outcome): string[] {
  if (outcome.failure) return stepFailureSection(outcome.failure)
  const failed = outcome.regions.filter((r): r is Failure => !r.ok)
  const heading = outcome.cancelled ? 'Cancelled' : failed.length === 1 ? 'Failure' : 'Failures'
  const line = (r: Failure) => `${text(sentence(r.error))} ${leftInAws(r)}`
  return section(heading, [
    ...cancelLines(outcome.cancelled, failed.length > 0),
    ...sameFailures(failed, line).map((g) => `- **${andList(g.regions)}:** ${line(g.first)}`)
  ])
}

/** The one-line count of regions for titles: "in 3 regions", '' for one. Never throws. */
export function inRegions(count: number): string {
  return count > 1 ? ` in ${plural(count, 'region')}` : ''
}
