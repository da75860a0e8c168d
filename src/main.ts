// Orchestrates the pipeline: inputs -> plan -> archive -> credentials -> publish -> share ->
// lifecycle -> report, in every region. The only place that fails the step, and the one that
// answers the runner's cancel (SIGINT, then SIGTERM).
import * as core from '@actions/core'
import { existsSync } from 'node:fs'
import { stepDebug } from './aws/call-log.js'
import { announceOnPr } from './report/announce.js'
import { prepareLayer, type LayerRecord } from './archive/layer.js'
import { ActionError, describeError, findCause } from './errors.js'
import { givenLayerName, type InputSource } from './inputs/read.js'
import { OverLimitError } from './plan/limits.js'
import { readInputs } from './inputs/describe.js'
import { acrossRegions, unfinishedRegion, type RegionProgress, type RegionResult } from './regions/fan-out.js'
import type { RegionClients, RegionContext, SharedContext } from './regions/region.js'
import { describeOutcome, StepLog } from './regions/step-log.js'
import { Cancellation, type SignalSource } from './regions/cancellation.js'
import type { RegionSigning } from './regions/signing.js'
import { plural } from './report/markdown.js'
import { stepFailure, type ArchiveSummary, type Outcome } from './report/outcome.js'
import { failureDetails } from './report/regions.js'
import { writeCancelledWhileReporting, writeEarlyFailure, writeReport } from './report/summary.js'
import type { Settings } from './settings.js'

/** Everything that reaches outside the process, so tests can point it elsewhere. */
export interface Deps {
  inputs?: InputSource
  env: NodeJS.ProcessEnv
  /** Where the runner's SIGINT and SIGTERM arrive (default: this process). */
  signals?: SignalSource
}

/** The runner's: inputs through @actions/core, the process environment. */
export const defaultDeps: Deps = { env: process.env }

/** How a run ended: 'cancelled' tells index.ts to exit now, whatever is still open. */
export type RunEnd = 'done' | 'cancelled'

/** What the run has got so far, kept as it goes so a cancelled or failed run can report it:
 * the layer (archive/layer.ts) and each region's progress. */
interface LiveRun extends LayerRecord {
  /** The step log: its groups, and each region's lines until the region ends. */
  step: StepLog
  settings?: Settings
  progress: Map<string, RegionProgress>
  /** The run's code signing, once the profile was checked (its job, for the outputs). */
  signing?: RegionSigning
  /** Where the step is: before any AWS call, getting credentials (and checking the signing profile), or in the regions. */
  stage: 'local' | 'credentials' | 'regions'
}

/** Runs the whole step. Never throws: any failure becomes core.setFailed, here and nowhere else,
 * after the outputs and a job summary saying what failed, its fix, and what AWS holds. On the
 * runner's cancel, undoes what it must, reports what exists and returns 'cancelled'. */
export async function run(deps: Deps = defaultDeps): Promise<RunEnd> {
  const cancel = new Cancellation(deps.signals ?? process, (m) => core.warning(m))
  const live: LiveRun = { step: new StepLog(core), progress: new Map(), stage: 'local' }
  // A region's kept lines are printed whatever ends the step, even a crash (the 'exit' event).
  const printUnfinished = (why: string) => () => live.step.printUnfinished(why)
  const onExit = printUnfinished('stopped before this region finished: the step ended')
  process.on('exit', onExit)
  let reported = false
  const report = async (outcome: Outcome, outOfTime: boolean) => {
    reported = true
    await live.step.group('Report', () => finish(withCancelNote(outcome, live, cancel, outOfTime), deps, cancel))
  }
  try {
    const ended = await Promise.race([execute(deps, live, cancel.signal), cancel.deadline])
    if (ended === 'deadline') printUnfinished("still running at the cancelled run's deadline: its lines so far are above")()
    if (ended === 'deadline') await report(unfinishedOutcome(live), true)
    else if (ended) await report(ended, false)
  } catch (err) {
    printUnfinished('stopped before this region finished: the step failed')()
    live.step.closeGroup()
    if (!reported) {
      const written =
        cancel.signal.aborted && live.settings
          ? writeReport(withCancelNote(unfinishedOutcome(live), live, cancel, false), deps.env)
          : reportFailure(err, live, deps)
      await written.catch((e: unknown) => core.warning(`Could not write the job summary: ${describeError(e)}`))
    }
    core.setFailed(describeError(err))
  } finally {
    cancel.dispose()
    process.off('exit', onExit)
  }
  return cancel.signal.aborted ? 'cancelled' : 'done'
}

/** What a failure at `stage` leaves in AWS, in one sentence. */
const AWS_STATE: Record<LiveRun['stage'], string> = {
  local: 'Nothing was changed in AWS: the step stopped before any AWS call.',
  credentials: 'Nothing was changed in AWS: the step stopped before publishing.',
  regions: 'The step stopped while working in the regions: the log says what each one did.'
}

/** The outputs and job summary of a failure outside the regions: the error, its fix, what AWS
 * holds, and the size and content of the layer when known (a layer over the limit included). */
async function reportFailure(err: unknown, live: LiveRun, deps: Deps): Promise<void> {
  const { settings, stage } = live
  const archive = archiveOf(live)
  const failure = stepFailure(err, AWS_STATE[stage], stage === 'credentials' && settings ? settings.regions : [])
  if (!settings) return writeEarlyFailure(failure, givenLayerName(deps.inputs), deps.env)
  const overLimit = findCause(err, (e) => e instanceof OverLimitError) as OverLimitError | undefined
  const listing = live.listing ?? overLimit?.entries
  await writeReport({ settings, archive, listing, regions: [], failure }, deps.env)
}

/** The outcome; undefined for a dry run, whose report is written here. */
async function execute(deps: Deps, live: LiveRun, signal: AbortSignal): Promise<Outcome | undefined> {
  const { step } = live
  const settings = await step.group('Inputs', () => readInputs(deps.inputs))
  live.settings = settings
  const ended = (result: RegionResult) => step.regionEnded(result)
  const dryRunReport = (outcome: Outcome) =>
    step.group('Report', async () => {
      await writeReport(outcome, deps.env)
      core.info('Dry run: no AWS call was made; the outputs and the job summary say what a run would do')
    })
  if (settings.mode === 'delete') {
    if (settings.dryRun) return void (await dryRunReport({ settings, regions: [] }))
    const { deleteInRegion } = await import('./regions/region.js')
    const ctx = await step.group('Credentials', () => regionContext(settings, live, signal, deps.env))
    live.stage = 'regions'
    return { settings, regions: await acrossRegions(settings.regions, (r) => deleteInRegion(inRegion(step, ctx, r), r), ended) }
  }
  const log = { log: (m: string) => core.info(m), warn: (m: string) => core.warning(m), debug: (m: string) => core.debug(m) }
  const layer = await step.group('Archive', () => prepareLayer(settings, live, { env: deps.env, signal, ...log }))
  if (settings.dryRun) return void (await dryRunReport({ settings, archive: live.archive, listing: live.listing, regions: [] }))
  // The AWS SDK is loaded only from here on: a dry run never needs it.
  const { publishInRegion } = await import('./regions/region.js')
  const ctx = await step.group('Credentials', () => regionContext(settings, live, signal, deps.env))
  if (settings.signing) {
    // Still before publishing: a profile that cannot sign fails the step like credentials do.
    const { prepareSigning } = await import('./regions/signing.js')
    const signingCtx = { ...ctx, log: (m: string) => core.info(m), debug: stepDebug, job: step.shared('Signing') }
    const archive = await layer.zip()
    ctx.signing = live.signing = await step.group('Signing', () => prepareSigning(signingCtx, archive, runAttempt(deps.env)))
  }
  live.stage = 'regions'
  if (settings.alignVersions && settings.regions.length > 1) {
    const { publishAligned } = await import('./regions/aligned.js')
    const logs = { region: (r: string) => step.region(r), log: (m: string) => core.info(m), debug: stepDebug, ended }
    const regions = await publishAligned(ctx, await layer.zip(), logs)
    return { settings, archive: archiveOf(live), listing: live.listing, regions, signing: ctx.signing?.job }
  }
  const regions = await acrossRegions(settings.regions, (r) => publishInRegion(inRegion(step, ctx, r), layer, r), ended)
  if (!live.archive) core.info('Layer zip: not built, since no region published a new version (archive-path stays empty)')
  return { settings, archive: archiveOf(live), listing: live.listing, regions, signing: ctx.signing?.job }
}

/** What the report says of the layer: the zip, or what was read when none was built. */
function archiveOf(live: LiveRun): ArchiveSummary | undefined {
  return live.archive ?? live.unbuilt
}

/** The context of `region`: the shared one with the region's own log (step-log.ts). */
function inRegion(step: StepLog, shared: SharedContext, region: string): RegionContext {
  return { ...shared, ...step.region(region) }
}

/** Credentials once (STS in aws-region), shared by every region's clients, which are made on
 * first use; all of them through the proxy the environment names, if any. A region's Lambda and
 * SSM clients share one pace and read again after a cut answer (aws/middleware.ts);
 * every client of a region logs its calls to the region's log. Returns what the regions share. */
async function regionContext(settings: Settings, live: LiveRun, signal: AbortSignal, env: NodeJS.ProcessEnv): Promise<SharedContext> {
  live.stage = 'credentials'
  const { createLambdaClient, createS3Client, createSignerClient, createSsmClient } = await import('./aws/clients.js')
  const { defaultCredentialDeps, describeCaller, resolveCredentials } = await import('./aws/credentials.js')
  const { proxyAgents, proxyVariables, proxyWarning } = await import('./aws/proxy.js')
  const { LAMBDA_PACE, paceCalls, rereadCutAnswers } = await import('./aws/middleware.js')
  const { pacer } = await import('./limiter.js')
  const proxyProblem = proxyWarning(env)
  if (proxyProblem) core.warning(proxyProblem)
  const agents = proxyAgents(env)
  if (agents)
    core.debug(
      `AWS and OIDC requests (and the stored zip's range read) go through the proxy in ${proxyVariables(env).join(', ')} (NO_PROXY: ${env.NO_PROXY ?? env.no_proxy ?? 'unset'})`
    )
  const clientSettings = { ...settings, agents }
  const { credentials, runsAs } = await resolveCredentials(settings, defaultCredentialDeps(clientSettings, env, signal))
  core.info(`AWS calls run as ${describeCaller(runsAs)}`)
  const made = new Map<string, RegionClients>()
  const clients = (region: string): RegionClients => {
    const existing = made.get(region)
    if (existing) return existing
    const regionSettings = { ...clientSettings, callLog: live.step.region(region).debug }
    const pace = pacer(LAMBDA_PACE.perSecond, LAMBDA_PACE.burst)
    const lambda = (maxAttempts?: number) => {
      const client = createLambdaClient(regionSettings, credentials, region, maxAttempts)
      paceCalls(client, pace)
      rereadCutAnswers(client)
      return client
    }
    // Signer has quotas of its own (per API, account and region): a line of its own at the same pace.
    let signer: ReturnType<RegionClients['signer']> | undefined
    let ssm: ReturnType<RegionClients['ssm']> | undefined
    const signerPace = pacer(LAMBDA_PACE.perSecond, LAMBDA_PACE.burst)
    const fresh: RegionClients = {
      lambda: lambda(),
      lambdaOnce: lambda(1),
      s3: () => createS3Client(regionSettings, credentials, region),
      signer: () =>
        (signer ??= createSignerClient(regionSettings, credentials, region).then((client) => {
          paceCalls(client, signerPace)
          return client
        })),
      ssm: () =>
        (ssm ??= createSsmClient(regionSettings, credentials, region).then((client) => {
          paceCalls(client, pace)
          rereadCutAnswers(client)
          return client
        }))
    }
    made.set(region, fresh)
    return fresh
  }
  const progress = (region: string): RegionProgress => {
    const known = live.progress.get(region) ?? { undone: [] }
    live.progress.set(region, known)
    return known
  }
  return { settings, clients, agents, signal, progress }
}

/** This run and attempt, for the signing job's client request token: GITHUB_RUN_ID and
 * GITHUB_RUN_ATTEMPT (a re-run attempt signs anew); outside Actions, one value per process. */
function runAttempt(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_RUN_ID ? `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}` : `local-${process.pid}-${Date.now()}`
}

/** A cancelled run that could not wait for its regions: what each one got to (fan-out.ts). */
function unfinishedOutcome(live: LiveRun): Outcome {
  const settings = live.settings as Settings
  const started = settings.regions.filter((r) => live.progress.has(r))
  const regions = started.map((r) => unfinishedRegion(r, live.progress.get(r), live.archive?.sha256 ?? ''))
  return { settings, archive: archiveOf(live), listing: live.listing, regions, signing: live.signing?.job }
}

/** Adds the cancelled line's facts when the run was cancelled: what was undone, and whether the
 * clean-up ran out of time. */
function withCancelNote(outcome: Outcome, live: LiveRun, cancel: Cancellation, outOfTime: boolean): Outcome {
  if (!cancel.signal.aborted) return outcome
  const undone = [...live.progress.values()].flatMap((p) => p.undone)
  if (live.zipInProgress && !existsSync(live.zipInProgress)) undone.unshift(`removed the partial zip ${live.zipInProgress}`)
  return { ...outcome, cancelled: { signal: cancel.signalName ?? 'SIGINT', undone, outOfTime } }
}

/** Outputs and summary first, so regions that succeeded are reported even if others failed; then
 * the PR comment, which a cancel cuts off (every region had ended: the summary gains a line). */
async function finish(outcome: Outcome, deps: Deps, cancel: Cancellation): Promise<void> {
  await writeReport(outcome, deps.env)
  core.info(`Outputs and job summary written; ${describeOutcome(outcome.regions)}`)
  if (outcome.settings.commentOnPr && !outcome.cancelled) await announceOnPr(outcome, cancel.signal)
  const what = outcome.settings.commentOnPr ? 'the PR comment' : 'its report'
  const late = cancel.signal.aborted && !outcome.cancelled
  const lateText = late ? await writeCancelledWhileReporting(cancel.signalName ?? 'SIGINT', what, deps.env) : ''
  for (const r of outcome.regions) if (r.ok) for (const note of r.notes) core.warning(`${r.region}: ${note}`)
  const failures = outcome.regions.filter((r): r is Extract<RegionResult, { ok: false }> => !r.ok)
  for (const f of failures) for (const left of f.leftBehind ?? []) core.warning(`${f.region}: left live, not settled by this run: ${left}`)
  const cancelled = outcome.cancelled ? `The run was cancelled (${outcome.cancelled.signal}). ` : lateText
  if (failures.length > 0) {
    const details = failureDetails(failures)
    throw new ActionError(`${cancelled}${failures.length} of ${plural(outcome.regions.length, 'region')} failed:`, undefined, { details })
  }
  if (cancelled) throw new ActionError(cancelled.trim())
}
