// One region's work, and the fan-out over all regions. Each region ends with its own result:
// a failure in one does not stop or roll back the others.
import type { LambdaClient } from '@aws-sdk/client-lambda'
import type { S3Client } from '@aws-sdk/client-s3'
import { ActionError, describeError } from '../errors.js'
import { updateFunctions, type FunctionUpdate } from '../lifecycle/functions.js'
import { deleteAllVersions, pruneVersions } from '../lifecycle/prune.js'
import { limiter } from '../limiter.js'
import type { LayerVersion } from '../aws/layer-version.js'
import { publishVersion, type ArchiveFacts } from '../publish/publish.js'
import type { PublishRetry } from '../publish/retry.js'
import type { Settings } from '../settings.js'
import { shareVersion, type ShareResult } from '../share/share.js'
import { findUnchanged } from '../publish/unchanged.js'

/** Regions worked on at once. Each region has its own request budget, so this only caps sockets. */
const REGION_CONCURRENCY = 8

export interface RegionClients {
  lambda: LambdaClient
  /** SDK retries off, for PublishLayerVersion (see retry.ts). */
  lambdaOnce: LambdaClient
  s3: () => Promise<S3Client>
}

export interface RegionSuccess {
  region: string
  ok: true
  version?: LayerVersion
  published: boolean
  /** Why an existing version was reused. */
  reused?: string
  shares: ShareResult[]
  deleted: string[]
  functions: FunctionUpdate[]
}

export interface RegionFailure {
  region: string
  ok: false
  error: string
  /** Set when the version was published and shared before a later step (prune, functions) failed. */
  version?: LayerVersion
}

/** A failure after the version went live: the version is still reported. */
class AfterPublishError extends ActionError {
  constructor(
    readonly version: LayerVersion,
    cause: unknown
  ) {
    super(`${version.layerVersionArn} is published and shared, then: ${describeError(cause)}`, undefined, { cause })
  }
}

export type RegionResult = RegionSuccess | RegionFailure

export interface RegionContext {
  settings: Settings
  clients: (region: string) => RegionClients
  log: (message: string) => void
  startedAt: Date
}

/** Runs `work` in every region, concurrently (bounded), keeping each region's outcome. */
export async function acrossRegions(regions: string[], work: (region: string) => Promise<RegionSuccess>): Promise<RegionResult[]> {
  const run = limiter(REGION_CONCURRENCY)
  return Promise.all(
    regions.map((region) =>
      run(() => work(region)).catch((err: unknown): RegionFailure => ({
        region,
        ok: false,
        error: describeError(err),
        version: err instanceof AfterPublishError ? err.version : undefined
      }))
    )
  )
}

/** Functions named by ARN belong to their region; bare names to the first region. */
export function functionsIn(region: string, targets: string[], firstRegion: string): string[] {
  return targets.filter((t) => (t.startsWith('arn:') ? t.split(':')[3] === region : region === firstRegion))
}

export async function publishInRegion(ctx: RegionContext, archive: ArchiveFacts, region: string): Promise<RegionSuccess> {
  const { settings } = ctx
  const clients = ctx.clients(region)
  const reuse = settings.skipUnchanged ? await findUnchanged(clients.lambda, settings, archive) : undefined
  if (reuse) ctx.log(`${region}: ${reuse.same ? `reusing ${reuse.version.layerVersionArn}` : 'publishing'} (${reuse.reason})`)
  const published = !reuse?.same
  const version = reuse?.same ? reuse.version : await publishNew(ctx, clients, archive)
  const shares = await shareVersion(clients.lambda, version, settings.principals, { withdrawOnFailure: published })
  try {
    // Pruning only after publish and share succeeded, so a failed run never shrinks the history.
    const deleted = published ? await pruneVersions(clients.lambda, settings.layerName, settings.keepVersions, version.version) : []
    const targets = functionsIn(region, settings.updateFunctions, settings.regions[0])
    const functions = targets.length > 0 ? await updateFunctions(clients.lambda, targets, version) : []
    return { region, ok: true, version, published, reused: reuse?.same ? reuse.reason : undefined, shares, deleted, functions }
  } catch (err) {
    throw new AfterPublishError(version, err)
  }
}

async function publishNew(ctx: RegionContext, clients: RegionClients, archive: ArchiveFacts): Promise<LayerVersion> {
  const retry: PublishRetry = {
    once: clients.lambdaOnce,
    maxAttempts: ctx.settings.maxAttempts,
    startedAt: ctx.startedAt,
    log: (m) => ctx.log(m)
  }
  const version = await publishVersion(ctx.settings, archive, { lambda: clients.lambda, s3: clients.s3, retry })
  ctx.log(`Published ${version.layerVersionArn}`)
  return version
}

/** mode: delete, for one region. */
export async function deleteInRegion(ctx: RegionContext, region: string): Promise<RegionSuccess> {
  const deleted = await deleteAllVersions(ctx.clients(region).lambda, ctx.settings.layerName)
  ctx.log(`${region}: deleted ${deleted.length} version(s) of ${ctx.settings.layerName}`)
  return { region, ok: true, published: false, shares: [], deleted, functions: [] }
}
