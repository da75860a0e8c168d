// The size section: the zip against what Lambda takes inline, the unzipped content against the
// limit a function and all its layers share (plan/limits.ts has both, and their sources), with
// a note when little room is left for the functions that will use the layer.
import { MAX_INLINE_ZIP_BYTES, UNZIPPED_LIMIT_BYTES, type SizedEntry } from '../plan/limits.js'
import { bucketIn } from '../inputs/checks.js'
import { andList, code, plural, section, text } from './markdown.js'
import type { Outcome } from './outcome.js'

/** Above this share of the unzipped limit, the summary says how little room is left. */
export const NEAR_LIMIT = 0.8

/** `bytes` for people: B, then KiB, MiB or GiB with one decimal. Never throws. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${units[unit]}`
}

/** A limit in MiB, as AWS documents it: "50 MiB". Never throws. */
function limitText(bytes: number): string {
  return formatBytes(bytes).replace(/\.0 /, ' ')
}

/** `bytes` with its exact count: "4.0 MiB (4,194,304 bytes)". Never throws. */
export function exactBytes(bytes: number): string {
  return bytes < 1024 ? formatBytes(bytes) : `${formatBytes(bytes)} (${bytes.toLocaleString('en-US')} bytes)`
}

/** `part` of `whole` as a percentage: one decimal below 10%, whole numbers above; "<0.1%" for a
 * sliver. Never throws. */
export function percent(part: number, whole: number): string {
  const share = whole > 0 ? (part / whole) * 100 : 0
  if (share > 0 && share < 0.1) return '<0.1%'
  return `${share < 10 ? share.toFixed(1).replace(/\.0$/, '') : Math.round(share)}%`
}

/** Bytes of the files among `entries` (folders and links count 0, as for unzippedSize). */
export function fileBytes(entries: Iterable<SizedEntry>): number {
  let sum = 0
  for (const e of entries) if (e.kind === 'file') sum += e.size
  return sum
}

/** How many of `entries` are files. Never throws. */
function fileCount(entries: Iterable<SizedEntry>): number {
  let count = 0
  for (const e of entries) if (e.kind === 'file') count++
  return count
}

/** The buckets s3-bucket names ({region} filled in): each, up to three; past that the first
 * and how many more. Never throws. */
function buckets(template: string, regions: string[]): string {
  const names = [...new Set(regions.map((r) => code(`s3://${bucketIn(template, r)}`)))]
  return names.length > 3 ? `${names[0]} and ${names.length - 1} more buckets, one per region` : andList(names)
}

function zippedLine(outcome: Outcome): string[] {
  const { archive, settings } = outcome
  if (!archive) return []
  if (archive.size === undefined)
    return ['- **Zipped:** not built, since no region published a new version (compared without compressing).']
  const inline = `${percent(archive.size, MAX_INLINE_ZIP_BYTES)} of the ${limitText(MAX_INLINE_ZIP_BYTES)} Lambda takes in a direct upload`
  const bucket = settings.s3Bucket && buckets(settings.s3Bucket, settings.regions)
  const over = archive.size > MAX_INLINE_ZIP_BYTES
  const route = bucket
    ? `${over ? `above the ${limitText(MAX_INLINE_ZIP_BYTES)} Lambda takes in a direct upload` : inline}; sent through ${bucket}`
    : over
      ? `above the ${limitText(MAX_INLINE_ZIP_BYTES)} Lambda takes in a direct upload: set ${code('s3-bucket')}`
      : inline
  return [`- **Zipped:** ${exactBytes(archive.size)}, ${route}.`]
}

function unzippedLines(outcome: Outcome): string[] {
  const { archive, listing } = outcome
  const unzipped = archive?.unzippedSize ?? (listing ? fileBytes(listing) : undefined)
  if (unzipped === undefined) return []
  const files = listing ? ` in ${plural(fileCount(listing), 'file')}` : ''
  const share = percent(unzipped, UNZIPPED_LIMIT_BYTES)
  const lines = [
    `- **Unzipped:** ${exactBytes(unzipped)}${files}: **${share}** of the ${UNZIPPED_LIMIT_BYTES.toLocaleString('en-US')} bytes a function and all its layers may take together.`
  ]
  if (archive?.sha256) lines.push(`- **CodeSha256:** ${code(archive.sha256)}`)
  if (unzipped > UNZIPPED_LIMIT_BYTES) {
    lines.push('', `> **Over the limit.** No function could use this layer: the largest folders are below.`)
  } else if (unzipped > UNZIPPED_LIMIT_BYTES * NEAR_LIMIT) {
    const left = formatBytes(UNZIPPED_LIMIT_BYTES - unzipped)
    lines.push(
      '',
      `> **Close to the limit.** A function's own code and its other layers count toward the same limit: a function using this layer has ${text(left)} left for them.`
    )
  }
  return lines
}

/** The size section: zipped and unzipped sizes against Lambda's limits; [] when nothing is
 * known of the content. Never throws. */
export function sizeSection(outcome: Outcome): string[] {
  return section('Size', [...zippedLine(outcome), ...unzippedLines(outcome)])
}
