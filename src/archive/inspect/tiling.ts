// Proves a given zip hides nothing between its entries: the local records (header, data, data
// descriptor) must follow one another from offset 0 to the central directory. Extractors that
// stream a zip read every local header in file order; those that seek read only what the central
// directory names. Bytes the directory does not account for could hold an entry that only the
// former extract (APPNOTE.TXT 4.3.6 gives the only layout: local records, then the directory).
import { InputError } from '../../errors.js'
import { limiter } from '../../limiter.js'
import { FLAG, SIG } from '../zip/format.js'
import { localDataOffset, type ReadAt, type ZipItem } from './container.js'

/** Local headers read at once: cheap in memory, a read each on disk. */
const IN_FLIGHT = 32
/** The marker a split archive written as one segment may start with (APPNOTE.TXT 8.5.3, 8.5.4). */
const SPLIT_MARKERS: number[] = [SIG.descriptor, 0x30304b50]

/** Where one entry's local record starts and ends, in bytes from the start of the zip. */
interface Span {
  item: ZipItem
  start: number
  /** The end of its data: a data descriptor may follow. */
  dataEnd: number
}

const FIX = 'Rebuild the zip with zip, Python zipfile or this action (a self-extracting stub is not a layer)'

/**
 * Returns nothing when the entries' local records tile the zip from offset 0 (or 4, after a
 * split-archive marker) to `directoryOffset`: each local header and its data, then a data
 * descriptor when flag bit 3 says one follows, with nothing before, between or after them.
 * Throws InputError (zip-file) naming the offset of bytes no entry accounts for, or of two
 * entries that overlap, and what localDataOffset throws.
 */
export async function checkTiling(read: ReadAt, items: ZipItem[], directoryOffset: number): Promise<void> {
  const run = limiter(IN_FLIGHT)
  const spans = await Promise.all(
    items.map((item) =>
      run(async (): Promise<Span> => {
        const dataStart = await localDataOffset(read, item)
        return { item, start: item.record.localHeaderOffset, dataEnd: dataStart + item.record.compressedSize }
      })
    )
  )
  spans.sort((a, b) => a.start - b.start)
  let at = await firstOffset(read, spans[0].start)
  let previous: Span | undefined
  for (const span of [...spans, undefined]) {
    const next = span?.start ?? directoryOffset
    if (previous) at = await descriptorEnd(read, previous, next)
    if (next < at)
      throw refuse(`${label(previous)} and ${label(span)} overlap at offset ${next}: extractors would disagree on what each holds`)
    if (next > at) {
      const between = `${previous ? `after ${label(previous)}` : 'before the first entry'}, before ${label(span)}`
      throw refuse(
        `${next - at} bytes at offset ${at} (${between}) belong to no entry of the central directory: an extractor that streams the zip could find an entry there that others do not see`
      )
    }
    previous = span
    if (span) at = span.dataEnd
  }
}

/** 0, or 4 when the zip starts with a split-archive marker and its first entry right after it. */
async function firstOffset(read: ReadAt, firstStart: number): Promise<number> {
  if (firstStart !== 4) return 0
  return SPLIT_MARKERS.includes((await read(0, 4)).readUInt32LE(0)) ? 4 : 0
}

/**
 * Where the entry's record ends, its data descriptor included: without flag bit 3, where its data
 * ends; with it, after the descriptor that fills the gap to `next` (APPNOTE.TXT 4.3.9: an optional
 * signature, the CRC-32, then both sizes in 4 bytes, or 8 in a Zip64 entry) when its CRC-32 is the
 * entry's, else where the data ends (the gap is then reported).
 */
async function descriptorEnd(read: ReadAt, span: Span, next: number): Promise<number> {
  const gap = next - span.dataEnd
  if (!(span.item.record.flags & FLAG.descriptor) || ![12, 16, 20, 24].includes(gap)) return span.dataEnd
  const bytes = await read(span.dataEnd, gap)
  const signed = gap === 16 || gap === 24
  if (signed && bytes.readUInt32LE(0) !== SIG.descriptor) return span.dataEnd
  return bytes.readUInt32LE(signed ? 4 : 0) === span.item.record.crc32 ? next : span.dataEnd
}

function label(span: Span | undefined): string {
  return span ? `entry '${span.item.name}'` : 'the central directory'
}

function refuse(rule: string): InputError {
  return new InputError('zip-file', rule, FIX)
}
