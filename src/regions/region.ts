// One region's sequence: note the ownership baseline (the newest version, which skip-unchanged
// and the job summary compare with), reuse or publish, share, write the SSM parameter, then prune
// and move functions (publish mode), or delete every version (delete mode). The fan-out over
// regions is in fan-out.ts; with align-versions, aligned.ts runs the same steps with the regions'
// publishes brought to one version number in between.
import type { LambdaClient } from '@aws-sdk/client-lambda'
import type { S3Client } from '@aws-sdk/client-s3'
import type { SignerClient } from '@aws-sdk/client-signer'
import type { SSMClient } from '@aws-sdk/client-ssm'
import type { LayerVersion } from '../aws/layer-version.js'
import { ActionError, CancelledError, describeError, throwIfCancelled } from '../errors.js'
import { updateFunctions } from '../lifecycle/functions.js'
import { deleteAllVersions, pruneVersions, type PruneGuard } from '../lifecycle/prune.js'
import type { ProxyAgents } from '../aws/proxy.js'
import { bucketIn } from '../inputs/checks.js'
import type { LayerSource } from '../archive/layer.js'
import { publishWithoutRefusedFields } from '../publish/fields.js'
import { newestVersionNumber } from '../publish/ownership.js'
import { publishVersion, type ArchiveFacts, type PublishSettings } from '../publish/publish.js'
import { readPrevious, type Previous } from '../publish/previous.js'
import { PublishCancelledError, type PublishRetry } from '../publish/retry.js'
import { findUnchanged, type Verdict } from '../publish/unchanged.js'
import type { Settings } from '../settings.js'
import { reconcileSharing } from '../share/reconcile.js'
import { shareVersion, ShareError } from '../share/share.js'
import { withdrawVersion } from '../share/withdraw.js'
import { afterPublishFailure, sameContentMeanwhile } from './after-publish.js'
import { AfterPublishError, type RegionProgress, type RegionSuccess } from './fan-out.js'
import { LATE_LANDING_MS } from './cancellation.js'
import { parameterAfterPrune, parameterStage } from './parameter-stage.js'
import {
  describeDeleted,
  describeFunctions,
  describePrune,
  describeReconciled,
  describeShares,
  publishDoing,
  uploadRoute
} from './lines.js'
import type { RegionSigning } from './signing.js'
import type { RegionLog } from './step-log.js'

/** One region's clients. */
export interface RegionClients {
  lambda: LambdaClient
  /** SDK retries off, for PublishLayerVersion (see publish/retry.ts). */
  lambdaOnce: LambdaClient
  s3: () => Promise<S3Client>
  /** AWS Signer, for code signing (signing.ts). */
  signer: () => Promise<SignerClient>
  /** For ssm-parameter, made on first use. */
  ssm: () => Promise<SSMClient>
}

/** What a region works with: settings, clients by region, its own log (stage, log, warn, debug:
 * step-log.ts; a new step starts its stage and logs through it), the cancel signal, and where
 * each region records how far it got. */
export interface RegionContext extends RegionLog {
  settings: Settings
  clients: (region: string) => RegionClients
  /** The proxy agents the clients use, for the requests made outside the SDK (the stored zip's range read). */
  agents?: ProxyAgents
  /** Aborts when the run is cancelled: no new step starts, and the run undoes what it must. */
  signal?: AbortSignal
  progress: (region: string) => RegionProgress
  /** Set with signing-profile-name: the run's code signing, shared by its regions (signing.ts). */
  signing?: RegionSigning
}

/** What every region shares: the context without a region's own log. */
export type SharedContext = Omit<RegionContext, keyof RegionLog>

/** The update-functions targets of `region`: functions named by ARN belong to their region, bare
 * names to the first region. Never throws. */
export function functionsIn(region: string, targets: string[], firstRegion: string): string[] {
  return targets.filter((t) => (t.startsWith('arn:') ? t.split(':')[3] === region : region === firstRegion))
}

/** What a region knows before it publishes: its ownership baseline, skip-unchanged's verdict, and
 * the newest version as the job summary compares it. */
export interface Prepared {
  region: string
  /** The newest version number before this run published (0 for none). */
  baseline: number
  /** Set with skip-unchanged. */
  reuse?: Verdict
  previous: Previous
}

/** The version a region goes on with, and whether this run made it. */
export interface Settled {
  version: LayerVersion
  /** The run published it (not reused by skip-unchanged). */
  owned: boolean
  /** Filler versions published and deleted first (align-versions). */
  fillers?: number
  /** Real versions that landed below the other regions, deleted first (align-versions). */
  withdrawn?: number
}

/**
 * publish mode, for one region: note the newest version (the ownership baseline), look at it
 * (reused when skip-unchanged finds it the same, the zip then not needed here; compared for the
 * job summary either way), else publish; then completeRegion. Returns what it did. Throws what a
 * stage throws (ActionError, LeftBehindError, CancelledError or an SDK error); after the version
 * went live and was shared, as AfterPublishError, so the fan-out still reports the version.
 */
export async function publishInRegion(ctx: RegionContext, layer: LayerSource, region: string): Promise<RegionSuccess> {
  ctx.stage('publish', publishDoing(ctx.settings, ctx.settings.skipUnchanged ? undefined : await layer.zip(), region))
  const prepared = await prepareRegion(ctx, layer.content, region)
  const { reuse } = prepared
  if (reuse) ctx.log(`skip-unchanged: ${reuse.same ? `reusing ${reuse.version.layerVersionArn}` : 'publishing'} (${reuse.reason})`)
  throwIfCancelled(ctx.signal, 'Publishing')
  if (reuse?.same) return completeRegion(ctx, prepared, { version: reuse.version, owned: false })
  return completeRegion(ctx, prepared, { version: await publishNew(ctx, await layer.zip(ctx), region), owned: true })
}

/** Notes the region's ownership baseline (the newest version number) and looks at that version:
 * with skip-unchanged, whether it is the same layer as `local`; either way, how ours differs from
 * it, for the job summary. Logs in the region's current stage. Returns all three; throws the SDK
 * error as is. */
export async function prepareRegion(ctx: RegionContext, local: LayerSource['content'], region: string): Promise<Prepared> {
  const { settings, signal } = ctx
  const lambda = ctx.clients(region).lambda
  const baseline = await newestVersionNumber(lambda, settings.layerName, signal)
  ctx.progress(region).baseline = baseline
  ctx.debug(`Ownership baseline: version ${baseline} is the newest before this run; only a newer version can be this run's`)
  // The baseline is the newest version: skip-unchanged and the summary look at it, before
  // publishing (afterwards the newest version is our own).
  const options = { debug: ctx.debug, agents: ctx.agents, region, newest: baseline }
  const verdict = settings.skipUnchanged ? await findUnchanged(lambda, settings, local, options) : undefined
  // With signing, a version is the same only if this run's profile version signed it (signing.ts).
  const reuse = verdict && ctx.signing ? await ctx.signing.vet(verdict) : verdict
  const previous = reuse ? reuse.previous : await readPrevious(lambda, settings, local, { ...options, signal })
  return { region, baseline, reuse, previous }
}

/**
 * Once the region's version exists: share it (withdrawing it on failure when the run made it),
 * write its ARN to ssm-parameter, then prune (never a version newer than the baseline nor a recent
 * one) and move functions, each in its own stage. Returns what the region did. Throws ShareError
 * (or CancelledError) from sharing; after the version is shared, AfterPublishError (or an
 * ActionError when the version was deleted by someone else meanwhile).
 */
export async function completeRegion(ctx: RegionContext, prepared: Prepared, settled: Settled): Promise<RegionSuccess> {
  const { settings, signal } = ctx
  const { region, baseline, reuse, previous } = prepared
  const { version, owned, fillers, withdrawn } = settled
  const clients = ctx.clients(region)
  const progress = ctx.progress(region)
  Object.assign(progress, { version, owned })
  // Still in the publish stage: what else appeared since the baseline.
  const notes = owned ? await sameContentMeanwhile(clients.lambda, settings.layerName, baseline, version, ctx) : []
  const { shares, reconciled } = await shareStage(ctx, clients.lambda, version, owned, progress)
  progress.shared = true
  try {
    let parameter = await parameterStage(ctx, region, version)
    const deleted = await pruneStage(ctx, clients.lambda, { own: version.version, baseline }, owned, notes)
    if (parameter && deleted.length > 0) parameter = await parameterAfterPrune(ctx, region, version, deleted)
    const targets = functionsIn(region, settings.updateFunctions, settings.regions[0])
    if (targets.length > 0) ctx.stage('functions', `moving ${targets.length} function(s) to version ${version.version}`)
    const functions = targets.length > 0 ? await updateFunctions(clients.lambda, targets, version, { signal, debug: ctx.debug }) : []
    for (const line of describeFunctions(version, functions)) ctx.log(line)
    const reused = owned ? undefined : reuse?.reason
    progress.finished = {
      region,
      ok: true,
      version,
      published: owned,
      reused,
      previous,
      shares,
      reconciled,
      deleted,
      functions,
      notes,
      fillers,
      withdrawn,
      parameter
    }
    return progress.finished
  } catch (err) {
    const failure = await afterPublishFailure(clients.lambda, version, err, owned, signal)
    if (failure instanceof AfterPublishError) failure.parameter = progress.parameter
    throw failure
  }
}

/** Shares `version` with every principal and, on a version this run did not publish, removes this
 * action's grants to principals no longer listed (share/reconcile.ts); no stage when a new version
 * has no principal. Returns the grants and what reconciling did; throws what shareVersion (after
 * noting a version it withdrew) and reconcileSharing throw. */
async function shareStage(ctx: RegionContext, lambda: LambdaClient, version: LayerVersion, owned: boolean, progress: RegionProgress) {
  const { principals } = ctx.settings
  if (principals.length === 0 && owned) return { shares: [] }
  ctx.stage('share', `sharing version ${version.version} with ${principals.length} principal(s)`)
  const options = { withdrawOnFailure: owned, signal: ctx.signal, debug: ctx.debug }
  const shares = await shareVersion(lambda, version, principals, options).catch((err: unknown) => {
    recordWithdrawal(progress, err)
    throw err
  })
  if (shares.length > 0) ctx.log(describeShares(version, shares))
  const reconciled = owned ? undefined : await reconcileSharing(lambda, version, principals, ctx.signal)
  for (const line of describeReconciled(version, reconciled)) ctx.log(line)
  return { shares, reconciled }
}

/** keep-versions, for a version this run published (a reused one prunes nothing); a note in
 * `notes` names versions spared as recent. Returns the deleted ARNs; throws what pruneVersions
 * throws. */
async function pruneStage(ctx: RegionContext, lambda: LambdaClient, guard: PruneGuard, owned: boolean, notes: string[]): Promise<string[]> {
  const { keepVersions, layerName } = ctx.settings
  if (keepVersions <= 0) return []
  if (!owned) return (ctx.debug(`keep-versions ${keepVersions}: nothing pruned, the version was reused, not published by this run`), [])
  ctx.stage('prune', `keeping the newest ${keepVersions} version(s)`)
  const { deleted, note } = await pruneVersions(lambda, layerName, keepVersions, guard, ctx.signal, ctx.debug)
  ctx.log(describePrune(deleted, keepVersions))
  if (note) notes.push(note)
  return deleted
}

/** Publishes in `region`: through the region's own bucket (s3-bucket's {region} filled in), and
 * without an optional field the region refuses (publish/fields.ts), with a warning. When the run
 * is cancelled while the publish was in flight and it landed, deletes that version (not shared).
 * Returns the version; throws what publishVersion throws, and ActionError after such a cancel. */
export async function publishNew(ctx: RegionContext, archive: ArchiveFacts, region: string): Promise<LayerVersion> {
  const clients = ctx.clients(region)
  const progress = ctx.progress(region)
  const retry: PublishRetry = {
    once: clients.lambdaOnce,
    maxAttempts: ctx.settings.maxAttempts,
    baseline: progress.baseline ?? 0,
    signal: ctx.signal,
    log: (m) => ctx.log(m),
    lateLandingMs: LATE_LANDING_MS
  }
  // A signed zip (signed on first use, copied to this region's bucket) is published as it is.
  const signed = await ctx.signing?.sourceIn(region, ctx.log)
  const zip = signed ? { ...archive, sha256: signed.sha256, size: signed.size } : archive
  progress.codeSha256 = zip.sha256
  progress.publishing = true
  try {
    // {region} filled in: the region's own bucket (and key).
    const [s3Bucket, s3Key] = [ctx.settings.s3Bucket, ctx.settings.s3Key].map((t) => t && bucketIn(t, region))
    ctx.debug(`Upload route: ${uploadRoute({ ...ctx.settings, s3Bucket, s3Key }, zip, signed?.content)}`)
    const deps = { lambda: clients.lambda, s3: clients.s3, retry, signal: ctx.signal, content: signed?.content }
    const publish = (settings: PublishSettings) => publishVersion(settings, zip, deps)
    const published = await publishWithoutRefusedFields({ ...ctx.settings, s3Bucket, s3Key }, publish, (field, values, err) =>
      ctx.warn(`${region}: published without ${field} (${values.join(', ')}): the region refused it (${describeError(err)})`)
    )
    // Lambda's answer names the signer (LayerVersionContentOutput); the job's own ARNs stand in if it does not.
    const version = signed ? { signingJobArn: signed.jobArn, signingProfileVersionArn: signed.profileVersionArn, ...published } : published
    ctx.log(`Published ${version.layerVersionArn}`)
    return version
  } catch (err) {
    if (err instanceof CancelledError && err.undone) progress.undone.push(err.undone)
    if (!(err instanceof PublishCancelledError) || !err.version) throw err
    // Cancelled while the publish was in flight, and it landed: this run's version, not shared.
    const withdrawal = await withdrawVersion(clients.lambda, err.version)
    if (withdrawal.state === 'deleted')
      progress.undone.push(`deleted ${err.version.layerVersionArn}, published as the run was cancelled and not shared`)
    throw new ActionError(`Publishing stopped: the run was cancelled after ${err.version.layerVersionArn} was created. ${withdrawal.text}`)
  } finally {
    progress.publishing = false
  }
}

/** Notes the version a failed or cancelled share deleted, for the cancelled run's summary line. */
function recordWithdrawal(progress: RegionProgress, err: unknown): void {
  if (err instanceof ShareError && err.withdrawal?.state === 'deleted' && progress.version) {
    progress.undone.push(`deleted ${progress.version.layerVersionArn}, which was not fully shared`)
  }
}

/** mode: delete, for one region: deletes every version. Returns what it deleted; throws the SDK
 * error of a list or delete call as is. */
export async function deleteInRegion(ctx: RegionContext, region: string): Promise<RegionSuccess> {
  ctx.stage('delete', `deleting every version of ${ctx.settings.layerName}`)
  const deleted = await deleteAllVersions(ctx.clients(region).lambda, ctx.settings.layerName, ctx.signal)
  ctx.log(describeDeleted(ctx.settings.layerName, deleted))
  return { region, ok: true, published: false, shares: [], deleted, functions: [], notes: [] }
}
