// Filler versions for align-versions: a placeholder published only to move a region's version
// counter on (Lambda numbers versions per region and never reuses a number, deleted ones
// included: lambda-layers.md), deleted at once, never shared. Each run's fillers hold a random
// token, so their CodeSha256 is the run's own: a real version's lookup (another CodeSha256) never
// adopts one, and this run's sweep never deletes another run's.
import { createHash, randomUUID } from 'node:crypto'
import { DeleteLayerVersionCommand, PublishLayerVersionCommand, type LambdaClient } from '@aws-sdk/client-lambda'
import { placeholderZip } from '../archive/zip/placeholder.js'
import { LeftBehindError } from '../aws/answers.js'
import { toLayerVersion, type LayerVersion } from '../aws/layer-version.js'
import { CancelledError, describeError } from '../errors.js'
import { sameContentSince } from './ownership.js'
import { publishWithRetry, PublishCancelledError, type PublishRetry } from './retry.js'

/** The description every filler version carries (at most 256 characters, Lambda's limit). */
export const FILLER_DESCRIPTION =
  'Placeholder published by publish-lambda-layer to align version numbers across regions; deleted at once, never shared. Do not use.'
const FILLER_FILE = 'publish-lambda-layer-placeholder.txt'

/** A run's filler: the zip and its CodeSha256 (base64), the same for every filler of the run. */
export interface Filler {
  zip: Buffer
  sha256: string
}

/** The run's filler, unique to it through `token` (random by default). Never throws. */
export function makeFiller(token: string = randomUUID()): Filler {
  const zip = placeholderZip(FILLER_FILE, `${FILLER_DESCRIPTION}\nrun ${token}\n`)
  return { zip, sha256: createHash('sha256').update(zip).digest('base64') }
}

/** How fillers are published and deleted in one region. */
export interface FillerDeps {
  /** SDK retries on: the lookup after a lost answer, and the delete (idempotent: 204 for a version already gone). */
  lambda: LambdaClient
  /** The publish's own retries; `baseline` is the newest number known to be taken in the region. */
  retry: PublishRetry
  /** Told what of this run's fillers may be live right now (an ARN, or what to look for), and
   * undefined once none is: a cancelled run that cannot wait names it. */
  track?: (live: string | undefined) => void
}

/**
 * Publishes one filler version of `layerName` and deletes it at once. Returns its number (the
 * region's next version gets the number after it). A lost answer is settled as for any publish
 * (publish/retry.ts), by the filler's CodeSha256. Throws what publishWithRetry throws (the SDK
 * error, LeftBehindError); LeftBehindError naming the filler when its delete fails; CancelledError
 * when the run is cancelled (after deleting a filler that landed meanwhile).
 */
export async function publishFiller(layerName: string, filler: Filler, deps: FillerDeps): Promise<number> {
  const { retry } = deps
  deps.track?.(`a filler version newer than ${retry.baseline} with CodeSha256 ${filler.sha256}, if the publish in flight landed`)
  const command = new PublishLayerVersionCommand({
    LayerName: layerName,
    Content: { ZipFile: filler.zip },
    Description: FILLER_DESCRIPTION
  })
  let version: LayerVersion
  let cancelled = false
  try {
    version = await publishWithRetry(
      async () => toLayerVersion(await retry.once.send(command, { abortSignal: retry.signal }), 'PublishLayerVersion'),
      () => sameContentSince(deps.lambda, layerName, filler.sha256, retry.baseline),
      { ...retry, codeSha256: filler.sha256 }
    )
  } catch (err) {
    if (!(err instanceof PublishCancelledError)) throw err
    if (!err.version) {
      deps.track?.(undefined)
      throw new CancelledError('Aligning version numbers')
    }
    version = err.version
    cancelled = true
  }
  deps.track?.(version.layerVersionArn)
  await deleteFiller(deps.lambda, version)
  deps.track?.(undefined)
  if (cancelled) throw new CancelledError('Aligning version numbers', `deleted the filler version ${version.layerVersionArn}`)
  return version.version
}

/** Deletes a filler version; no abort signal: it is clean-up. Throws LeftBehindError naming it
 * when the delete fails after the SDK's retries. */
async function deleteFiller(lambda: LambdaClient, version: Pick<LayerVersion, 'layerArn' | 'version' | 'layerVersionArn'>) {
  try {
    await lambda.send(new DeleteLayerVersionCommand({ LayerName: version.layerArn, VersionNumber: version.version }))
  } catch (err) {
    throw new LeftBehindError(
      `Deleting the filler version ${version.layerVersionArn} failed (${describeError(err)})`,
      'Delete it by hand: it is a placeholder that nobody should use',
      [version.layerVersionArn],
      { cause: err }
    )
  }
}

/** What a sweep found and did. */
export interface Sweep {
  /** Filler versions of this run it deleted (ARNs). */
  deleted: string[]
  /** What may still be live: fillers whose delete failed, or what to look for when the list could not be read. */
  left: string[]
}

/**
 * After a failure or a cancel: deletes every live filler of this run in the region, that is every
 * version newer than `baseline` with the filler's CodeSha256, so that none stays live. Returns
 * what it deleted and what it could not settle; never throws.
 */
export async function sweepFillers(lambda: LambdaClient, layerName: string, filler: Filler, baseline: number): Promise<Sweep> {
  let found: LayerVersion[]
  try {
    found = await sameContentSince(lambda, layerName, filler.sha256, baseline)
  } catch (err) {
    return {
      deleted: [],
      left: [`a filler version newer than ${baseline} with CodeSha256 ${filler.sha256}, if any (${describeError(err)})`]
    }
  }
  const sweep: Sweep = { deleted: [], left: [] }
  for (const version of found) {
    await deleteFiller(lambda, version).then(
      () => sweep.deleted.push(version.layerVersionArn),
      () => sweep.left.push(version.layerVersionArn)
    )
  }
  return sweep
}
