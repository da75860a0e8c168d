// Permission errors cannot be produced for real when tests run as root, so node:fs is
// wrapped to fail for chosen paths, exactly as the kernel would (EACCES). A folder that cannot be
// listed fails the plan; a file that cannot be read fails its first read (the zip build, or the
// skip-unchanged comparison's CRC pass), still before any AWS call.
import { afterAll, describe, expect, it, jest } from '@jest/globals'
import * as realFs from 'node:fs'
import path from 'node:path'
import { makeTree, removeTempDirs, tempDir } from './helpers/layer-tree.js'

const denied = new Set<string>()

function eacces(syscall: string, target: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`EACCES: permission denied, ${syscall} '${target}'`), { code: 'EACCES', syscall, path: target })
}

jest.unstable_mockModule('node:fs', () => ({
  ...realFs,
  openSync: (target: string, flags: number, mode?: number) => {
    if (denied.has(target)) throw eacces('open', target)
    return realFs.openSync(target, flags, mode)
  },
  readdirSync: (target: string, opts: { encoding: 'buffer' }) => {
    if (denied.has(target)) throw eacces('scandir', target)
    return realFs.readdirSync(target, opts)
  }
}))

const { planArchive } = await import('../src/plan/plan.js')
const { writeArchive } = await import('../src/archive/write.js')
const { scanLayer } = await import('../src/archive/scan.js')
const { ActionError } = await import('../src/errors.js')

afterAll(removeTempDirs)

describe('planArchive on unreadable content', () => {
  it('names an unreadable file when it is read, and says how to fix it', async () => {
    const root = await makeTree({ 'python/a.py': 'x', 'python/locked.py': 'y' })
    const locked = path.join(root, 'python/locked.py')
    denied.add(locked)
    const plan = await planArchive({ workingDirectory: root, paths: ['.'], prefix: '', exclude: [], compatibleRuntimes: [] })
    const out = path.join(await tempDir('zip'), 'layer.zip')
    for (const read of [() => writeArchive(plan, out, { concurrency: 0 }), () => scanLayer(plan, { concurrency: 0 })]) {
      const attempt = read()
      await expect(attempt).rejects.toThrow(ActionError)
      await expect(attempt).rejects.toThrow(`Cannot read '${locked}': permission denied`)
      await expect(attempt).rejects.toMatchObject({ fix: 'Make it readable by the user running the action' })
    }
    expect(realFs.existsSync(out)).toBe(false)
  })

  it('names an unreadable folder', async () => {
    const root = await makeTree({ 'python/a.py': 'x', 'python/sealed/b.py': 'y' })
    denied.add(path.join(root, 'python/sealed'))
    await expect(planArchive({ workingDirectory: root, paths: ['.'], prefix: '', exclude: [], compatibleRuntimes: [] })).rejects.toThrow(
      "Cannot list folder 'python/sealed': permission denied"
    )
  })

  it('is not bothered by unreadable content that is excluded', async () => {
    const root = await makeTree({ 'python/a.py': 'x', 'python/sealed/b.py': 'y' })
    denied.add(path.join(root, 'python/sealed'))
    const plan = await planArchive({ workingDirectory: root, paths: ['.'], prefix: '', exclude: ['python/sealed'], compatibleRuntimes: [] })
    expect([...plan.entries].map((e) => e.name)).toEqual(['python/', 'python/a.py'])
  })
})
