// The tree walk with the content rules: exclude and paths decide before anything is checked, the
// name rules apply to built trees, absolute links into /opt are kept; and files swapped after
// planning are noticed when read (no-follow, non-blocking open, fstat against the plan).
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdir, rename, symlink, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { writeArchive } from '../src/archive/write.js'
import { deflateJob } from '../src/archive/zip/deflate.js'
import { fileJobs } from '../src/archive/zip/schedule.js'
import { planArchive, type ArchiveEntry, type PlanOptions } from '../src/plan/plan.js'
import { makeTree, removeTempDirs, tempDir } from './helpers/layer-tree.js'
import { TEST_WORKER_URL as workerUrl } from './helpers/worker.js'
import { entryList } from './helpers/entries.js'

afterAll(removeTempDirs)

function options(workingDirectory: string, over: Partial<PlanOptions> = {}): PlanOptions {
  return { workingDirectory, paths: ['.'], prefix: '', exclude: [], compatibleRuntimes: [], ...over }
}

const names = async (over: Partial<PlanOptions>, root: string): Promise<string[]> =>
  [...(await planArchive(options(root, over))).entries].map((e) => e.name)

/** A tree with a FIFO, a file whose name is not UTF-8, and a folder whose name is not UTF-8. */
async function awkwardTree(): Promise<string> {
  const root = await makeTree({ 'python/ok.py': 'x', 'python/pkg/mod.py': 'y' })
  execFileSync('mkfifo', [path.join(root, 'python/pipe')])
  await writeFile(Buffer.concat([Buffer.from(`${root}/python/caf`), Buffer.from([0xe9]), Buffer.from('.pyc')]), 'x')
  const badDir = Buffer.concat([Buffer.from(`${root}/python/bad`), Buffer.from([0xff])])
  await mkdir(badDir)
  await writeFile(Buffer.concat([badDir, Buffer.from('/inner.py')]), 'z')
  return root
}

describe('exclude and paths decide first', () => {
  it('builds when exclude leaves out a FIFO and names that are not UTF-8', async () => {
    const root = await awkwardTree()
    expect(await names({ exclude: ['python/pipe', '**/*.pyc', 'python/bad*'] }, root)).toEqual([
      'python/',
      'python/ok.py',
      'python/pkg/',
      'python/pkg/mod.py'
    ])
    expect(await names({ exclude: ['**/pipe', '**/*.pyc', '**/bad*/**', '**/bad*'] }, root)).toHaveLength(4)
  })

  it('builds when the paths glob does not select them', async () => {
    expect(await names({ paths: ['python/*.py', 'python/pkg'] }, await awkwardTree())).toEqual([
      'python/',
      'python/ok.py',
      'python/pkg/',
      'python/pkg/mod.py'
    ])
  })

  it('still refuses what is selected, inside a folder whose name is not UTF-8 too', async () => {
    const root = await awkwardTree()
    await expect(planArchive(options(root, { exclude: ['**/*.pyc', 'python/bad*'] }))).rejects.toThrow(
      "'python/pipe' is a FIFO (named pipe), not a file, folder or symlink, and cannot go into a zip"
    )
    await expect(planArchive(options(root, { exclude: ['**/pipe', 'python/bad*'] }))).rejects.toThrow(
      "File name 'python/caf\\xe9.pyc' is not valid UTF-8"
    )
    await expect(planArchive(options(root, { exclude: ['**/pipe', '**/*.pyc'] }))).rejects.toThrow(
      "File name 'python/bad\\xff' is not valid UTF-8"
    )
    await expect(planArchive(options(root, { paths: ['python/**/inner.py'] }))).rejects.toThrow(
      "File name 'python/bad\\xff/inner.py' is not valid UTF-8"
    )
  })
})

describe('name rules on built trees', () => {
  it.each([
    ['a control character', { 'python/a\nb.py': 'x', 'python/ab.py': 'y' }, "'python/a\\nb.py' has a control character (\\n)"],
    ['NFC beside NFD', { 'python/caf\u00e9.py': 'x', 'python/cafe\u0301.py': 'y' }, 'differ only in Unicode normalisation'],
    ['a drive prefix', { 'c:foo': 'x' }, "'c:foo' starts with a drive ('c:')"]
  ])('refuses %s, naming the path', async (_name, spec, message) => {
    await expect(planArchive(options(await makeTree(spec)))).rejects.toThrow(message)
  })

  it("takes 'std::vector' and a colon inside a name for ordinary names", async () => {
    expect(await names({}, await makeTree({ 'include/std::vector': 'x', 'python/c:x.py': 'y' }))).toEqual([
      'include/',
      'include/std::vector',
      'python/',
      'python/c:x.py'
    ])
  })
})

describe('absolute links into /opt', () => {
  it('keeps them as written, warning when the target is not in this archive', async () => {
    const root = await makeTree({ 'bin/php-8': '#!', 'bin/php': { link: '/opt/bin/php-8' }, 'bin/ext': { link: '/opt/bref/bin/ext' } })
    const plan = await planArchive(options(root))
    expect([...plan.entries].filter((e) => e.kind === 'symlink').map((e) => [e.name, e.linkTarget])).toEqual([
      ['bin/ext', '/opt/bref/bin/ext'],
      ['bin/php', '/opt/bin/php-8']
    ])
    expect(plan.warnings).toEqual([
      "1 symlink points to something not in this archive, so it will dangle under /opt unless another layer provides it: 'bin/ext' -> '/opt/bref/bin/ext'"
    ])
  })
})

describe('a file swapped between planning and reading', () => {
  async function planned(): Promise<{ root: string; entry: ArchiveEntry; entries: ArchiveEntry[] }> {
    const root = await makeTree({ 'python/util.py': 'def f():\n    return 1\n', 'python/a.py': 'A = 1\n' })
    const entries = [...(await planArchive(options(root))).entries]
    const entry = entries.find((e) => e.name === 'python/util.py')
    if (!entry) throw new Error('not planned')
    return { root, entry, entries }
  }
  const readJob = (entry: ArchiveEntry) => {
    const jobs = fileJobs({ path: entry.source, size: entry.size, ino: entry.ino, dev: entry.dev })
    return 'whole' in jobs ? jobs.whole : jobs.hash
  }

  it('refuses a FIFO put in its place at once, instead of hanging', async () => {
    const { entry } = await planned()
    await unlink(entry.source)
    execFileSync('mkfifo', [entry.source])
    expect(() => deflateJob(readJob(entry))).toThrow(expect.objectContaining({ code: 'ENOTPLANNED', message: 'it is now a FIFO' }))
  })

  it('refuses a symlink to a same-size file outside the workspace', async () => {
    const { entry } = await planned()
    const outside = path.join(await tempDir('outside'), 'secret')
    await writeFile(outside, 'S'.repeat(entry.size))
    await unlink(entry.source)
    await symlink(outside, entry.source)
    expect(() => deflateJob(readJob(entry))).toThrow(expect.objectContaining({ code: 'ENOTPLANNED', message: 'it is now a symbolic link' }))
  })

  it('refuses another file of the same size moved over it', async () => {
    const { entry, root } = await planned()
    await writeFile(path.join(root, 'other'), 'X'.repeat(entry.size))
    await rename(path.join(root, 'other'), entry.source)
    expect(() => deflateJob(readJob(entry))).toThrow(expect.objectContaining({ message: 'it is now another file (another inode)' }))
  })

  it('names the file when the writer meets the swap, on worker threads too', async () => {
    const { entry, entries } = await planned()
    await unlink(entry.source)
    execFileSync('mkfifo', [entry.source])
    const out = path.join(await tempDir('swap'), 'layer.zip')
    const plan = { entries: entryList(entries), unzippedSize: 0, warnings: [] }
    for (const concurrency of [0, 2]) {
      await expect(writeArchive(plan, out, { concurrency, workerUrl })).rejects.toThrow(
        `'${entry.source}' changed while the zip was written (it is now a FIFO)`
      )
    }
  })
})
