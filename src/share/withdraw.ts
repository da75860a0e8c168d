// Undoing a publish: deleting the run's own version when it could not be shared as asked (or the
// run was cancelled), and saying truthfully what became of it.
import { DeleteLayerVersionCommand, GetLayerVersionCommand, type LambdaClient } from '@aws-sdk/client-lambda'
import { isNotFound } from '../aws/answers.js'
import type { LayerVersion } from '../aws/layer-version.js'
import { describeError } from '../errors.js'

/** What withdrawing needs to know of the version. */
export type VersionRef = Pick<LayerVersion, 'layerArn' | 'version' | 'layerVersionArn'>

/** What became of a version the run meant to withdraw. */
export interface Withdrawal {
  /** deleted: by this run; gone: already deleted by someone else; failed: still live. */
  state: 'deleted' | 'gone' | 'failed'
  /** One sentence for the failure message and the job summary. */
  text: string
}

/**
 * Deletes the version, unless it is already gone. DeleteLayerVersion answers 204 for a version
 * already deleted (recorded AWS answers), so GetLayerVersion asks first (404 when gone): a run
 * must not claim it withdrew what a concurrent run or a person deleted. Runs as clean-up, so it
 * takes no abort signal. Returns what happened; never throws.
 */
export async function withdrawVersion(lambda: LambdaClient, version: VersionRef): Promise<Withdrawal> {
  const n = version.version
  // Unknown (the Get failed otherwise): try the delete anyway.
  if (await versionGone(lambda, version)) return goneText(n)
  try {
    await lambda.send(new DeleteLayerVersionCommand({ LayerName: version.layerArn, VersionNumber: n }))
    return { state: 'deleted', text: `Version ${n} was deleted, so that no half-shared version stays live.` }
  } catch (err) {
    return {
      state: 'failed',
      text: `Deleting version ${n} also failed (${describeError(err)}): delete ${version.layerVersionArn} by hand.`
    }
  }
}

function goneText(n: number): Withdrawal {
  return {
    state: 'gone',
    text: `Version ${n} was already gone: someone else deleted it (a concurrent run or a person); this run did not withdraw it.`
  }
}

/** True when the version is gone: GetLayerVersion answers 404 (ResourceNotFoundException).
 * False when it is there or the answer says nothing (another error). Clean-up and reporting: no
 * abort signal. Never throws. */
export async function versionGone(lambda: LambdaClient, version: VersionRef): Promise<boolean> {
  return lambda.send(new GetLayerVersionCommand({ LayerName: version.layerArn, VersionNumber: version.version })).then(
    () => false,
    (err: unknown) => isNotFound(err)
  )
}
