// The tiling check of a given zip (src/archive/inspect/tiling.ts): local records must follow one
// another from offset 0 to the central directory, data descriptors in every form APPNOTE.TXT
// allows, and a split-archive marker at the start; anything else is refused naming the offset.
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { inspectZip } from '../src/archive/inspect/inspect.js'
import { craftZip, type CraftEntry, type CraftLayout } from './helpers/craft-zip.js'
import { makeTree, removeTempDirs, tempDir } from './helpers/layer-tree.js'

afterAll(removeTempDirs)

const OK: CraftEntry[] = [
  { name: 'python/', mode: 0o040755 },
  { name: 'python/ok.py', data: 'OK = 1\n' }
]

/** Inspects the crafted zip, from memory and from the disk (the two ways a zip is read). */
async function inspectBoth(bytes: Buffer): Promise<{ memory: unknown; disk: unknown }> {
  const file = path.join(await tempDir('tiling'), 'given.zip')
  await writeFile(file, bytes)
  const outcome = (inMemoryBytes: number) =>
    inspectZip(file, { runtimes: [], inMemoryBytes }).then(
      (r) => r.archive.entryCount,
      (err: Error) => err.message
    )
  return { memory: await outcome(1 << 30), disk: await outcome(0) }
}

const craft = (entries: CraftEntry[], layout?: CraftLayout) => inspectBoth(craftZip(entries, '', layout))

describe('accepted layouts', () => {
  it.each<[string, CraftEntry[], CraftLayout | undefined]>([
    ['plain entries', OK, undefined],
    ['data descriptors with their signature', OK.map((e) => ({ ...e, flags: 0x0008 })), undefined],
    ['data descriptors without their signature', OK.map((e) => ({ ...e, flags: 0x0008, unsignedDescriptor: true })), undefined],
    ['Zip64 data descriptors with their signature', OK.map((e) => ({ ...e, flags: 0x0008, zip64Descriptor: true })), undefined],
    [
      'Zip64 data descriptors without their signature',
      OK.map((e) => ({ ...e, flags: 0x0008, zip64Descriptor: true, unsignedDescriptor: true })),
      undefined
    ]
  ])('%s', async (_label, entries, layout) => {
    expect(await craft(entries, layout)).toEqual({ memory: 2, disk: 2 })
  })

  it('a split-archive marker before the first entry (a split zip written as one segment)', async () => {
    const zip = craftZip(OK, '', { before: Buffer.from([0x50, 0x4b, 0x30, 0x30]) })
    expect(await inspectBoth(zip)).toEqual({ memory: 2, disk: 2 })
  })

  it.each([
    ['written to a file', false],
    ['streamed to a pipe (data descriptors)', true]
  ])('Info-ZIP zip, %s', async (_label, streamed) => {
    const root = await makeTree({ 'python/mod.py': 'X = 1\n', 'python/pkg/a.py': 'A = 2\n' })
    const out = path.join(root, 'given.zip')
    // Through a pipe, zip cannot seek back to fill in sizes: it writes data descriptors.
    const bytes = execFileSync('zip', ['-q', '-r', streamed ? '-' : out, 'python'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
    if (streamed) await writeFile(out, bytes)
    const result = await inspectZip(out, { runtimes: [] })
    expect(result.archive.entryCount).toBe(4)
  })
})

describe('refused layouts', () => {
  it.each<[string, CraftEntry[], CraftLayout | undefined, RegExp]>([
    [
      'an entry the central directory does not list, first',
      [{ name: 'python/hidden.py', data: 'EVIL = 1\n', hidden: true }, ...OK],
      undefined,
      /^Input 'zip-file': \d+ bytes at offset 0 \(before the first entry, before entry 'python\/'\) belong to no entry of the central directory/
    ],
    [
      'an entry the central directory does not list, between two',
      [OK[0], { name: '../../../tmp/pwned.txt', data: 'x', hidden: true }, OK[1]],
      undefined,
      /^Input 'zip-file': \d+ bytes at offset \d+ \(after entry 'python\/', before entry 'python\/ok.py'\) belong to no entry/
    ],
    [
      'an entry the central directory does not list, last',
      [...OK, { name: 'python/link', data: '/etc/passwd', mode: 0o120777, hidden: true }],
      undefined,
      /^Input 'zip-file': \d+ bytes at offset \d+ \(after entry 'python\/ok.py', before the central directory\) belong to no entry/
    ],
    [
      'a self-extractor stub, offsets adjusted as zip -A does',
      OK,
      { before: Buffer.alloc(64, 0x4d) },
      /^Input 'zip-file': 64 bytes at offset 0 \(before the first entry, before entry 'python\/'\) belong to no entry/
    ],
    [
      'a data descriptor flag with bytes after the data that are not a descriptor',
      [{ ...OK[1], flags: 0x0008, unsignedDescriptor: true }, { name: 'python/x.py', data: 'x', hidden: true }, OK[0]],
      undefined,
      /^Input 'zip-file': \d+ bytes at offset \d+ \(after entry 'python\/ok.py', before entry 'python\/'\)/
    ]
  ])('%s', async (_label, entries, layout, message) => {
    const { memory, disk } = await craft(entries, layout)
    expect(memory).toMatch(message)
    expect(disk).toEqual(memory)
  })

  it('an entry whose data, by the central directory, runs into the next entry', async () => {
    const zip = craftZip([OK[1], { name: 'python/two.py', data: 'TWO = 2\n' }])
    const first = zip.indexOf(Buffer.from('PK\x01\x02', 'latin1'))
    zip.writeUInt32LE(zip.readUInt32LE(first + 20) + 10, first + 20)
    const { memory, disk } = await inspectBoth(zip)
    expect(memory).toMatch(
      /^Input 'zip-file': entry 'python\/ok.py' and entry 'python\/two.py' overlap at offset \d+: extractors would disagree/
    )
    expect(disk).toEqual(memory)
  })

  it('two directory records that point at one local record', async () => {
    const zip = craftZip(OK)
    // The second record's local header offset, set to the first's (0).
    const second = zip.lastIndexOf(Buffer.from('PK\x01\x02', 'latin1'))
    zip.writeUInt32LE(0, second + 42)
    const { memory } = await inspectBoth(zip)
    expect(memory).toMatch(
      /^Input 'zip-file': entry 'python\/ok.py' has a local header that differs from the central directory in its name/
    )
  })
})
