// Checks once a region's version went live: same-content versions another run published
// meanwhile, and whether the version still exists when a later step fails (reported as live
// only then). Apart from fan-out.ts, which every run loads, since these ask Lambda.
import type { LambdaClient } from '@aws-sdk/client-lambda'
import type { LayerVersion } from '../aws/layer-version.js'
import { ActionError, describeError, describeFailure } from '../errors.js'
import { sameContentSince } from '../publish/ownership.js'
import { versionGone } from '../share/withdraw.js'
import { AfterPublishError } from './fan-out.js'
import type { RegionLog } from './step-log.js'

/** The error of a step after sharing (SSM, prune, functions): AfterPublishError, which reports
 * the version as live (`published` by this run, or reused), unless the version is gone by now (a
 * concurrent run's keep-versions or a person deleted it: GetLayerVersion answers 404), which the
 * message says instead. Not checked once `signal` has aborted. Never throws. */
export async function afterPublishFailure(
  lambda: LambdaClient,
  version: LayerVersion,
  err: unknown,
  published: boolean,
  signal?: AbortSignal
): Promise<Error> {
  if (signal?.aborted || !(await versionGone(lambda, version))) return new AfterPublishError(version, err, published)
  return new ActionError(
    `${version.layerVersionArn} was ${published ? 'published' : 'reused'} and shared, but someone else deleted it since (a concurrent run's keep-versions, or a person): ${describeFailure(err)}`,
    'Give the workflows that publish this layer one concurrency group, then re-run',
    { cause: err }
  )
}

/**
 * After publishing: versions with the same content that other runs (or a late landing of this
 * run's own lost attempt) made since the baseline. skip-unchanged cannot prevent two runs that
 * start together from both publishing; a workflow `concurrency:` group does. Returns one note per
 * such version ([] when there are none or the list cannot be read); never throws.
 */
export async function sameContentMeanwhile(
  lambda: LambdaClient,
  layerName: string,
  baseline: number,
  own: LayerVersion,
  ctx: Pick<RegionLog, 'log' | 'debug'>
): Promise<string[]> {
  ctx.debug(`Looking for versions newer than ${baseline} with this CodeSha256 that another run (or a late attempt of this one) published`)
  try {
    const others = await sameContentSince(lambda, layerName, own.codeSha256, baseline, own.version)
    return others.map(
      (v) =>
        `${v.layerVersionArn} with the same content appeared meanwhile (another run published it, or an earlier attempt of this run landed late); it was left as it is. A workflow concurrency group keeps runs from publishing at the same moment.`
    )
  } catch (err) {
    ctx.log(`Could not check for same-content versions published meanwhile: ${describeError(err)}`)
    return []
  }
}
