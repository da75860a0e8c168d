// Orchestrates the pipeline: inputs -> plan -> archive -> credentials -> publish -> share ->
// report. The only place that fails the step.
import * as core from '@actions/core'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LambdaClient } from '@aws-sdk/client-lambda'
import type { S3Client } from '@aws-sdk/client-s3'
import type { STSClient } from '@aws-sdk/client-sts'
import { inspectZip, writeArchive, type BuiltArchive } from './archive.js'
import { createLambdaClient, createS3Client, createStsClient } from './clients.js'
import { defaultCredentialDeps, resolveCredentials, type AwsCredentials } from './credentials.js'
import { describeError } from './errors.js'
import { readSettings, type InputSource } from './inputs.js'
import { planArchive } from './plan.js'
import { checkUploadRoute, publishVersion, shortLayerName } from './publish.js'
import { writeReport, type Outcome } from './report.js'
import type { Settings } from './settings.js'
import { shareVersion } from './share.js'

/** Everything that reaches outside the process, so tests can point it elsewhere. */
export interface Deps {
  inputs?: InputSource
  env: NodeJS.ProcessEnv
  createSts: (s: Settings) => STSClient
  createLambda: (s: Settings, c: AwsCredentials | undefined) => LambdaClient
  createS3: (s: Settings, c: AwsCredentials | undefined) => Promise<S3Client>
}

export const defaultDeps: Deps = {
  env: process.env,
  createSts: createStsClient,
  createLambda: (s, c) => createLambdaClient(s, c),
  createS3: (s, c) => createS3Client(s, c)
}

export async function run(deps: Deps = defaultDeps): Promise<void> {
  try {
    await execute(deps)
  } catch (err) {
    core.setFailed(describeError(err))
  }
}

async function execute(deps: Deps): Promise<void> {
  const { settings, warnings } = readSettings(deps.inputs)
  for (const w of warnings) core.warning(w)
  const archive = await prepareArchive(settings, deps.env)
  core.info(`Layer zip: ${archive.path} (${archive.size} bytes, ${archive.entryCount} entries)`)
  if (settings.dryRun) {
    checkUploadRoute(archive.size, settings.s3Bucket)
    await writeReport({ settings, archive, shares: [], published: false }, deps.env)
    return
  }
  await writeReport(await publishAndShare(settings, archive, deps), deps.env)
}

/** Builds the zip from the plan, or inspects the zip the user gave. */
async function prepareArchive(settings: Settings, env: NodeJS.ProcessEnv): Promise<BuiltArchive> {
  if (settings.zipFile) return inspectZip(settings.zipFile)
  const plan = await planArchive(settings)
  for (const w of plan.warnings) core.warning(w)
  const dir = join(env.RUNNER_TEMP || tmpdir(), 'publish-lambda-layer')
  await mkdir(dir, { recursive: true })
  return writeArchive(plan, join(dir, `${shortLayerName(settings.layerName)}.zip`))
}

async function publishAndShare(
  settings: Settings,
  archive: BuiltArchive,
  deps: Deps
): Promise<Outcome> {
  checkUploadRoute(archive.size, settings.s3Bucket)
  const credentials = await resolveCredentials(settings, defaultCredentialDeps(deps.createSts(settings)))
  const lambda = deps.createLambda(settings, credentials)
  const version = await publishVersion(settings, archive, {
    lambda,
    s3: () => deps.createS3(settings, credentials)
  })
  core.info(`Published ${version.layerVersionArn}`)
  const shares = await shareVersion(lambda, version, settings.principals)
  return { settings, archive, version, shares, published: true }
}
