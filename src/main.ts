// Orchestrates the pipeline: inputs -> plan -> archive -> credentials -> publish -> share ->
// lifecycle -> report, in every region. The only place that fails the step.
import * as core from '@actions/core'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { announceOnPr } from './report/announce.js'
import { inspectZip } from './archive/inspect/inspect.js'
import { writeArchive, type BuiltArchive } from './archive/write.js'
import { ActionError, describeError } from './errors.js'
import { readSettings, type InputSource } from './inputs/read.js'
import { shortLayerName } from './inputs/rules.js'
import { checkUploadRoute } from './plan/limits.js'
import { planArchive } from './plan/plan.js'
import { acrossRegions, type RegionResult } from './regions/fan-out.js'
import type { RegionClients, RegionContext } from './regions/region.js'
import { writeReport, type Outcome } from './report/summary.js'
import type { Settings } from './settings.js'

/** Everything that reaches outside the process, so tests can point it elsewhere. */
export interface Deps {
  inputs?: InputSource
  env: NodeJS.ProcessEnv
}

/** The runner's: inputs through @actions/core, the process environment. */
export const defaultDeps: Deps = { env: process.env }

/** Runs the whole step. Never throws: any failure becomes core.setFailed, here and nowhere else. */
export async function run(deps: Deps = defaultDeps): Promise<void> {
  try {
    await execute(deps)
  } catch (err) {
    core.setFailed(describeError(err))
  }
}

async function execute(deps: Deps): Promise<void> {
  const startedAt = new Date()
  const { settings, warnings } = readSettings(deps.inputs)
  if (settings.githubToken) core.setSecret(settings.githubToken)
  for (const w of warnings) core.warning(w)
  if (settings.mode === 'delete') {
    if (settings.dryRun) return writeReport({ settings, regions: [] }, deps.env)
    const { deleteInRegion } = await import('./regions/region.js')
    const ctx = await regionContext(settings, startedAt, deps.env)
    return finish({ settings, regions: await acrossRegions(settings.regions, (r) => deleteInRegion(ctx, r)) }, deps)
  }
  const archive = await prepareArchive(settings, deps.env)
  core.info(`Layer zip: ${archive.path} (${archive.size} bytes, ${archive.entryCount} entries)`)
  checkUploadRoute(archive.size, settings.s3Bucket)
  if (settings.dryRun) return writeReport({ settings, archive, regions: [] }, deps.env)
  // The AWS SDK is loaded only from here on: a dry run never needs it.
  const { publishInRegion } = await import('./regions/region.js')
  const ctx = await regionContext(settings, startedAt, deps.env)
  const regions = await acrossRegions(settings.regions, (r) => publishInRegion(ctx, archive, r))
  await finish({ settings, archive, regions }, deps)
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
async function regionContext(settings: Settings, startedAt: Date, env: NodeJS.ProcessEnv): Promise<RegionContext> {
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
  return { settings, clients, startedAt, agents, ...log }
}

/** Outputs and summary first, so regions that succeeded are reported even if others failed. */
async function finish(outcome: Outcome, deps: Deps): Promise<void> {
  await writeReport(outcome, deps.env)
  if (outcome.settings.commentOnPr) await announceOnPr(outcome)
  const failures = outcome.regions.filter((r): r is Extract<RegionResult, { ok: false }> => !r.ok)
  if (failures.length > 0) {
    const details = failures.map((f) => `${f.region}: ${f.error}`)
    throw new ActionError(`${failures.length} of ${outcome.regions.length} region(s) failed:`, undefined, { details })
  }
}
