// Orchestrates the pipeline: inputs -> plan -> archive -> credentials -> publish -> share ->
// lifecycle -> report, in every region. The only place that fails the step.
import * as core from '@actions/core'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { announceOnPr } from './report/announce.js'
import { inspectZip } from './archive/inspect/inspect.js'
import { builtContent } from './archive/inspect/local-zip.js'
import { writeArchive, type BuiltArchive } from './archive/write.js'
import { ActionError, describeError, findCause } from './errors.js'
import { givenLayerName, readSettings, type InputSource } from './inputs/read.js'
import { shortLayerName } from './inputs/rules.js'
import { checkUploadRoute, OverLimitError, type SizedEntry } from './plan/limits.js'
import { planArchive } from './plan/plan.js'
import { acrossRegions, type RegionResult } from './regions/fan-out.js'
import type { RegionClients, RegionContext } from './regions/region.js'
import { plural } from './report/markdown.js'
import { stepFailure, type Outcome } from './report/outcome.js'
import { writeEarlyFailure, writeReport } from './report/summary.js'
import type { Settings } from './settings.js'

/** Everything that reaches outside the process, so tests can point it elsewhere. */
export interface Deps {
  inputs?: InputSource
  env: NodeJS.ProcessEnv
}

/** The runner's: inputs through @actions/core, the process environment. */
export const defaultDeps: Deps = { env: process.env }

/** How far the run got, so a failure outside the regions can still be reported. */
interface Progress {
  settings?: Settings
  archive?: BuiltArchive
  /** The zip's entries, for the summary's size and content sections. */
  listing?: SizedEntry[]
  /** Where the step is: before any AWS call, getting credentials, or in the regions. */
  stage: 'local' | 'credentials' | 'regions'
  /** The outputs and summary are written. */
  reported: boolean
}

/** Runs the whole step. Never throws: any failure becomes core.setFailed, here and nowhere else,
 * after the outputs and a job summary saying what failed, its fix, and what AWS holds. */
export async function run(deps: Deps = defaultDeps): Promise<void> {
  const progress: Progress = { stage: 'local', reported: false }
  try {
    await execute(deps, progress)
  } catch (err) {
    if (!progress.reported)
      await reportFailure(err, progress, deps).catch((e: unknown) => core.warning(`Could not write the job summary: ${describeError(e)}`))
    core.setFailed(describeError(err))
  }
}

/** What a failure at `stage` leaves in AWS, in one sentence. */
const AWS_STATE: Record<Progress['stage'], string> = {
  local: 'Nothing was changed in AWS: the step stopped before any AWS call.',
  credentials: 'Nothing was changed in AWS: the step stopped before publishing.',
  regions: 'The step stopped while working in the regions: the log says what each one did.'
}

/** The outputs and job summary of a failure outside the regions: the error, its fix, what AWS
 * holds, and the size and content of the layer when known (a layer over the limit included). */
async function reportFailure(err: unknown, progress: Progress, deps: Deps): Promise<void> {
  const { settings, archive, stage } = progress
  const failure = stepFailure(err, AWS_STATE[stage], stage === 'credentials' && settings ? settings.regions : [])
  if (!settings) return writeEarlyFailure(failure, givenLayerName(deps.inputs), deps.env)
  const overLimit = findCause(err, (e) => e instanceof OverLimitError) as OverLimitError | undefined
  const listing = progress.listing ?? overLimit?.entries
  await writeReport({ settings, archive, listing, regions: [], failure }, deps.env)
}

async function execute(deps: Deps, progress: Progress): Promise<void> {
  const startedAt = new Date()
  const { settings, warnings } = readSettings(deps.inputs)
  progress.settings = settings
  if (settings.githubToken) core.setSecret(settings.githubToken)
  for (const w of warnings) core.warning(w)
  const report = async (outcome: Outcome) => {
    progress.reported = true
    await writeReport(outcome, deps.env)
  }
  if (settings.mode === 'delete') {
    if (settings.dryRun) return report({ settings, regions: [] })
    const { deleteInRegion } = await import('./regions/region.js')
    const ctx = await regionContext(settings, startedAt, deps.env, progress)
    return finish({ settings, regions: await acrossRegions(settings.regions, (r) => deleteInRegion(ctx, r)) }, deps, progress)
  }
  const archive = await prepareArchive(settings, deps.env)
  progress.archive = archive
  core.info(`Layer zip: ${archive.path} (${archive.size} bytes, ${archive.entryCount} entries)`)
  progress.listing = await builtContent(archive)
    .entries()
    .catch((err: unknown) => void core.debug(`The zip's entries could not be listed for the summary: ${describeError(err)}`))
  const listing = progress.listing
  checkUploadRoute(archive.size, settings.s3Bucket)
  if (settings.dryRun) return report({ settings, archive, listing, regions: [] })
  // The AWS SDK is loaded only from here on: a dry run never needs it.
  const { publishInRegion } = await import('./regions/region.js')
  const ctx = await regionContext(settings, startedAt, deps.env, progress)
  const regions = await acrossRegions(settings.regions, (r) => publishInRegion(ctx, archive, r))
  await finish({ settings, archive, listing, regions }, deps, progress)
}

/** Builds the zip from the plan, or inspects the zip the user gave; both warn by the same content rules. */
async function prepareArchive(settings: Settings, env: NodeJS.ProcessEnv): Promise<BuiltArchive> {
  if (settings.zipFile) {
    const given = await inspectZip(settings.zipFile, { runtimes: settings.compatibleRuntimes })
    for (const w of given.warnings) core.warning(w)
    return given.archive
  }
  const plan = await planArchive(settings)
  for (const w of plan.warnings) core.warning(w)
  const dir = join(env.RUNNER_TEMP || tmpdir(), 'publish-lambda-layer')
  await mkdir(dir, { recursive: true })
  return writeArchive(plan, join(dir, `${shortLayerName(settings.layerName)}.zip`))
}

/** Credentials once (STS in aws-region), shared by every region's clients, which are made on
 * first use; all of them through the proxy the environment names, if any. */
async function regionContext(settings: Settings, startedAt: Date, env: NodeJS.ProcessEnv, progress: Progress): Promise<RegionContext> {
  progress.stage = 'credentials'
  const { createLambdaClient, createS3Client } = await import('./aws/clients.js')
  const { defaultCredentialDeps, describeCaller, resolveCredentials } = await import('./aws/credentials.js')
  const { proxyAgents, proxyVariables, proxyWarning } = await import('./aws/proxy.js')
  const proxyProblem = proxyWarning(env)
  if (proxyProblem) core.warning(proxyProblem)
  const agents = proxyAgents(env)
  if (agents)
    core.debug(
      `AWS and OIDC requests (and the stored zip's range read) go through the proxy in ${proxyVariables(env).join(', ')} (NO_PROXY: ${env.NO_PROXY ?? env.no_proxy ?? 'unset'})`
    )
  const clientSettings = { ...settings, agents }
  const { credentials, runsAs } = await resolveCredentials(settings, defaultCredentialDeps(clientSettings, env))
  core.info(`AWS calls run as ${describeCaller(runsAs)}`)
  const made = new Map<string, RegionClients>()
  const clients = (region: string): RegionClients => {
    const existing = made.get(region)
    if (existing) return existing
    const fresh: RegionClients = {
      lambda: createLambdaClient(clientSettings, credentials, region),
      lambdaOnce: createLambdaClient(clientSettings, credentials, region, 1),
      s3: () => createS3Client(clientSettings, credentials, region)
    }
    made.set(region, fresh)
    return fresh
  }
  const log = { log: (m: string) => core.info(m), warn: (m: string) => core.warning(m), debug: (m: string) => core.debug(m) }
  progress.stage = 'regions'
  return { settings, clients, startedAt, agents, ...log }
}

/** Outputs and summary first, so regions that succeeded are reported even if others failed. */
async function finish(outcome: Outcome, deps: Deps, progress: Progress): Promise<void> {
  progress.reported = true
  await writeReport(outcome, deps.env)
  if (outcome.settings.commentOnPr) await announceOnPr(outcome)
  const failures = outcome.regions.filter((r): r is Extract<RegionResult, { ok: false }> => !r.ok)
  if (failures.length > 0) {
    const details = failures.map((f) => `${f.region}: ${f.error}`)
    throw new ActionError(`${failures.length} of ${plural(outcome.regions.length, 'region')} failed:`, undefined, { details })
  }
}
