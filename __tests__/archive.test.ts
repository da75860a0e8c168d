import { afterAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { appendFile, chmod, chown, readdir, readFile, readlink, rm, stat, utimes } from 'node:fs/promises'
import path from 'node:path'
import { readContentDigest } from '../src/archive/digest.js'
import { writeArchive, type BuiltArchive } from '../src/archive/write.js'
import { ActionError } from '../src/errors.js'
import { planArchive, type ArchivePlan } from '../src/plan/plan.js'
import { compileSources, runModule } from './helpers/compiled-src.js'
import { makeTree, run, tempDir, type TreeSpec, removeTempDirs } from './helpers/layer-tree.js'

afterAll(removeTempDirs)

const SPEC: TreeSpec = {
  'python/pkg/mod.py': 'print(1)\n'.repeat(200),
  'python/pkg/__init__.py': '',
  'python/alias.py': { link: 'pkg/mod.py' },
  'python/empty': { dir: true },
  'bin/tool': { content: '#!/bin/sh\necho hi\n', mode: 0o755 }
}

async function planOf(root: string): Promise<ArchivePlan> {
  return planArchive({ workingDirectory: root, paths: ['.'], prefix: '', exclude: [], compatibleRuntimes: [] })
}

async function build(root: string): Promise<{ built: BuiltArchive; bytes: Buffer }> {
  const out = path.join(await tempDir('zip'), 'layer.zip')
  const built = await writeArchive(await planOf(root), out)
  return { built, bytes: await readFile(out) }
}

/** zipinfo lines as name -> [permissions, date time]. */
function zipinfo(zipPath: string): Record<string, [string, string]> {
  const result = run('zipinfo', ['-T', zipPath])
  expect(result.status).toBe(0)
  const rows: Record<string, [string, string]> = {}
  for (const line of result.stdout.split('\n')) {
    const cols = line.trim().split(/\s+/)
    if (/^[-dl][rwx-]{9}$/.test(cols[0] ?? '')) rows[cols.slice(7).join(' ')] = [cols[0], cols[6]]
  }
  return rows
}

/** The documented canonical format, written independently of src/content-digest.ts. */
function expectedDigest(entries: [string, string, string, string][]): string {
  const hash = createHash('sha256')
  for (const fields of entries) for (const f of fields) hash.update(`${f}\0`)
  return hash.digest('hex')
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex')

describe('writeArchive', () => {
  it('writes a zip unzip and zipinfo accept, with normalised modes, links and fixed times', async () => {
    const root = await makeTree(SPEC)
    const { built } = await build(root)
    const test = run('unzip', ['-t', built.path])
    expect(test.status).toBe(0)
    expect(test.stdout).toContain('No errors detected')
    expect(zipinfo(built.path)).toEqual({
      'bin/': ['drwxr-xr-x', '19800101.000000'],
      'bin/tool': ['-rwxr-xr-x', '19800101.000000'],
      'python/': ['drwxr-xr-x', '19800101.000000'],
      'python/alias.py': ['lrwxrwxrwx', '19800101.000000'],
      'python/empty/': ['drwxr-xr-x', '19800101.000000'],
      'python/pkg/': ['drwxr-xr-x', '19800101.000000'],
      'python/pkg/__init__.py': ['-rw-r--r--', '19800101.000000'],
      'python/pkg/mod.py': ['-rw-r--r--', '19800101.000000']
    })
  })

  it('extracts to the same files and links', async () => {
    const root = await makeTree(SPEC)
    const { built } = await build(root)
    const dest = await tempDir('unzipped')
    expect(run('unzip', ['-q', built.path, '-d', dest]).status).toBe(0)
    expect(await readFile(path.join(dest, 'python/pkg/mod.py'), 'utf8')).toBe('print(1)\n'.repeat(200))
    expect(await readlink(path.join(dest, 'python/alias.py'))).toBe('pkg/mod.py')
    expect((await stat(path.join(dest, 'bin/tool'))).mode & 0o777).toBe(0o755)
  })

  it('reports size, CodeSha256, counts and the content digest of what it wrote', async () => {
    const root = await makeTree(SPEC)
    const { built, bytes } = await build(root)
    expect(built.size).toBe(bytes.length)
    expect(built.sha256).toBe(createHash('sha256').update(bytes).digest('base64'))
    expect(built.entryCount).toBe(8)
    expect(built.unzippedSize).toBe(1800 + 18)
    expect(built.contentDigest).toBe(
      expectedDigest([
        ['bin/', 'directory', '0755', ''],
        ['bin/tool', 'file', '0755', sha('#!/bin/sh\necho hi\n')],
        ['python/', 'directory', '0755', ''],
        ['python/alias.py', 'symlink', '0777', 'pkg/mod.py'],
        ['python/empty/', 'directory', '0755', ''],
        ['python/pkg/', 'directory', '0755', ''],
        ['python/pkg/__init__.py', 'file', '0644', sha('')],
        ['python/pkg/mod.py', 'file', '0644', sha('print(1)\n'.repeat(200))]
      ])
    )
  })

  it('stores the digest as the zip comment, the last bytes of the file', async () => {
    const root = await makeTree(SPEC)
    const { built, bytes } = await build(root)
    const comment = `publish-lambda-layer content-digest=sha256:${built.contentDigest}`
    expect(bytes.subarray(bytes.length - comment.length).toString()).toBe(comment)
    expect(bytes.readUInt16LE(bytes.length - comment.length - 2)).toBe(comment.length) // EOCD length field
    expect(readContentDigest(comment)).toBe(built.contentDigest)
  })

  it('is byte-identical whatever the mtimes, ownership and creation order', async () => {
    const first = await makeTree(SPEC)
    const second = await makeTree(Object.fromEntries(Object.entries(SPEC).reverse()))
    for (const rel of ['python/pkg/mod.py', 'bin/tool', 'python/pkg', 'python']) {
      await utimes(path.join(first, rel), new Date('2001-02-03T04:05:06Z'), new Date('2001-02-03T04:05:06Z'))
      await utimes(path.join(second, rel), new Date('2030-06-07T08:09:10Z'), new Date('2030-06-07T08:09:10Z'))
      if (process.getuid?.() === 0) await chown(path.join(second, rel), 1234, 4321)
    }
    const a = await build(first)
    const b = await build(second)
    expect(b.bytes.equals(a.bytes)).toBe(true)
    expect(b.built.contentDigest).toBe(a.built.contentDigest)
  })

  it('changes the content digest when one byte or one mode changes, and only then', async () => {
    const root = await makeTree(SPEC)
    const original = (await build(root)).built
    expect((await build(root)).built.contentDigest).toBe(original.contentDigest)

    const edited = await makeTree({ ...SPEC, 'python/pkg/mod.py': `${'print(1)\n'.repeat(199)}print(2)\n` })
    const byByte = (await build(edited)).built
    expect(byByte.contentDigest).not.toBe(original.contentDigest)
    expect(byByte.sha256).not.toBe(original.sha256)

    await chmod(path.join(root, 'python/pkg/__init__.py'), 0o755)
    const byMode = (await build(root)).built
    expect(byMode.contentDigest).not.toBe(original.contentDigest)
    expect(byMode.sha256).not.toBe(original.sha256)
  })

  it('writes the same DOS time, 1980-01-01 00:00:00, in every time zone', async () => {
    const compiled = await compileSources()
    const root = await makeTree(SPEC)
    const code = `
      import { planArchive } from './src/plan/plan.js'
      import { writeArchive } from './src/archive/write.js'
      const [root, out] = process.argv.slice(2)
      const plan = await planArchive({ workingDirectory: root, paths: ['.'], prefix: '', exclude: [], compatibleRuntimes: [] })
      // Real worker threads, as a large layer gets: they must not depend on the zone either.
      await writeArchive(plan, out, { concurrency: 2, workerUrl: new URL('./src/archive/zip/deflate-worker.js', import.meta.url) })
      console.log(new Date(Date.UTC(1980, 0, 1)).getHours())`
    const zones: [string, string][] = [
      ['UTC', '0'],
      ['America/New_York', '19'],
      ['Asia/Tokyo', '9']
    ]
    const zips: Buffer[] = []
    for (const [zone, hours] of zones) {
      const out = path.join(await tempDir('zip'), 'layer.zip')
      expect(runModule(compiled, code, [root, out], { TZ: zone }).trim()).toBe(hours) // the zone applied
      zips.push(await readFile(out))
    }
    expect(zips[1].equals(zips[0])).toBe(true)
    expect(zips[2].equals(zips[0])).toBe(true)
    // First local file header: DOS time at offset 10, date at 12 (day 1 | month 1 << 5 | 0 years).
    expect(zips[0].readUInt32LE(0)).toBe(0x04034b50)
    expect(zips[0].readUInt16LE(10)).toBe(0)
    expect(zips[0].readUInt16LE(12)).toBe(0x21)
  })

  it('keeps at most a few files open while archiving thousands', async () => {
    const spec: TreeSpec = {}
    for (let i = 0; i < 2000; i++) spec[`nodejs/node_modules/m${i % 40}/f${i}.js`] = `module.exports = ${i}\n`
    const root = await makeTree(spec)
    const plan = await planOf(root)
    const fds = async (): Promise<number> => (await readdir('/proc/self/fd')).length
    const baseline = await fds()
    let peak = baseline
    const timer = setInterval(() => void fds().then((n) => (peak = Math.max(peak, n))), 1)
    try {
      const built = await writeArchive(plan, path.join(await tempDir('zip'), 'many.zip'))
      expect(built.entryCount).toBe(2000 + 40 + 2)
    } finally {
      clearInterval(timer)
    }
    expect(peak).toBeGreaterThan(baseline) // the sampler saw the zip being written
    expect(peak - baseline).toBeLessThanOrEqual(6)
  })

  it('fails naming a file deleted after planning, leaving no partial zip', async () => {
    const root = await makeTree(SPEC)
    const plan = await planOf(root)
    await rm(path.join(root, 'python/pkg/mod.py'))
    const out = path.join(await tempDir('zip'), 'layer.zip')
    const attempt = writeArchive(plan, out)
    await expect(attempt).rejects.toThrow(ActionError)
    await expect(attempt).rejects.toThrow(`Cannot read '${path.join(root, 'python/pkg/mod.py')}': it does not exist`)
    await expect(stat(out)).rejects.toThrow('ENOENT')
  })

  it('fails when a file grows after planning', async () => {
    const root = await makeTree(SPEC)
    const plan = await planOf(root)
    await appendFile(path.join(root, 'bin/tool'), 'more')
    await expect(writeArchive(plan, path.join(await tempDir('zip'), 'layer.zip'))).rejects.toThrow(
      'changed while the zip was written (18 bytes planned, 22 now)'
    )
  })

  it('fails clearly when the output cannot be written', async () => {
    const root = await makeTree(SPEC)
    const out = path.join(await tempDir('zip'), 'missing-folder', 'layer.zip')
    await expect(writeArchive(await planOf(root), out)).rejects.toThrow(`Could not write the layer zip '${out}'`)
  })
})

describe('readContentDigest', () => {
  const hex = 'ab'.repeat(32)
  it.each([
    [`publish-lambda-layer content-digest=sha256:${hex}`, hex],
    [`publish-lambda-layer content-digest=sha256:${hex}\n`, hex],
    [`publish-lambda-layer content-digest=sha256:${hex.toUpperCase()}`, undefined],
    [`publish-lambda-layer content-digest=sha256:${hex.slice(2)}`, undefined],
    [`other-tool content-digest=sha256:${hex}`, undefined],
    ['', undefined]
  ])('%j -> %s', (comment, expected) => {
    expect(readContentDigest(comment)).toBe(expected)
  })
})
