// One region's sequence: reuse or publish, share, then prune and move functions (publish mode),
// or delete every version (delete mode). The fan-out over regions is in fan-out.ts.
import type { LambdaClient } from '@aws-sdk/client-lambda'
import type { S3Client } from '@aws-sdk/client-s3'
import { updateFunctions } from '../lifecycle/functions.js'
import { deleteAllVersions, pruneVersions } from '../lifecycle/prune.js'
import type { LayerVersion } from '../aws/layer-version.js'
import type { ProxyAgents } from '../aws/proxy.js'
import { describeError } from '../errors.js'
import { bucketIn } from '../inputs/checks.js'
import { builtContent } from '../archive/inspect/local-zip.js'
import { publishWithoutRefusedFields } from '../publish/fields.js'
import { publishVersion, type ArchiveFacts, type PublishSettings } from '../publish/publish.js'
import type { PublishRetry } from '../publish/retry.js'
import type { Settings } from '../settings.js'
import { shareVersion } from '../share/share.js'
import { readPrevious } from '../publish/previous.js'
import { findUnchanged } from '../publish/unchanged.js'
import { AfterPublishError, type RegionSuccess } from './fan-out.js'

/** One region's clients. */
export interface RegionClients {
  lambda: LambdaClient
  /** SDK retries off, for PublishLayerVersion (see publish/retry.ts). */
  lambdaOnce: LambdaClient
  s3: () => Promise<S3Client>
}

/** What every region shares: settings, clients by region, the log, when the run started. */
export interface RegionContext {
  settings: Settings
  clients: (region: string) => RegionClients
  log: (message: string) => void
  /** A warning annotation (what the region did differently from what was asked). */
  warn: (message: string) => void
  /** Step debug logging (core.debug): each request outside the SDK, each decision. */
  debug?: (message: string) => void
  /** The proxy agents the clients use, for the requests made outside the SDK (the stored zip's range read). */
  agents?: ProxyAgents
  startedAt: Date
}

/** The update-functions targets of `region`: functions named by ARN belong to their region, bare
 * names to the first region. Never throws. */
export function functionsIn(region: string, targets: string[], firstRegion: string): string[] {
  return targets.filter((t) => (t.startsWith('arn:') ? t.split(':')[3] === region : region === firstRegion))
}

/**
 * publish mode, for one region: look at the newest version (reused when skip-unchanged finds it
 * the same; compared for the job summary either way), else publish; share; then prune and move
 * functions. Returns what it did. Throws what a stage
 * throws (ActionError or an SDK error); after the version went live, as AfterPublishError, so
 * the fan-out still reports the version.
 */
export async function publishInRegion(ctx: RegionContext, archive: ArchiveFacts, region: string): Promise<RegionSuccess> {
  const { settings } = ctx
  const clients = ctx.clients(region)
  const local = builtContent(archive)
  const options = { debug: ctx.debug, agents: ctx.agents }
  const reuse = settings.skipUnchanged ? await findUnchanged(clients.lambda, settings, local, options) : undefined
  // Before publishing: afterwards the newest version is our own.
  const previous = reuse ? reuse.previous : await readPrevious(clients.lambda, settings, local, options)
  if (reuse) ctx.log(`${region}: ${reuse.same ? `reusing ${reuse.version.layerVersionArn}` : 'publishing'} (${reuse.reason})`)
  const published = !reuse?.same
  const version = reuse?.same ? reuse.version : await publishNew(ctx, clients, archive, region)
  const shares = await shareVersion(clients.lambda, version, settings.principals, { withdrawOnFailure: published })
  try {
    // Pruning only after publish and share succeeded, so a failed run never shrinks the history.
    const deleted = published ? await pruneVersions(clients.lambda, settings.layerName, settings.keepVersions, version.version) : []
    const targets = functionsIn(region, settings.updateFunctions, settings.regions[0])
    const functions = targets.length > 0 ? await updateFunctions(clients.lambda, targets, version) : []
    const reused = reuse?.same ? reuse.reason : undefined
    return { region, ok: true, version, published, reused, previous, shares, deleted, functions }
  } catch (err) {
    throw new AfterPublishError(version, err)
  }
}

/** Publishes in `region`: through the region's own bucket (s3-bucket's {region} filled in), and
 * without an optional field the region refuses (publish/fields.ts), with a warning. */
async function publishNew(ctx: RegionContext, clients: RegionClients, archive: ArchiveFacts, region: string): Promise<LayerVersion> {
  const retry: PublishRetry = {
    once: clients.lambdaOnce,
    maxAttempts: ctx.settings.maxAttempts,
    startedAt: ctx.startedAt,
    log: (m) => ctx.log(m)
  }
  const s3Bucket = ctx.settings.s3Bucket && bucketIn(ctx.settings.s3Bucket, region)
  const publish = (settings: PublishSettings) => publishVersion(settings, archive, { lambda: clients.lambda, s3: clients.s3, retry })
  const version = await publishWithoutRefusedFields({ ...ctx.settings, s3Bucket }, publish, (field, values, err) =>
    ctx.warn(`${region}: published without ${field} (${values.join(', ')}): the region refused it (${describeError(err)})`)
  )
  ctx.log(`Published ${version.layerVersionArn}`)
  return version
}

/** mode: delete, for one region: deletes every version. Returns what it deleted; throws the SDK
 * error of a list or delete call as is. */
export async function deleteInRegion(ctx: RegionContext, region: string): Promise<RegionSuccess> {
  const deleted = await deleteAllVersions(ctx.clients(region).lambda, ctx.settings.layerName)
  ctx.log(`${region}: deleted ${deleted.length} version(s) of ${ctx.settings.layerName}`)
  return { region, ok: true, published: false, shares: [], deleted, functions: [] }
}
