// The emulator's zip helpers: readZipDirectory must size real archives (also ZIP64) the way
// Lambda does, and buildZip must write archives other tools read.
import { describe, expect, it } from '@jest/globals'
import { ZipArchive } from 'archiver'
import yauzl from 'yauzl'
import { buildZip, readZipDirectory } from '../emulator/zip.js'

async function archive(forceZip64: boolean): Promise<Buffer> {
  const zip = new ZipArchive({ forceZip64, zlib: { level: 9 } })
  const chunks: Buffer[] = []
  zip.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise((resolve, reject) => {
    zip.on('end', resolve)
    zip.on('error', reject)
  })
  zip.append(Buffer.alloc(100_000, 1), { name: 'python/big.bin' })
  zip.append('print(1)\n', { name: 'python/mod.py' })
  await zip.finalize()
  await done
  return Buffer.concat(chunks)
}

describe('readZipDirectory', () => {
  it('sums uncompressed sizes of archiver output, plain and ZIP64', async () => {
    for (const zip64 of [false, true]) {
      const dir = readZipDirectory(await archive(zip64))
      expect(dir?.entries.map((e) => [e.name, e.uncompressedSize])).toEqual([
        ['python/big.bin', 100_000],
        ['python/mod.py', 9]
      ])
      expect(dir?.uncompressedSize).toBe(100_009)
      expect(dir?.entries[0].compressedSize).toBeLessThan(100_000)
    }
  })

  it('returns undefined for bytes that are not a zip or are truncated', async () => {
    expect(readZipDirectory(Buffer.from('hello'))).toBeUndefined()
    expect(readZipDirectory(Buffer.alloc(0))).toBeUndefined()
    const zip = await archive(false)
    const cut = Buffer.concat([zip.subarray(0, 40), zip.subarray(zip.length - 22)])
    expect(readZipDirectory(cut)).toBeUndefined()
  })
})

describe('buildZip', () => {
  it('writes byte-reproducible archives that yauzl reads back with their modes', async () => {
    const inputs = [
      { name: 'bin/', data: '' },
      { name: 'bin/tool', data: '#!/bin/sh\necho hi\n', mode: 0o100755 },
      { name: 'nodejs/node_modules/x/index.js', data: 'module.exports = 42\n'.repeat(50), deflate: true }
    ]
    const zip = buildZip(inputs)
    expect(buildZip(inputs).equals(zip)).toBe(true)
    const zipfile = await yauzl.fromBufferPromise(zip, { lazyEntries: true })
    const seen: Array<[string, number, string]> = []
    for await (const entry of zipfile.eachEntry()) {
      let text = ''
      if (!entry.fileName.endsWith('/')) {
        const stream = await zipfile.openReadStreamPromise(entry)
        for await (const chunk of stream) text += chunk.toString()
      }
      seen.push([entry.fileName, (entry.externalFileAttributes >>> 16) & 0o777, text.slice(0, 10)])
    }
    expect(seen).toEqual([
      ['bin/', 0o755, ''],
      ['bin/tool', 0o755, '#!/bin/sh\n'],
      ['nodejs/node_modules/x/index.js', 0o644, 'module.exp']
    ])
    expect(readZipDirectory(zip)?.uncompressedSize).toBe(18 + 20 * 50)
  })
})
