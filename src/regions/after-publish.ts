// A failure after a region's version went live and was shared: reported as live, unless it has
// vanished since. Apart from fan-out.ts, which every run loads, since this asks Lambda.
import type { LambdaClient } from '@aws-sdk/client-lambda'
import type { LayerVersion } from '../aws/layer-version.js'
import { ActionError, describeError } from '../errors.js'
import { versionGone } from '../share/withdraw.js'
import { AfterPublishError } from './fan-out.js'

/** The error of a step after sharing (SSM, prune, functions): AfterPublishError, which reports
 * the version as live, unless the version is gone by now (a concurrent run's keep-versions or a
 * person deleted it: GetLayerVersion answers 404), which the message says instead. Not checked
 * once `signal` has aborted. Never throws. */
export async function afterPublishFailure(lambda: LambdaClient, version: LayerVersion, err: unknown, signal?: AbortSignal): Promise<Error> {
  if (signal?.aborted || !(await versionGone(lambda, version))) return new AfterPublishError(version, err)
  return new ActionError(
    `${version.layerVersionArn} was published and shared, but someone else deleted it since (a concurrent run's keep-versions, or a person): ${describeError(err)}`,
    'Give the workflows that publish this layer one concurrency group, then re-run',
    { cause: err }
  )
}
