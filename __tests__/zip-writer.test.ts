// The zip writer end to end: identical bytes whatever the concurrency, the block-streaming path
// for large files, stored and deflated entries, Zip64 past 65,535 entries, and failures, all
// checked with Info-ZIP's unzip and zipinfo, and our own reader through inspectZip (yauzl, Python's
// zipfile and bsdtar read them in zip-readers.test.ts).
import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { open, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { deflateRawSync } from 'node:zlib'
import { inspectZip } from '../src/archive/inspect/inspect.js'
import { defaultConcurrency, INLINE_BYTES, writeArchive, type BuiltArchive } from '../src/archive/write.js'
import { ActionError } from '../src/errors.js'
import { planArchive, type ArchiveEntry, type ArchivePlan } from '../src/plan/plan.js'
import { ZipOutput } from '../src/archive/zip/output.js'
import { InlineDeflater, type Deflater } from '../src/archive/zip/pool.js'
import { BLOCK_BYTES } from '../src/archive/zip/schedule.js'
import { writeZip } from '../src/archive/zip/writer.js'
import { makeTree, removeTempDirs, tempDir, type TreeSpec } from './helpers/layer-tree.js'
import { TEST_WORKER_URL as workerUrl } from './helpers/worker.js'
import { entryList } from './helpers/entries.js'

afterAll(removeTempDirs)

/** Compressible, deterministic text of `bytes` length. */
function text(bytes: number): string {
  let out = ''
  for (let i = 0; out.length < bytes; i++) out += `line ${i} value ${(i * 7919) % 1009} ${'abcdefgh'.slice(i % 8)}\n`
  return out.slice(0, bytes)
}

const BIG = text(Math.round(3.5 * BLOCK_BYTES))
/** Random bytes do not compress: the writer must store them. */
const NOISE = randomBytes(20_000)

const SPEC: TreeSpec = {
  'python/big.txt': BIG,
  'python/empty.txt': '',
  'python/pkg/mod.py': text(5000),
  'python/alias.py': { link: 'pkg/mod.py' },
  'bin/tool': { content: '#!/bin/sh\necho hi\n', mode: 0o755 },
  'python/empty-dir': { dir: true }
}
for (let i = 0; i < 200; i++) SPEC[`python/many/m${i}.py`] = text(100 + i * 37)

/** SPEC on disk, plus the incompressible file (TreeSpec holds text only). */
async function layerTree(): Promise<string> {
  const root = await makeTree(SPEC)
  await writeFile(path.join(root, 'python/noise.bin'), NOISE)
  return root
}

async function planOf(root: string): Promise<ArchivePlan> {
  return planArchive({ workingDirectory: root, paths: ['.'], prefix: '', exclude: [], compatibleRuntimes: [] })
}

async function build(plan: ArchivePlan, concurrency?: number): Promise<{ built: BuiltArchive; bytes: Buffer }> {
  const out = path.join(await tempDir('zip'), 'layer.zip')
  const built = await writeArchive(plan, out, concurrency === undefined ? { workerUrl } : { concurrency, workerUrl })
  return { built, bytes: await readFile(out) }
}

function sh(cmd: string, args: string[]): string {
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  expect(result.stderr).toBe('')
  expect(result.status).toBe(0)
  return result.stdout
}

/** zipinfo rows: name -> [permissions, method]. */
function zipinfo(zipPath: string): Record<string, [string, string]> {
  const rows: Record<string, [string, string]> = {}
  for (const line of sh('zipinfo', [zipPath]).split('\n')) {
    const cols = line.trim().split(/\s+/)
    if (/^[-dl][rwx-]{9}$/.test(cols[0] ?? '')) rows[cols.slice(8).join(' ')] = [cols[0], cols[5]]
  }
  return rows
}

const sha = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex')

describe('writeArchive concurrency', () => {
  it('gives the same bytes with the work inline or on 1, 2 or 8 workers', async () => {
    const plan = await planOf(await layerTree())
    const zips = [await build(plan, 0), await build(plan, 1), await build(plan, 2), await build(plan, 8)]
    for (const z of zips.slice(1)) {
      expect(z.bytes.equals(zips[0].bytes)).toBe(true)
      expect({ ...z.built, path: '' }).toEqual({ ...zips[0].built, path: '' })
    }
    expect(sh('unzip', ['-tq', zips[0].built.path])).toContain('No errors detected')
  })

  it('starts no workers for a small layer and one per CPU (up to 8) for a larger one', () => {
    expect(defaultConcurrency(INLINE_BYTES - 1)).toBe(0)
    expect(defaultConcurrency(INLINE_BYTES)).toBeGreaterThanOrEqual(1)
    expect(defaultConcurrency(INLINE_BYTES)).toBeLessThanOrEqual(8)
  })
})

describe('entries', () => {
  it('stores what deflate cannot shrink, deflates the rest, with the planned modes and links', async () => {
    const { built } = await build(await planOf(await layerTree()), 2)
    const rows = zipinfo(built.path)
    expect(rows['python/noise.bin']).toEqual(['-rw-r--r--', 'stor'])
    expect(rows['python/empty.txt']).toEqual(['-rw-r--r--', 'stor'])
    expect(rows['python/pkg/mod.py']).toEqual(['-rw-r--r--', 'defN'])
    expect(rows['python/big.txt']).toEqual(['-rw-r--r--', 'defN'])
    expect(rows['bin/tool']).toEqual(['-rwxr-xr-x', 'stor'])
    expect(rows['python/alias.py']).toEqual(['lrwxrwxrwx', 'stor'])
    expect(rows['python/empty-dir/']).toEqual(['drwxr-xr-x', 'stor'])
  })

  it('streams a file above the block size as one deflate stream, sized by a data descriptor', async () => {
    const root = await layerTree()
    const { built } = await build(await planOf(root), 2)
    const verbose = sh('zipinfo', ['-v', built.path])
    const big = verbose.slice(verbose.indexOf('python/big.txt\n'))
    expect(big).toMatch(/extended local header:\s+yes/)
    expect(big).toMatch(/uncompressed size:\s+3670016 bytes/)
    expect(sha(sh('unzip', ['-p', built.path, 'python/big.txt']))).toBe(sha(BIG))
    // Cut into blocks, it compresses within 0.5% of one deflate call over the whole file.
    const compressed = Number(/compressed size:\s+(\d+) bytes/.exec(big)?.[1])
    expect(compressed / deflateRawSync(BIG, { level: 6 }).length).toBeLessThan(1.005)
  })

  it('writes the Zip64 end records past 65,535 entries, read by unzip, zipinfo and inspectZip', async () => {
    const root = await makeTree({ 'f.py': 'x = 1\n' })
    const { ino, dev } = await stat(path.join(root, 'f.py'))
    const entries: ArchiveEntry[] = [{ name: 'python/', source: root, kind: 'directory', mode: 0o755, size: 0, ino: 0, dev: 0 }]
    for (let i = 0; i < 70_000; i++) {
      entries.push({
        name: `python/m${String(i).padStart(5, '0')}.py`,
        source: path.join(root, 'f.py'),
        kind: 'file',
        mode: 0o644,
        size: 6,
        ino,
        dev
      })
    }
    const { built, bytes } = await build({ entries: entryList(entries), unzippedSize: 420_000, warnings: [] }, 2)
    expect(sh('unzip', ['-tq', built.path])).toContain('No errors detected')
    expect(sh('zipinfo', ['-h', built.path])).toContain('number of entries: 70001')
    const endAt = bytes.length - 22 - Buffer.byteLength(`publish-lambda-layer content-digest=sha256:${built.contentDigest}`)
    expect(bytes.readUInt32LE(endAt)).toBe(0x06054b50)
    expect(bytes.readUInt32LE(endAt - 20)).toBe(0x07064b50) // Zip64 locator
    expect(bytes.readUInt16LE(endAt + 10)).toBe(0xffff)
    const inspected = (await inspectZip(built.path, { runtimes: [] })).archive
    expect(inspected.entryCount).toBe(70_001)
    expect(inspected.contentDigest).toBe(built.contentDigest)
  })
})

describe('failures', () => {
  it('names a large file that shrank after planning, leaving no partial zip', async () => {
    const root = await layerTree()
    const plan = await planOf(root)
    await truncate(path.join(root, 'python/big.txt'), 2 * BLOCK_BYTES + 10)
    const out = path.join(await tempDir('zip'), 'layer.zip')
    const attempt = writeArchive(plan, out, { concurrency: 2, workerUrl })
    await expect(attempt).rejects.toThrow(ActionError)
    await expect(attempt).rejects.toThrow(`'${path.join(root, 'python/big.txt')}' changed while the zip was written`)
    await expect(stat(out)).rejects.toThrow('ENOENT')
  })

  it('names a file a worker could not read', async () => {
    const root = await layerTree()
    const plan = await planOf(root)
    await rm(path.join(root, 'python/many/m7.py'))
    const out = path.join(await tempDir('zip'), 'layer.zip')
    await expect(writeArchive(plan, out, { concurrency: 2, workerUrl })).rejects.toThrow(
      `Cannot read '${path.join(root, 'python/many/m7.py')}': it does not exist`
    )
    await expect(stat(out)).rejects.toThrow('ENOENT')
  })

  it('refuses blocks that differ from what the hash pass read (a file changed in between)', async () => {
    const root = await makeTree({ 'big.txt': BIG })
    const plan = await planOf(root)
    const inline = new InlineDeflater()
    const tampering: Deflater = {
      run: async (job) => {
        const r = await inline.run(job)
        return r.kind === 'block' && job.kind === 'block' && job.offset > 0 ? { ...r, dictionaryCrc: r.dictionaryCrc ^ 1 } : r
      },
      abort: (reason) => inline.abort(reason),
      close: () => inline.close()
    }
    const file = await open(path.join(await tempDir('zip'), 'layer.zip'), 'w')
    try {
      await expect(writeZip(plan.entries, new ZipOutput(file), { deflater: tampering, readAheadBytes: BLOCK_BYTES })).rejects.toThrow(
        'changed while the zip was written'
      )
    } finally {
      await file.close()
    }
  })

  it('reports a failed worker as such, not as a file it could not read', async () => {
    const plan = await planOf(await makeTree({ 'a.py': 'x = 1\n' }))
    const broken: Deflater = {
      run: () => Promise.reject(new Error('deflate worker stopped (exit code 1)')),
      abort: () => {},
      close: async () => {}
    }
    const file = await open(path.join(await tempDir('zip'), 'layer.zip'), 'w')
    try {
      const attempt = writeZip(plan.entries, new ZipOutput(file), { deflater: broken, readAheadBytes: BLOCK_BYTES })
      await expect(attempt).rejects.toThrow('deflate worker stopped')
      await expect(attempt).rejects.not.toThrow('Cannot read')
    } finally {
      await file.close()
    }
  })

  it('keeps descriptors bounded with workers: each holds one file open at a time', async () => {
    const spec: TreeSpec = {}
    for (let i = 0; i < 2000; i++) spec[`nodejs/node_modules/m${i % 40}/f${i}.js`] = `module.exports = ${i}\n`.repeat(80)
    const plan = await planOf(await makeTree(spec))
    const fds = async (): Promise<number> => (await readdir('/proc/self/fd')).length
    const baseline = await fds()
    let peak = baseline
    const timer = setInterval(() => void fds().then((n) => (peak = Math.max(peak, n))), 1)
    try {
      await writeArchive(plan, path.join(await tempDir('zip'), 'many.zip'), { concurrency: 2, workerUrl })
    } finally {
      clearInterval(timer)
    }
    expect(peak).toBeGreaterThan(baseline)
    // Per worker: its event loop's own descriptors (4) and one file; then the zip and slack.
    expect(peak - baseline).toBeLessThanOrEqual(2 * 5 + 1 + 4)
  })
})

describe('inputs it was not meant for', () => {
  it('writes an empty plan as an empty zip with the digest comment', async () => {
    const { built, bytes } = await build({ entries: entryList([]), unzippedSize: 0, warnings: [] })
    expect(built.entryCount).toBe(0)
    expect(bytes.readUInt32LE(0)).toBe(0x06054b50)
  })
})
