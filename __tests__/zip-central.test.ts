// The central-directory reader and the entry comparison: zips of this action's writer, of
// Python's zipfile and of the test helper, with comments (a signature), Zip64, and the
// structures it refuses (data before the zip, a damaged directory, a cut zip).
import { afterAll, describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { signZip } from '../emulator/signer-zip.js'
import { bufferSource, readCentralDirectory, TAIL_BYTES, ZipFormatError, type ZipSource } from '../src/archive/inspect/central.js'
import { compareEntries, describeChanges, sameEntries } from '../src/archive/inspect/compare.js'
import { listEntries, type EntrySummary } from '../src/archive/inspect/listing.js'
import { listZipFile } from '../src/archive/inspect/local-zip.js'
import { writeArchive } from '../src/archive/write.js'
import { planArchive } from '../src/plan/plan.js'
import { craftZip } from './helpers/craft-zip.js'
import { makeTree, python, removeTempDirs, tempDir } from './helpers/layer-tree.js'

afterAll(removeTempDirs)

async function builtZip(): Promise<Buffer> {
  const root = await makeTree({
    'python/mod.py': 'print(1)\n'.repeat(40),
    'python/link.py': { link: 'mod.py' },
    'bin/tool': { content: '#!/bin/sh\n', mode: 0o755 }
  })
  const plan = await planArchive({ workingDirectory: root, paths: ['.'], prefix: '', exclude: [], compatibleRuntimes: [] })
  const built = await writeArchive(plan, path.join(await tempDir('central'), 'layer.zip'))
  return readFile(built.path)
}

/** A source that counts its reads. */
function counting(bytes: Buffer): ZipSource & { reads: string[] } {
  const inner = bufferSource(bytes)
  const reads: string[] = []
  return {
    reads,
    tail: (n) => (reads.push(`tail ${n}`), inner.tail(n)),
    read: (o, n) => (reads.push(`read ${o}+${n}`), inner.read(o, n))
  }
}

const FILE = 0o100644

describe('readCentralDirectory', () => {
  it("lists this action's zip: names, kinds, modes, sizes and CRC-32s, in one read of the tail", async () => {
    const bytes = await builtZip()
    const source = counting(bytes)
    const listing = await listEntries(source)
    expect(listing).toEqual([
      { name: 'bin/', kind: 'directory', mode: 0o755, size: 0, crc32: 0 },
      { name: 'bin/tool', kind: 'file', mode: 0o755, size: 10, crc32: expect.any(Number) },
      { name: 'python/', kind: 'directory', mode: 0o755, size: 0, crc32: 0 },
      { name: 'python/link.py', kind: 'symlink', mode: 0o777, size: 6, crc32: expect.any(Number) },
      { name: 'python/mod.py', kind: 'file', mode: 0o644, size: 360, crc32: expect.any(Number) }
    ])
    expect(source.reads).toEqual([`tail ${TAIL_BYTES}`])
  })

  it('reads the directory in a second read when the tail does not hold it', async () => {
    const entries = Array.from({ length: 900 }, (_, i) => ({ name: `python/pkg/module_with_a_long_name_${i}.py`, data: `x = ${i}\n` }))
    const bytes = craftZip(entries)
    const source = counting(bytes)
    expect(await listEntries(source)).toHaveLength(900)
    expect(source.reads).toEqual([`tail ${TAIL_BYTES}`, expect.stringMatching(/^read \d+\+\d+$/)])
  })

  it('lists the same entries for a zip of another writer, whatever its compression and comment', async () => {
    const built = await listEntries(bufferSource(await builtZip()))
    const out = path.join(await tempDir('central'), 'py.zip')
    python(
      `import zipfile, sys
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    for name, mode, data in [('bin/', 0o40755, ''), ('bin/tool', 0o100755, '#!/bin/sh\\n'), ('python/', 0o40755, ''), ('python/link.py', 0o120777, 'mod.py'), ('python/mod.py', 0o100644, 'print(1)\\n' * 40)]:
        info = zipfile.ZipInfo(name, date_time=(2024, 2, 3, 4, 5, 6))
        info.create_system = 3
        info.external_attr = mode << 16
        z.writestr(info, data)
    z.comment = b'made by hand'`,
      [out]
    )
    const other = await listEntries(bufferSource(await readFile(out)))
    expect(sameEntries(compareEntries(built, other))).toBe(true)
  })

  it('lists a signed zip (the signature in the archive comment) as the unsigned one', async () => {
    const bytes = await builtZip()
    const result = signZip(bytes, { jobArn: 'arn:job', profileVersionArn: 'arn:profile', platformId: 'AWSLambda-SHA384-ECDSA' })
    if (!('signed' in result)) throw new Error(result.failure)
    const signed = await readCentralDirectory(bufferSource(result.signed))
    expect(signed.comment.toString('latin1')).toMatch(/^EMULATED-AWS-SIGNER-SIGNATURE:/)
    expect(signed.records.length).toBe(5)
    expect(await listEntries(bufferSource(result.signed))).toEqual(await listEntries(bufferSource(bytes)))
  })

  it('reads Zip64 sizes and the Zip64 end records', async () => {
    // The writer's 70,001-entry zip (zip-writer.test.ts) covers Zip64 end records; here a Zip64
    // extra field widens one entry's size.
    const extra = Buffer.alloc(20)
    extra.writeUInt16LE(0x0001, 0)
    extra.writeUInt16LE(16, 2)
    extra.writeBigUInt64LE(5n, 4)
    extra.writeBigUInt64LE(5n, 12)
    const bytes = craftZip([{ name: 'a.txt', data: 'hello', method: 0, extra }])
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
    bytes.writeUInt32LE(0xffffffff, central + 20)
    bytes.writeUInt32LE(0xffffffff, central + 24)
    const [record] = (await readCentralDirectory(bufferSource(bytes))).records
    expect({ size: record.size, compressedSize: record.compressedSize }).toEqual({ size: 5, compressedSize: 5 })
  })

  it('accepts data after the archive comment, as Python and Info-ZIP do', async () => {
    const bytes = Buffer.concat([craftZip([{ name: 'a.txt', data: 'x' }], 'note'), Buffer.from('trailing')])
    expect((await listEntries(bufferSource(bytes))).map((e) => e.name)).toEqual(['a.txt'])
  })

  it.each<[string, (zip: Buffer) => Buffer, string]>([
    ['text', () => Buffer.from('not a zip at all, just some words'), 'no end of central directory record'],
    ['too few bytes', () => Buffer.from('PK'), 'too short for a zip'],
    ['data before the zip', (zip) => Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), zip]), 'not where the end record says'],
    ['a cut zip', (zip) => zip.subarray(0, zip.length - 10), 'no end of central directory record'],
    [
      'a damaged header',
      (zip) => {
        const copy = Buffer.from(zip)
        copy.writeUInt32LE(0x12345678, copy.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])))
        return copy
      },
      'damaged'
    ],
    [
      'an end record counting more entries',
      (zip) => {
        const copy = Buffer.from(zip)
        const end = copy.length - 22
        copy.writeUInt16LE(3, end + 8)
        copy.writeUInt16LE(3, end + 10)
        return copy
      },
      'counts 3 entries, the central directory holds 2'
    ]
  ])('refuses %s', async (_name, damage, message) => {
    const zip = craftZip([
      { name: 'a.txt', data: 'x' },
      { name: 'b.txt', data: 'y' }
    ])
    const attempt = readCentralDirectory(bufferSource(damage(zip)))
    await expect(attempt).rejects.toThrow(ZipFormatError)
    await expect(attempt).rejects.toThrow(message)
  })

  it('lists a zip file on disk through its descriptor', async () => {
    const file = path.join(await tempDir('central'), 'disk.zip')
    await import('node:fs/promises').then((fs) => fs.writeFile(file, craftZip([{ name: 'a.txt', data: 'x', mode: FILE }])))
    expect(await listZipFile(file)).toEqual([{ name: 'a.txt', kind: 'file', mode: 0o644, size: 1, crc32: 0x8cdc1683 }])
  })
})

describe('compareEntries', () => {
  const entry = (name: string, over: Partial<EntrySummary> = {}): EntrySummary => ({
    name,
    kind: 'file',
    mode: 0o644,
    size: 10,
    crc32: 1,
    ...over
  })

  it('finds added, removed and changed entries by name, in name order, with the size delta', () => {
    const folder = entry('python/', { kind: 'directory', mode: 0o755, size: 0, crc32: 0 })
    const before = [folder, entry('python/b.py'), entry('python/a.py'), entry('python/gone.py', { size: 4 }), entry('bin/x')]
    const after = [
      folder,
      entry('python/a.py', { crc32: 2 }),
      entry('python/b.py', { mode: 0o755, size: 12 }),
      entry('python/new.py'),
      entry('bin/x')
    ]
    const changes = compareEntries(before, after)
    expect(changes.added.map((e) => e.name)).toEqual(['python/new.py'])
    expect(changes.removed.map((e) => e.name)).toEqual(['python/gone.py'])
    expect(changes.changed.map((c) => [c.name, c.fields])).toEqual([
      ['python/a.py', ['crc32']],
      ['python/b.py', ['mode', 'size']]
    ])
    expect(changes.unchanged).toBe(2)
    expect(changes.sizeDelta).toBe(+2 + 10 - 4) // b.py grew, new.py came, gone.py went
    expect(sameEntries(changes)).toBe(false)
    expect(describeChanges(changes)).toBe('1 added, 1 removed, 2 changed (first: python/a.py)')
  })

  it('calls equal listings the same, whatever their order', () => {
    const a = [entry('x'), entry('y', { kind: 'symlink', mode: 0o777 })]
    const changes = compareEntries(a, [...a].reverse())
    expect(sameEntries(changes)).toBe(true)
    expect(describeChanges(changes)).toBe('no entry differs')
  })

  it('tells a kind change from a content change', () => {
    const changes = compareEntries([entry('lib/x', { kind: 'symlink', mode: 0o777 })], [entry('lib/x')])
    expect(changes.changed[0].fields).toEqual(['kind', 'mode'])
  })
})
