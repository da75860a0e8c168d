// Which layer versions can be this run's. Two publishes of the same zip make two versions with
// the same CodeSha256, and nothing in the API says which run made which; only the order of
// version numbers does (they only go up and are never reused: Lambda API reference,
// PublishLayerVersion; lambda-layers.md). So before its first publish attempt a run notes the
// newest version number, its baseline: only a newer version can be its own.
import { GetLayerVersionCommand, ListLayerVersionsCommand, type LambdaClient } from '@aws-sdk/client-lambda'
import { isNotFound } from '../aws/answers.js'
import { toLayerVersion, type LayerVersion } from '../aws/layer-version.js'
import { asError } from '../errors.js'

/** ListLayerVersions pages while looking for versions newer than a baseline. */
const PAGE_SIZE = 50

/** The newest live version number of the layer, 0 when it has none: the run's ownership
 * baseline. One ListLayerVersions, first page (Lambda lists newest first). Throws the SDK error
 * as is. */
export async function newestVersionNumber(lambda: LambdaClient, layerName: string, signal?: AbortSignal): Promise<number> {
  const list = await lambda.send(new ListLayerVersionsCommand({ LayerName: layerName, MaxItems: 1 }), { abortSignal: signal })
  return list.LayerVersions?.[0]?.Version ?? 0
}

/** Version numbers newer than `baseline`, newest first, read page by page until one is not. */
export async function versionsSince(lambda: LambdaClient, layerName: string, baseline: number): Promise<number[]> {
  const newer: number[] = []
  let marker: string | undefined
  do {
    const page = await lambda.send(new ListLayerVersionsCommand({ LayerName: layerName, Marker: marker, MaxItems: PAGE_SIZE }))
    const numbers = (page.LayerVersions ?? []).map((v) => v.Version ?? 0)
    newer.push(...numbers.filter((n) => n > baseline))
    marker = numbers.some((n) => n <= baseline) ? undefined : page.NextMarker
  } while (marker)
  return newer.sort((a, b) => b - a)
}

/**
 * The versions newer than `baseline` whose CodeSha256 is `sha256` (base64), newest first, leaving
 * out `except`: after a lost answer, the version the run may have made; after a publish, the
 * same content another run made meanwhile. Runs as clean-up too, so it takes no abort signal.
 * Throws the SDK error of List/GetLayerVersion(s) as is (a version deleted meanwhile is skipped).
 */
export async function sameContentSince(
  lambda: LambdaClient,
  layerName: string,
  sha256: string,
  baseline: number,
  except?: number
): Promise<LayerVersion[]> {
  const found: LayerVersion[] = []
  for (const n of await versionsSince(lambda, layerName, baseline)) {
    if (n === except) continue
    const answer = await lambda
      .send(new GetLayerVersionCommand({ LayerName: layerName, VersionNumber: n }))
      .catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(asError(err))))
    if (answer?.Content?.CodeSha256 === sha256) found.push(toLayerVersion(answer, 'GetLayerVersion'))
  }
  return found
}
