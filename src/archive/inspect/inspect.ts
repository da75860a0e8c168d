// Checks a ready-made zip (the zip-file input) the way Lambda will extract it, and measures it
// like a built one: its container (container.ts, tiling.ts), then the same content rules a built tree gets
// (plan/content-rules.ts), then every entry's data for the content digest.
import type { BuiltArchive } from '../write.js'
import { InputError } from '../../errors.js'
import { checkContent } from '../../plan/content-rules.js'
import { checkUnzippedSize } from '../../plan/limits.js'
import { readCentralDirectory } from './central.js'
import { checkDigestComment, containerWarnings, itemOf, type ZipItem } from './container.js'
import { digestEntries, linkTargets } from './entries.js'
import { openLocalZip, type LocalZip } from './local-zip.js'
import { checkTiling } from './tiling.js'

/** Zips up to this size are read into memory once: each entry is then read without a
 * round trip to the disk (seconds saved on a node_modules of tens of thousands of files). */
export const IN_MEMORY_ZIP_BYTES = 64 * 1024 * 1024

/** How inspectZip reads and judges the zip. */
export interface InspectOptions {
  /** The compatible runtimes declared (layout and bootstrap warnings). */
  runtimes: string[]
  /** Zips up to this many bytes are read into memory (tests lower it). */
  inMemoryBytes?: number
}

/** A given zip, measured as a built one, with what the rules warn about. */
export interface InspectedZip {
  archive: BuiltArchive
  warnings: string[]
}

function notZip(zipPath: string, err: unknown): InputError {
  const reason = err instanceof Error ? err.message : String(err)
  return new InputError('zip-file', `'${zipPath}' is not a readable zip archive (${reason})`)
}

/** The zip's items, checked to tile it (tiling.ts), and its comment. */
async function readItems(zip: LocalZip, zipPath: string): Promise<{ items: ZipItem[]; comment: Buffer }> {
  const directory = await readCentralDirectory(zip).catch((err: unknown) => {
    throw notZip(zipPath, err)
  })
  if (directory.records.length === 0) throw new InputError('zip-file', `'${zipPath}' holds no entries`)
  const items = directory.records.map(itemOf)
  await checkTiling(zip.read, items, directory.offset)
  return { items, comment: directory.comment }
}

async function inspectOpen(zip: LocalZip, zipPath: string, options: InspectOptions): Promise<InspectedZip> {
  const { items, comment } = await readItems(zip, zipPath)
  const targets = await linkTargets(zip, items)
  const entries = items.map((i) => ({ name: i.name, kind: i.kind, mode: i.mode, linkTarget: targets.get(i.name) }))
  const warnings = checkContent(entries, { source: 'zip-file', runtimes: options.runtimes })
  const unzippedSize = items.reduce((sum, i) => (i.kind === 'file' ? sum + i.record.size : sum), 0)
  checkUnzippedSize(unzippedSize, `The zip-file '${zipPath}' holds`, () =>
    items.map((i) => ({ name: i.name, kind: i.kind, size: i.record.size }))
  )
  // Always from the entries: a comment in our format must match them, never stand in for them.
  const contentDigest = await digestEntries(zip, items)
  checkDigestComment(comment, contentDigest)
  const archive = { path: zipPath, size: zip.size, sha256: await zip.sha256(), unzippedSize, entryCount: items.length, contentDigest }
  return { archive, warnings: [...warnings, ...containerWarnings(items)] }
}

/**
 * Validates and measures the zip given as the zip-file input, as a built one is measured, through
 * one open descriptor (zips up to `inMemoryBytes` read into memory once). Returns its
 * measurements and the warnings of the content and container rules. Throws InputError
 * (zip-file, naming the entry) when it is not a regular file or a readable zip, holds no
 * entries, breaks a content or container rule, or has a corrupt entry, and ActionError when it is
 * over the unzipped limit.
 */
export async function inspectZip(zipPath: string, options: InspectOptions): Promise<InspectedZip> {
  const zip = await openLocalZip(zipPath, options.inMemoryBytes ?? IN_MEMORY_ZIP_BYTES).catch((err: unknown) => {
    throw notZip(zipPath, err)
  })
  try {
    return await inspectOpen(zip, zipPath, options)
  } finally {
    await zip.close()
  }
}
