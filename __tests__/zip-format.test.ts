// The zip record encoders, checked field by field against the offsets of APPNOTE.TXT 4.3, and
// the Zip64 rules at their boundaries (values too large to write a real file for).
import { describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import * as zlib from 'node:zlib'
import { crc32, tableCrc32 } from '../src/archive/zip/crc32.js'
import {
  centralHeader,
  dataDescriptor,
  endRecords,
  externalAttributes,
  localHeader,
  needsZip64End,
  type CentralEntry,
  type EntryHeader
} from '../src/archive/zip/format.js'

const GiB = 2 ** 30

function header(over: Partial<EntryHeader> = {}): EntryHeader {
  return {
    name: 'python/mod.py',
    method: 8,
    descriptor: false,
    zip64Sizes: false,
    crc: 0x12345678,
    compressedSize: 100,
    size: 300,
    ...over
  }
}

function central(over: Partial<CentralEntry> = {}): CentralEntry {
  return { ...header(), kind: 'file', mode: 0o644, offset: 1000, ...over }
}

/** The Zip64 extra field's 8-byte values, from an extra-field area. */
function zip64Values(extra: Buffer): bigint[] {
  expect(extra.readUInt16LE(0)).toBe(0x0001)
  const size = extra.readUInt16LE(2)
  return Array.from({ length: size / 8 }, (_, i) => extra.readBigUInt64LE(4 + 8 * i))
}

describe('localHeader', () => {
  it('holds CRC and sizes when they are known, the fixed date and the UTF-8 flag', () => {
    const h = localHeader(header())
    expect(h.readUInt32LE(0)).toBe(0x04034b50)
    expect(h.readUInt16LE(4)).toBe(20) // version needed
    expect(h.readUInt16LE(6)).toBe(0x0800) // UTF-8 names, no descriptor
    expect(h.readUInt16LE(8)).toBe(8)
    expect([h.readUInt16LE(10), h.readUInt16LE(12)]).toEqual([0, 0x21]) // 1980-01-01 00:00
    expect([h.readUInt32LE(14), h.readUInt32LE(18), h.readUInt32LE(22)]).toEqual([0x12345678, 100, 300])
    expect([h.readUInt16LE(26), h.readUInt16LE(28)]).toEqual([13, 0])
    expect(h.subarray(30).toString()).toBe('python/mod.py')
  })

  it('leaves CRC and sizes to the data descriptor when streaming', () => {
    const h = localHeader(header({ descriptor: true }))
    expect(h.readUInt16LE(6)).toBe(0x0808)
    expect([h.readUInt32LE(14), h.readUInt32LE(18), h.readUInt32LE(22)]).toEqual([0, 0, 0])
  })

  it('marks 64-bit sizes with 0xFFFFFFFF and a Zip64 extra field of zeros when streaming', () => {
    const h = localHeader(header({ descriptor: true, zip64Sizes: true }))
    expect(h.readUInt16LE(4)).toBe(45)
    expect([h.readUInt32LE(18), h.readUInt32LE(22)]).toEqual([0xffffffff, 0xffffffff])
    expect(h.readUInt16LE(28)).toBe(20)
    expect(zip64Values(h.subarray(30 + 13))).toEqual([0n, 0n])
  })
})

describe('dataDescriptor', () => {
  it('has a signature, the CRC and 32-bit sizes', () => {
    const d = dataDescriptor(header())
    expect(d.length).toBe(16)
    expect([d.readUInt32LE(0), d.readUInt32LE(4), d.readUInt32LE(8), d.readUInt32LE(12)]).toEqual([0x08074b50, 0x12345678, 100, 300])
  })

  it('has 64-bit sizes when the local header announced them', () => {
    const d = dataDescriptor(header({ zip64Sizes: true, compressedSize: 5 * GiB, size: 6 * GiB }))
    expect(d.length).toBe(24)
    expect([d.readBigUInt64LE(8), d.readBigUInt64LE(16)]).toEqual([BigInt(5 * GiB), BigInt(6 * GiB)])
  })
})

describe('centralHeader', () => {
  it('records Unix made-by, mode and type bits, and the local header offset', () => {
    const c = centralHeader(central({ mode: 0o755 }))
    expect(c.readUInt32LE(0)).toBe(0x02014b50)
    expect(c.readUInt16LE(4) >> 8).toBe(3) // made by Unix
    expect(c.readUInt16LE(6)).toBe(20)
    expect([c.readUInt32LE(16), c.readUInt32LE(20), c.readUInt32LE(24)]).toEqual([0x12345678, 100, 300])
    expect(c.readUInt16LE(30)).toBe(0) // no extra field
    expect(c.readUInt32LE(38) >>> 16).toBe(0o100755)
    expect(c.readUInt32LE(42)).toBe(1000)
    expect(c.subarray(46).toString()).toBe('python/mod.py')
  })

  it('puts only the fields that do not fit into the Zip64 extra field, in the order of the format', () => {
    const offsetOnly = centralHeader(central({ offset: 5 * GiB }))
    expect(offsetOnly.readUInt32LE(42)).toBe(0xffffffff)
    expect(offsetOnly.readUInt32LE(24)).toBe(300)
    expect(offsetOnly.readUInt16LE(6)).toBe(45)
    expect(zip64Values(offsetOnly.subarray(46 + 13))).toEqual([BigInt(5 * GiB)])

    const all = centralHeader(central({ size: 6 * GiB, compressedSize: 5 * GiB, offset: 7 * GiB }))
    expect([all.readUInt32LE(20), all.readUInt32LE(24), all.readUInt32LE(42)]).toEqual([0xffffffff, 0xffffffff, 0xffffffff])
    expect(zip64Values(all.subarray(46 + 13))).toEqual([6, 5, 7].map((n) => BigInt(n * GiB)))
  })

  it('treats 0xFFFFFFFF itself as too large: readers take it as "see Zip64"', () => {
    expect(centralHeader(central({ offset: 0xffffffff })).readUInt16LE(30)).toBe(12)
    expect(centralHeader(central({ offset: 0xfffffffe })).readUInt16LE(30)).toBe(0)
  })
})

describe('externalAttributes', () => {
  it.each([
    ['file', 0o644, (0o100644 << 16) >>> 0],
    ['directory', 0o755, ((0o40755 << 16) | 0x10) >>> 0],
    ['symlink', 0o777, (0o120777 << 16) >>> 0]
  ] as const)('%s %o', (kind, mode, expected) => {
    expect(externalAttributes(kind, mode)).toBe(expected)
  })
})

describe('endRecords', () => {
  const comment = Buffer.from('publish-lambda-layer content-digest=sha256:' + 'ab'.repeat(32))

  it('is a plain end record ending with the comment when nothing overflows', () => {
    const end = endRecords({ entries: 3, size: 200, offset: 5000, comment })
    expect(end.length).toBe(22 + comment.length)
    expect(end.readUInt32LE(0)).toBe(0x06054b50)
    expect([end.readUInt16LE(8), end.readUInt16LE(10), end.readUInt32LE(12), end.readUInt32LE(16)]).toEqual([3, 3, 200, 5000])
    expect(end.readUInt16LE(20)).toBe(comment.length)
    expect(end.subarray(22).equals(comment)).toBe(true)
  })

  it.each([
    [65534, 100, false],
    [65535, 100, true],
    [3, 0xffffffff, true]
  ])('needs Zip64 for %d entries at offset %d: %s', (entries, offset, zip64) => {
    expect(needsZip64End({ entries, size: 10, offset, comment })).toBe(zip64)
  })

  it('puts the Zip64 record and its locator first when the entries do not fit in 16 bits', () => {
    const d = { entries: 70000, size: 4_000_000, offset: 9 * GiB, comment }
    const end = endRecords(d)
    const record = end.subarray(0, 56)
    expect(record.readUInt32LE(0)).toBe(0x06064b50)
    expect(record.readBigUInt64LE(4)).toBe(44n)
    expect([record.readBigUInt64LE(24), record.readBigUInt64LE(32)]).toEqual([70000n, 70000n])
    expect([record.readBigUInt64LE(40), record.readBigUInt64LE(48)]).toEqual([4_000_000n, BigInt(9 * GiB)])
    const locator = end.subarray(56, 76)
    expect(locator.readUInt32LE(0)).toBe(0x07064b50)
    expect(locator.readBigUInt64LE(8)).toBe(BigInt(9 * GiB + 4_000_000)) // where the record starts
    expect(locator.readUInt32LE(16)).toBe(1)
    const eocd = end.subarray(76)
    expect([eocd.readUInt16LE(8), eocd.readUInt16LE(10)]).toEqual([0xffff, 0xffff])
    expect([eocd.readUInt32LE(12), eocd.readUInt32LE(16)]).toEqual([4_000_000, 0xffffffff])
  })
})

describe('crc32', () => {
  it('the table fallback agrees with zlib, in one go and continued', () => {
    const data = randomBytes(100_000)
    const native = (zlib as { crc32?: (d: Uint8Array, v?: number) => number }).crc32
    const expected = native ? native(data) : crc32(data)
    expect(tableCrc32(data)).toBe(expected)
    expect(tableCrc32(data.subarray(40_000), tableCrc32(data.subarray(0, 40_000)))).toBe(expected)
    expect(tableCrc32(Buffer.from('123456789'))).toBe(0xcbf43926) // the standard check value
  })
})
