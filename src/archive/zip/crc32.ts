// CRC-32 as zip entries carry it (APPNOTE.TXT 4.4.7), shared by the writer, the deflate worker
// and the reader of given zips.
import * as zlib from 'node:zlib'

let table: Uint32Array | undefined

/**
 * Byte-at-a-time CRC-32 of `data`, continuing from `value`; returns an unsigned 32-bit number.
 * Stands in where zlib.crc32 is missing (Node releases before 20.15 and 22.2). Never throws.
 */
export function tableCrc32(data: Uint8Array, value = 0): number {
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  let c = ~value >>> 0
  for (const byte of data) c = table[(c ^ byte) & 0xff] ^ (c >>> 8)
  return ~c >>> 0
}

/** CRC-32 of `data`, continuing from `value`; an unsigned 32-bit number. Never throws. */
export const crc32: (data: Uint8Array, value?: number) => number =
  (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32 ?? tableCrc32
