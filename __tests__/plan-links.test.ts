import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdir, symlink } from 'node:fs/promises'
import path from 'node:path'
import { ActionError } from '../src/errors.js'
import { planArchive, type PlanOptions } from '../src/plan/plan.js'
import { makeTree, tempDir, removeTempDirs } from './helpers/layer-tree.js'

afterAll(removeTempDirs)

function options(workingDirectory: string, over: Partial<PlanOptions> = {}): PlanOptions {
  return { workingDirectory, paths: ['.'], prefix: '', exclude: [], compatibleRuntimes: [], ...over }
}

describe('planArchive symlinks', () => {
  it('keeps links that stay inside as link entries with their own target text', async () => {
    const root = await makeTree({
      'python/pkg/mod.py': 'x',
      'python/alias.py': { link: 'pkg/mod.py' },
      'python/pkgdir': { link: 'pkg' },
      'lib/libz.so.1': 'elf',
      'lib/libz.so': { link: './libz.so.1' }
    })
    const plan = await planArchive(options(root))
    const links = [...plan.entries]
      .filter((e) => e.kind === 'symlink')
      .map(({ name, source, kind, mode, size, linkTarget }) => ({ name, source, kind, mode, size, linkTarget }))
    expect(links).toEqual([
      { name: 'lib/libz.so', source: path.join(root, 'lib/libz.so'), kind: 'symlink', mode: 0o777, size: 11, linkTarget: './libz.so.1' },
      {
        name: 'python/alias.py',
        source: path.join(root, 'python/alias.py'),
        kind: 'symlink',
        mode: 0o777,
        size: 10,
        linkTarget: 'pkg/mod.py'
      },
      { name: 'python/pkgdir', source: path.join(root, 'python/pkgdir'), kind: 'symlink', mode: 0o777, size: 3, linkTarget: 'pkg' }
    ])
    // The linked folder is stored as a link, not walked a second time.
    expect([...plan.entries].some((e) => e.name.startsWith('python/pkgdir/'))).toBe(false)
    expect(plan.unzippedSize).toBe(4) // links do not count as file bytes
    expect(plan.warnings).toEqual([])
  })

  it('warns when a kept link points at something left out', async () => {
    const root = await makeTree({ 'a/real.txt': 'x', 'a/keep.txt': 'x', 'a/link.txt': { link: 'real.txt' } })
    const plan = await planArchive(options(root, { exclude: ['a/real.txt'] }))
    expect(plan.warnings).toEqual([
      "1 symlink points to something not in this archive, so it will dangle under /opt unless another layer provides it: 'a/link.txt' -> 'real.txt'"
    ])
  })

  it.each([
    ['relative target leaving the tree', { link: '../../etc/passwd' }, "Symlink 'python/evil' points outside the working directory"],
    ['absolute target outside /opt', { link: '/etc/passwd' }, "Symlink 'python/evil' has an absolute target '/etc/passwd' outside /opt"],
    [
      'absolute target climbing out of /opt',
      { link: '/opt/../etc/passwd' },
      "Symlink 'python/evil' has an absolute target '/opt/../etc/passwd' outside /opt"
    ],
    ['dangling target', { link: 'missing.py' }, "Symlink 'python/evil' is dangling: 'missing.py' does not exist"]
  ])('refuses a %s', async (_name, node, message) => {
    const root = await makeTree({ 'python/ok.py': 'x', 'python/evil': node })
    await expect(planArchive(options(root))).rejects.toThrow(ActionError)
    await expect(planArchive(options(root))).rejects.toThrow(message)
  })

  it('refuses a link whose text stays inside but resolves outside through another link', async () => {
    const outside = await makeTree({ 'secret.txt': 'x' })
    const root = await makeTree({ 'ok.txt': 'x', out: { link: outside }, 'python/sneaky': { link: '../out/secret.txt' } })
    await expect(planArchive(options(root, { paths: ['python'] }))).rejects.toThrow(
      "Symlink 'python/sneaky' points outside the working directory"
    )
  })

  it('refuses a symlink loop', async () => {
    const root = await makeTree({ 'ok.txt': 'x', 'loop/a': { link: 'b' }, 'loop/b': { link: 'a' } })
    await expect(planArchive(options(root))).rejects.toThrow("Symlink 'loop/a' is part of a symlink loop")
  })

  it('does not check links that exclude or the glob leave out', async () => {
    const root = await makeTree({ 'ok.py': 'x', evil: { link: '/etc/passwd' }, gone: { link: 'nowhere' } })
    expect([...(await planArchive(options(root, { exclude: ['evil', 'gone'] }))).entries].map((e) => e.name)).toEqual(['ok.py'])
    expect([...(await planArchive(options(root, { paths: ['*.py'] }))).entries].map((e) => e.name)).toEqual(['ok.py'])
  })

  it('refuses paths that go through a symlinked folder, outside or inside', async () => {
    const outside = await makeTree({ 'secret.txt': 'x' })
    const root = await makeTree({ 'real/file.txt': 'x', inner: { link: 'real' }, escape: { link: outside } })
    await expect(planArchive(options(root, { paths: ['escape/secret.txt'] }))).rejects.toThrow(
      "Input 'paths': 'escape/secret.txt' resolves outside the working directory"
    )
    await expect(planArchive(options(root, { paths: ['escape/**'] }))).rejects.toThrow(
      "Input 'paths': 'escape/**' resolves outside the working directory"
    )
    await expect(planArchive(options(root, { paths: ['inner/*.txt'] }))).rejects.toThrow("'inner/*.txt' goes through a symlinked folder")
    await expect(planArchive(options(root, { paths: ['inner/file.txt'] }))).rejects.toThrow(
      "Input 'paths': 'inner/file.txt' goes through a symlinked folder; name the real folder 'real' instead"
    )
  })

  it('resolves a symlinked working directory before checking links', async () => {
    const real = await makeTree({ 'python/mod.py': 'x', 'python/alias.py': { link: 'mod.py' } })
    const holder = await tempDir('holder')
    await symlink(real, path.join(holder, 'wd'))
    const plan = await planArchive(options(path.join(holder, 'wd')))
    expect([...plan.entries].map((e) => `${e.name}:${e.kind}`)).toEqual([
      'python/:directory',
      'python/alias.py:symlink',
      'python/mod.py:file'
    ])
  })

  it('refuses sockets and other special files', async () => {
    const { createServer } = await import('node:net')
    const root = await makeTree({ 'ok.txt': 'x' })
    await mkdir(path.join(root, 'run'))
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(path.join(root, 'run/sock'), resolve))
    try {
      await expect(planArchive(options(root))).rejects.toThrow("'run/sock' is a socket, not a file, folder or symlink")
    } finally {
      server.close()
    }
  })
})
