// What the report describes: the facts the earlier stages gathered (settings, the zip, its
// entries, each region's result, a failure outside the regions) and the workflow run. The report
// renders them and calls nothing: every AWS call was made by then.
import type { BuiltArchive } from '../archive/write.js'
import { ActionError, describeError, InputError } from '../errors.js'
import type { SizedEntry } from '../plan/limits.js'
import type { RegionResult, RegionSuccess } from '../regions/fan-out.js'
import type { SignedJob } from '../regions/signing.js'
import type { Settings } from '../settings.js'

/** What the report shows of the archive: the zip's facts once it is built; with skip-unchanged
 * and every region reusing its newest version, no zip is built and only what was read is known. */
export type ArchiveSummary = Pick<BuiltArchive, 'unzippedSize' | 'entryCount'> & Partial<Pick<BuiltArchive, 'path' | 'size' | 'sha256'>>

/** A failure of the step outside the regions' own (a bad input, the credentials, a refused zip). */
export interface StepFailure {
  /** What happened, on one line. */
  message: string
  /** What to change, when known. */
  fix?: string
  /** One line each: what it happened to. */
  details: string[]
  /** One sentence on what the failure left in AWS ("Nothing was changed in AWS: ..."). */
  aws: string
  /** The regions it kept from publishing (every region when the credentials failed; [] when the
   * step stopped before the regions' turn). */
  regions: string[]
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

/** Links to where the layer came from, from the runner's GITHUB_* variables. */
export interface RunLinks {
  /** The commit the workflow ran on (GITHUB_SHA) and its page. */
  commit?: { sha: string; url: string }
  /** The workflow run (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT) and its page. */
  run?: { id: string; attempt?: string; url: string }
}

/** Everything the report describes. */
export interface Outcome {
  settings: Settings
  /** The zip; absent in mode: delete and when the step failed before it was built. */
  archive?: ArchiveSummary
  /** The entries of the zip (or of a tree or zip refused as over the unzipped limit), for the
   * content section; absent when unknown. */
  listing?: Iterable<SizedEntry>
  /** One per region, in the order of settings.regions; empty in a dry run and when the step
   * failed before the regions' turn. */
  regions: RegionResult[]
  /** Set when the step failed outside the regions. */
  failure?: StepFailure
  /** Set when the runner cancelled the run. */
  cancelled?: CancelNote
  /** The commit and run, when the runner gave them. */
  links?: RunLinks
  /** With signing-profile-name: the signing job, once one was started (also when it failed). */
  signing?: SignedJob
}

/** The runner's links: commit and run pages from GITHUB_SERVER_URL, GITHUB_REPOSITORY,
 * GITHUB_SHA, GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT (GitHub docs, "Variables"). Never throws. */
export function runLinks(env: NodeJS.ProcessEnv): RunLinks {
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  const repo = env.GITHUB_REPOSITORY
  if (!repo) return {}
  const links: RunLinks = {}
  if (env.GITHUB_SHA) links.commit = { sha: env.GITHUB_SHA, url: `${server}/${repo}/commit/${env.GITHUB_SHA}` }
  if (env.GITHUB_RUN_ID) {
    const attempt = env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1' ? env.GITHUB_RUN_ATTEMPT : undefined
    const url = `${server}/${repo}/actions/runs/${env.GITHUB_RUN_ID}${attempt ? `/attempts/${attempt}` : ''}`
    links.run = { id: env.GITHUB_RUN_ID, attempt, url }
  }
  return links
}

/** The regions that succeeded, in the order of settings.regions. Never throws. */
export function successes(outcome: Pick<Outcome, 'regions'>): RegionSuccess[] {
  return outcome.regions.filter((r): r is RegionSuccess => r.ok)
}

/** The StepFailure of `err`: an ActionError's message, fix and details apart (a bad input whose
 * rule is its own fix is told where to change it), any other error described on one line. `aws`
 * and `regions` as StepFailure says. Never throws. */
export function stepFailure(err: unknown, aws: string, regions: string[] = []): StepFailure {
  if (err instanceof InputError && !err.fix) {
    const fix = `Change the step's '${err.input}' input (under with:) to a value the rule allows`
    return { message: err.message, fix, details: err.details, aws, regions }
  }
  if (err instanceof ActionError) return { message: err.message, fix: err.fix, details: err.details, aws, regions }
  return { message: describeError(err), details: [], aws, regions }
}
