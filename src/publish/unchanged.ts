// Skip-unchanged: is the newest existing version the same layer we would publish? Same
// CodeSha256 proves it; otherwise the content digest in the remote zip's comment decides,
// since deflate output may differ between zlib builds while the entries are identical.
import {
  GetLayerVersionCommand,
  ListLayerVersionsCommand,
  type GetLayerVersionCommandOutput,
  type LambdaClient
} from '@aws-sdk/client-lambda'
import { readContentDigest } from '../archive/digest.js'
import type { BuiltArchive } from '../archive/write.js'
import { toLayerVersion, type LayerVersion } from '../aws/layer-version.js'
import type { Settings } from '../settings.js'

/** The settings the comparison reads: the layer, and the metadata a version carries. */
export type UnchangedSettings = Pick<
  Settings,
  'layerName' | 'description' | 'licenseInfo' | 'compatibleRuntimes' | 'compatibleArchitectures'
>

/** What the comparison reads of the archive about to be published. */
export type LocalArchive = Pick<BuiltArchive, 'sha256' | 'contentDigest'>

/** Whether the newest version is the same layer, and why (for the log). */
export type Verdict = { same: true; version: LayerVersion; reason: string } | { same: false; reason: string }

/** End-of-central-directory record (22 bytes) plus the longest possible comment (APPNOTE.TXT 4.3.16). */
const TAIL_BYTES = 22 + 0xffff
const EOCD_SIGNATURE = 0x06054b50

/** Reads the last `bytes` bytes at `url`. */
export type FetchTail = (url: string, bytes: number) => Promise<Buffer>

/** Reads the last `bytes` bytes of the presigned Content.Location with an HTTP Range request (the
 * URL supports it: Lambda API reference, GetLayerVersion). Throws Error on an HTTP error status. */
export const fetchTail: FetchTail = async (url, bytes) => {
  const response = await fetch(url, { headers: { Range: `bytes=-${bytes}` } })
  if (response.status !== 206 && response.status !== 200) throw new Error(`HTTP ${response.status}`)
  const body = Buffer.from(await response.arrayBuffer())
  return body.subarray(Math.max(0, body.length - bytes))
}

/** The archive comment from the tail of a zip: the EOCD whose comment length reaches the end;
 * undefined when there is none. Never throws. */
export function zipCommentFromTail(tail: Buffer): string | undefined {
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) !== EOCD_SIGNATURE) continue
    const length = tail.readUInt16LE(at + 20)
    if (at + 22 + length === tail.length) return tail.subarray(at + 22).toString('utf8')
  }
  return undefined
}

/** What differs between the settings' metadata and a version's, or undefined when nothing does.
 * Metadata is part of a version too: a new runtime list deserves a new version. Never throws. */
export function metadataDifference(s: UnchangedSettings, v: GetLayerVersionCommandOutput): string | undefined {
  const sameSet = (a: string[], b: string[] = []) => a.length === b.length && a.every((x) => b.includes(x))
  if (!sameSet(s.compatibleRuntimes, v.CompatibleRuntimes)) return 'compatible runtimes differ'
  if (!sameSet(s.compatibleArchitectures, v.CompatibleArchitectures)) return 'compatible architectures differ'
  if ((s.description ?? '') !== (v.Description ?? '')) return 'description differs'
  if ((s.licenseInfo ?? '') !== (v.LicenseInfo ?? '')) return 'license differs'
  return undefined
}

/**
 * Compares the newest version of the layer with the archive about to be published: the same
 * metadata and the same CodeSha256, or else the same content digest in the remote zip's comment.
 * Returns the verdict; throws the SDK error of List/GetLayerVersion(s) as is (a remote zip that
 * cannot be read only makes the verdict 'differs').
 */
export async function findUnchanged(
  lambda: LambdaClient,
  settings: UnchangedSettings,
  archive: LocalArchive,
  readTail: FetchTail = fetchTail
): Promise<Verdict> {
  const list = await lambda.send(new ListLayerVersionsCommand({ LayerName: settings.layerName, MaxItems: 1 }))
  const newest = list.LayerVersions?.[0]
  if (!newest?.Version) return { same: false, reason: 'the layer has no version yet' }
  const existing = await lambda.send(new GetLayerVersionCommand({ LayerName: settings.layerName, VersionNumber: newest.Version }))
  const label = `version ${newest.Version}`
  const differs = metadataDifference(settings, existing)
  if (differs) return { same: false, reason: `${label}: ${differs}` }
  const version = toLayerVersion(existing, 'GetLayerVersion')
  if (existing.Content?.CodeSha256 === archive.sha256) return { same: true, version, reason: `${label} has the same CodeSha256` }
  const remote = await remoteDigest(existing.Content?.Location, readTail)
  if (remote === archive.contentDigest) return { same: true, version, reason: `${label} has the same content digest` }
  return { same: false, reason: `${label} holds different content` }
}

/** Undefined when the zip was not built by this action or cannot be read: then it differs. */
async function remoteDigest(location: string | undefined, readTail: FetchTail): Promise<string | undefined> {
  if (!location) return undefined
  try {
    const comment = zipCommentFromTail(await readTail(location, TAIL_BYTES))
    return comment === undefined ? undefined : readContentDigest(comment)
  } catch {
    return undefined
  }
}
