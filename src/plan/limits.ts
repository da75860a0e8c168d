// Lambda's size limits for a layer (Lambda developer guide, "Lambda quotas"), checked before
// anything is uploaded: the unzipped limit covers a function and all its layers together, so a
// layer above it alone can never be attached; a zip above the inline limit can only go through S3.
import { ActionError } from '../errors.js'
import type { EntryKind } from './names.js'

/** 250 MiB, as Lambda's answers quote it ("Unzipped size must be smaller than 262144000 bytes"). */
export const UNZIPPED_LIMIT_BYTES = 262_144_000

/** An entry as size reports need it: a built tree's planned entry or a zip's listed one. */
export interface SizedEntry {
  /** Zip entry name, folders ending in '/'. */
  name: string
  kind: EntryKind
  /** Bytes once extracted. */
  size: number
}

/** A layer over the unzipped limit, with its entries, so the job summary can show what takes
 * the space when it matters most. */
export class OverLimitError extends ActionError {
  constructor(
    message: string,
    fix: string,
    readonly entries: SizedEntry[]
  ) {
    super(message, fix)
    this.name = 'OverLimitError'
  }
}

/** Returns nothing; throws OverLimitError, carrying `entries`, when `bytes` (unzipped) is over
 * UNZIPPED_LIMIT_BYTES. `what` names the layer content for the message. */
export function checkUnzippedSize(bytes: number, what: string, entries: () => SizedEntry[]): void {
  if (bytes <= UNZIPPED_LIMIT_BYTES) return
  const n = (v: number): string => v.toLocaleString('en-US')
  throw new OverLimitError(
    `${what} ${n(bytes)} bytes unzipped, over Lambda's ${n(UNZIPPED_LIMIT_BYTES)}-byte limit for a function and all its layers together: this layer could never be attached to a function`,
    'Leave out what the function does not need (exclude tests, docs, caches) or ship the dependencies in a container image',
    entries()
  )
}

/** Largest zip Lambda accepts inline in the request body: 50 MiB (same source). */
export const MAX_INLINE_ZIP_BYTES = 52_428_800

/** Returns nothing; throws ActionError when a zip of `size` bytes is above MAX_INLINE_ZIP_BYTES
 * and no s3-bucket is set: inline, it could only fail. main.ts calls it once, before any AWS call. */
export function checkUploadRoute(size: number, s3Bucket: string | undefined): void {
  if (size > MAX_INLINE_ZIP_BYTES && !s3Bucket) {
    throw new ActionError(
      `The layer zip is ${size} bytes, above Lambda's ${MAX_INLINE_ZIP_BYTES}-byte limit for direct upload`,
      'Set the s3-bucket input to upload it through an S3 bucket in the same region'
    )
  }
}
