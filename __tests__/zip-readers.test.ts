// The writer's zips read by independent readers: yauzl, Python's zipfile and libarchive's bsdtar
// (Info-ZIP's unzip and zipinfo in zip-writer.test.ts). Each must see what our own
// central-directory reader sees (names, kinds, modes, sizes, CRC-32s), extract the same bytes and
// links, and find nothing wrong, for a small zip, one with a streamed large file, and Zip64.
import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { lstat, readFile, readlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import yauzl from 'yauzl'
import type { EntrySummary } from '../src/archive/inspect/listing.js'
import { listZipFile } from '../src/archive/inspect/local-zip.js'
import { writeArchive } from '../src/archive/write.js'
import { BLOCK_BYTES } from '../src/archive/zip/schedule.js'
import { planArchive, type ArchiveEntry } from '../src/plan/plan.js'
import { makeTree, removeTempDirs, tempDir } from './helpers/layer-tree.js'
import { TEST_WORKER_URL as workerUrl } from './helpers/worker.js'
import { entryList } from './helpers/entries.js'

afterAll(removeTempDirs)

function sh(cmd: string, args: string[]): string {
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0) throw new Error(`${cmd} failed: ${result.stderr}`)
  return result.stdout
}

/** A layer with every kind of entry the writer makes: deflated, stored, streamed, links, folders. */
async function layer(): Promise<{ root: string; zip: string }> {
  const root = await makeTree({
    'python/pkg/mod.py': 'print("hello")\n'.repeat(300),
    'python/pkg/empty.py': '',
    'python/caf\u00e9.py': 'CAFE = 1\n',
    'python/alias.py': { link: 'pkg/mod.py' },
    'python/big.txt': 'line of a large file\n'.repeat(Math.ceil((2.5 * BLOCK_BYTES) / 21)),
    'bin/tool': { content: '#!/bin/sh\necho hi\n', mode: 0o700 },
    'share/empty': { dir: true }
  })
  await writeFile(path.join(root, 'python/noise.bin'), randomBytes(5000))
  const plan = await planArchive({ workingDirectory: root, paths: ['.'], prefix: '', exclude: [], compatibleRuntimes: [] })
  const zip = path.join(await tempDir('readers'), 'layer.zip')
  await writeArchive(plan, zip, { concurrency: 2, workerUrl })
  return { root, zip }
}

const key = (e: EntrySummary): string => `${e.name} ${e.kind} ${e.mode.toString(8)} ${e.size} ${e.crc32}`

/** yauzl's view: the same fields from its own parser, and each file's bytes through its inflater. */
async function yauzlListing(zip: string): Promise<{ entries: string[]; data: Map<string, Buffer> }> {
  const file = await yauzl.openPromise(zip, { lazyEntries: true })
  const entries: string[] = []
  const data = new Map<string, Buffer>()
  try {
    for await (const entry of file.eachEntry()) {
      const mode = (entry.externalFileAttributes >>> 16) & 0o7777
      const type = (entry.externalFileAttributes >>> 16) & 0o170000
      const kind = type === 0o040000 ? 'directory' : type === 0o120000 ? 'symlink' : 'file'
      entries.push(`${entry.fileName} ${kind} ${mode.toString(8)} ${entry.uncompressedSize} ${entry.crc32}`)
      if (!entry.fileName.endsWith('/')) {
        const chunks: Buffer[] = []
        for await (const chunk of await file.openReadStreamPromise(entry)) chunks.push(chunk as Buffer)
        data.set(entry.fileName, Buffer.concat(chunks))
      }
    }
  } finally {
    file.close()
  }
  return { entries, data }
}

const PYTHON_LIST = `import json, stat, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    rows = []
    for i in z.infolist():
        m = i.external_attr >> 16
        kind = 'directory' if stat.S_ISDIR(m) else 'symlink' if stat.S_ISLNK(m) else 'file'
        rows.append(f"{i.filename} {kind} {oct(m & 0o7777)[2:]} {i.file_size} {i.CRC}")
    print(json.dumps({'bad': bad, 'rows': rows, 'utf8': all(i.flag_bits & 0x800 for i in z.infolist())}))`

describe('independent readers of the zips the action writes', () => {
  it('yauzl, Python and bsdtar see the entries our reader lists, and extract the same content', async () => {
    const { root, zip } = await layer()
    const ours = (await listZipFile(zip)).map(key)
    expect(ours.length).toBe(12)

    const viaYauzl = await yauzlListing(zip)
    expect(viaYauzl.entries).toEqual(ours)
    expect(viaYauzl.data.get('python/big.txt')?.equals(await readFile(path.join(root, 'python/big.txt')))).toBe(true)
    expect(viaYauzl.data.get('python/noise.bin')?.equals(await readFile(path.join(root, 'python/noise.bin')))).toBe(true)
    expect(viaYauzl.data.get('python/alias.py')?.toString()).toBe('pkg/mod.py')

    const viaPython = JSON.parse(sh('python3', ['-c', PYTHON_LIST, zip])) as { bad: string | null; rows: string[]; utf8: boolean }
    expect(viaPython).toEqual({ bad: null, rows: ours, utf8: true })

    const out = await tempDir('bsdtar')
    sh('bsdtar', ['-xpf', zip, '-C', out])
    for (const rel of ['python/pkg/mod.py', 'python/caf\u00e9.py', 'python/big.txt', 'python/noise.bin', 'bin/tool']) {
      expect((await readFile(path.join(out, rel))).equals(await readFile(path.join(root, rel)))).toBe(true)
    }
    expect(await readlink(path.join(out, 'python/alias.py'))).toBe('pkg/mod.py')
    expect((await lstat(path.join(out, 'bin/tool'))).mode & 0o777).toBe(0o755)
    expect((await lstat(path.join(out, 'python/pkg/mod.py'))).mode & 0o777).toBe(0o644)
    expect((await lstat(path.join(out, 'share/empty'))).isDirectory()).toBe(true)
    expect(sh('bsdtar', ['-tf', zip]).trim().split('\n')).toEqual(ours.map((row) => row.split(' ')[0]))
  })

  it('all read the Zip64 end records of 70,001 entries', async () => {
    const root = await makeTree({ 'f.py': 'x = 1\n' })
    const { ino, dev } = await lstat(path.join(root, 'f.py'))
    const file = { source: path.join(root, 'f.py'), kind: 'file' as const, mode: 0o644, size: 6, ino, dev }
    const entries: ArchiveEntry[] = [{ name: 'python/', source: root, kind: 'directory', mode: 0o755, size: 0, ino: 0, dev: 0 }]
    for (let i = 0; i < 70_000; i++) entries.push({ ...file, name: `python/m${String(i).padStart(5, '0')}.py` })
    const zip = path.join(await tempDir('readers'), 'many.zip')
    await writeArchive({ entries: entryList(entries), unzippedSize: 420_000, warnings: [] }, zip, { concurrency: 2, workerUrl })
    expect(await listZipFile(zip)).toHaveLength(70_001)
    const viaYauzl = await yauzl.openPromise(zip, { lazyEntries: true })
    expect(viaYauzl.entryCount).toBe(70_001)
    viaYauzl.close()
    expect(sh('python3', ['-c', 'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).infolist()))', zip]).trim()).toBe('70001')
    expect(sh('bsdtar', ['-tf', zip]).trim().split('\n')).toHaveLength(70_001)
  })
})
