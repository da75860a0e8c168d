// The comparison before compression: scanLayer lists exactly what the zip would (so an unchanged
// tree compares as the same against the zip this action built from it), runs no deflate at all,
// and the build afterwards refuses a file that changed since the comparison read it.
import { afterAll, describe, expect, it, jest } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import * as realZlib from 'node:zlib'
import { makeTree, removeTempDirs, tempDir, type TreeSpec } from './helpers/layer-tree.js'
import { TEST_WORKER_URL as workerUrl } from './helpers/worker.js'

/** Calls of zlib's deflate on this thread (the scan and the inline build run here). */
let deflateCalls = 0
jest.unstable_mockModule('node:zlib', () => ({
  ...realZlib,
  deflateRawSync: (...args: Parameters<typeof realZlib.deflateRawSync>) => {
    deflateCalls++
    return realZlib.deflateRawSync(...args)
  }
}))

const { scanLayer } = await import('../src/archive/scan.js')
const { writeArchive } = await import('../src/archive/write.js')
const { listZipFile } = await import('../src/archive/inspect/local-zip.js')
const { compareEntries, sameEntries } = await import('../src/archive/inspect/compare.js')
const { planArchive } = await import('../src/plan/plan.js')
const { ActionError } = await import('../src/errors.js')

afterAll(removeTempDirs)

/** Above the scan's 1 MiB read block and the writer's 1 MiB deflate block. */
const LARGE = 'line of a large file\n'.repeat(160_000)

const SPEC: TreeSpec = {
  'python/pkg/mod.py': 'print(1)\n'.repeat(200),
  'python/pkg/__init__.py': '',
  'python/alias.py': { link: 'pkg/mod.py' },
  'python/empty': { dir: true },
  'python/large.txt': LARGE,
  'bin/tool': { content: '#!/bin/sh\necho hi\n', mode: 0o755 }
}

const planOf = (root: string, prefix = '') =>
  planArchive({ workingDirectory: root, paths: ['.'], prefix, exclude: [], compatibleRuntimes: [] })

describe('scanLayer', () => {
  it.each([
    ['on this thread', 0],
    ['on worker threads', 2]
  ])('lists what the built zip lists, entry for entry (%s)', async (_how, concurrency) => {
    const plan = await planOf(await makeTree(SPEC), 'nodejs')
    const scanned = await scanLayer(plan, { concurrency, workerUrl })
    const out = path.join(await tempDir('zip'), 'layer.zip')
    await writeArchive(plan, out, { concurrency, workerUrl })
    const built = await listZipFile(out)
    expect(await scanned.entries()).toEqual(built)
    expect(sameEntries(compareEntries(built, await scanned.entries()))).toBe(true)
    expect(scanned).toMatchObject({ entryCount: built.length, unzippedSize: plan.unzippedSize })
  })

  it('deflates nothing; the build deflates every file', async () => {
    const plan = await planOf(await makeTree(SPEC))
    deflateCalls = 0
    await scanLayer(plan)
    expect(deflateCalls).toBe(0)
    await writeArchive(plan, path.join(await tempDir('zip'), 'layer.zip'), { concurrency: 0 })
    expect(deflateCalls).toBeGreaterThanOrEqual([...plan.entries].filter((e) => e.kind === 'file').length)
  })

  it('names a file that changed since it was planned', async () => {
    const root = await makeTree(SPEC)
    const plan = await planOf(root)
    await writeFile(path.join(root, 'python/pkg/mod.py'), 'shorter\n')
    const attempt = scanLayer(plan)
    await expect(attempt).rejects.toThrow(ActionError)
    await expect(attempt).rejects.toThrow(`'${path.join(root, 'python/pkg/mod.py')}' changed while it was read for the comparison`)
  })
})

describe('writeArchive after a comparison', () => {
  it('refuses a file whose bytes changed since the comparison read them, and leaves no zip', async () => {
    const root = await makeTree(SPEC)
    const plan = await planOf(root)
    const scanned = await scanLayer(plan)
    // Same size, other bytes: only the CRC-32 tells.
    await writeFile(path.join(root, 'python/pkg/mod.py'), 'print(2)\n'.repeat(200))
    const out = path.join(await tempDir('zip'), 'layer.zip')
    const attempt = writeArchive(plan, out, { concurrency: 0, expectedCrcs: scanned.crcs })
    await expect(attempt).rejects.toThrow(
      `'${path.join(root, 'python/pkg/mod.py')}' changed between the comparison with the newest version and the zip build`
    )
    await expect(listZipFile(out)).rejects.toThrow('ENOENT')
  })

  it('builds the zip when nothing changed since', async () => {
    const plan = await planOf(await makeTree(SPEC))
    const scanned = await scanLayer(plan)
    const out = path.join(await tempDir('zip'), 'layer.zip')
    const built = await writeArchive(plan, out, { concurrency: 0, expectedCrcs: scanned.crcs })
    expect(built.entryCount).toBe(scanned.entryCount)
  })
})
