// dist/index.js building from trees the content rules judge: names extractors rewrite, special
// files and bad names that exclude leaves out, absolute links into /opt, and a file swapped
// between planning and reading. The swap is made deterministic without any hook in the action:
// the zip it writes is a FIFO the test made, so the action waits in open() once the plan (and
// its warnings) is done, until the test, having swapped the file, starts reading the FIFO.
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, symlink, unlink, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import path from 'node:path'
import { tempDir } from '../helpers/layer-tree.js'
import { logLines, oidcEnv, readmeInputs, run, start, useEmulator, type RunResult, errorLine } from './support.js'

let socket: Server | undefined

const e2e = useEmulator(async ({ workspace: ws }) => {
  const file = (rel: string, text = 'x = 1\n') =>
    mkdir(path.dirname(path.join(ws, rel)), { recursive: true }).then(() => writeFile(path.join(ws, rel), text))
  await file('cases/control/python/a\nb.py')
  await file('cases/control/python/ab.py')
  await file('cases/nfc/python/caf\u00e9.py')
  await file('cases/nfc/python/cafe\u0301.py')
  await file('cases/drive/c:foo')
  await file('cases/names/python/std::vector')
  await file('cases/names/python/c:x.py')
  await file('cases/special/python/ok.py')
  execFileSync('mkfifo', [path.join(ws, 'cases/special/python/pipe')])
  await writeFile(Buffer.concat([Buffer.from(path.join(ws, 'cases/special/python/caf')), Buffer.from([0xe9, 0x2e, 0x70, 0x79, 0x63])]), 'x')
  socket = createServer()
  await new Promise<void>((resolve) => socket?.listen(path.join(ws, 'cases/special/python/sock'), resolve))
  await file('cases/opt/bin/php-8.3', '#!/bin/sh\n')
  await symlink('/opt/bin/php-8.3', path.join(ws, 'cases/opt/bin/php'))
  await symlink('/opt/bref/etc/php.ini', path.join(ws, 'cases/opt/bin/php.ini'))
})

afterAll(() => {
  socket?.close()
})

const inputs = (over: Record<string, string>) => ({ ...readmeInputs(e2e.emu), paths: '.', ...over })
const runIn = (dir: string, over: Record<string, string> = {}) =>
  run(inputs({ 'working-directory': `cases/${dir}`, ...over }), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })

describe.each([
  ['a control character', 'control', "'python/a\\nb.py' has a control character (\\n) in its name"],
  ['names that differ only in Unicode normalisation', 'nfc', 'differ only in Unicode normalisation'],
  ['a drive prefix', 'drive', "'c:foo' starts with a drive ('c:')"]
])('a tree with %s', (_label, dir, message) => {
  it('is refused naming the path, before any AWS call', async () => {
    const result = await runIn(dir)
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain(message)
    expect(e2e.emu.requests).toEqual([])
  })
})

describe('ordinary names with colons', () => {
  it("publishes 'std::vector' and a colon inside a name", async () => {
    const result = await runIn('names')
    expect(result.code).toBe(0)
    expect(e2e.emu.requestsFor('PublishLayerVersion')).toHaveLength(1)
  })
})

describe('a FIFO, a socket and a name that is not UTF-8', () => {
  it('build when exclude leaves them out', async () => {
    const result = await runIn('special', { exclude: 'python/pipe, **/sock, **/*.pyc' })
    expect(result.code).toBe(0)
    expect(result.outputs.published).toBe('true')
    const listing = execFileSync('zipinfo', ['-1', result.outputs['archive-path']], { encoding: 'utf8' })
    expect(listing.trim().split('\n')).toEqual(['python/', 'python/ok.py'])
  })

  it('are refused when selected', async () => {
    const result = await runIn('special', { exclude: '**/sock, **/*.pyc' })
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain("'python/pipe' is a FIFO (named pipe), not a file, folder or symlink")
  })
})

describe('absolute symlinks into /opt', () => {
  it('are kept as written, with a warning for a target not in the layer', async () => {
    const result = await runIn('opt', { 'compatible-runtimes': 'provided.al2023' })
    expect(result.code).toBe(0)
    expect(logLines(result)).toContain(
      "::warning::1 symlink points to something not in this archive, so it will dangle under /opt unless another layer provides it: 'bin/php.ini' -> '/opt/bref/etc/php.ini'"
    )
    const verbose = execFileSync('zipinfo', [result.outputs['archive-path'], 'bin/php'], { encoding: 'utf8' })
    expect(verbose).toMatch(/^lrwxrwxrwx/)
    expect(execFileSync('unzip', ['-p', result.outputs['archive-path'], 'bin/php'], { encoding: 'utf8' })).toBe('/opt/bin/php-8.3')
  })
})

describe('a planned file swapped before it is read', () => {
  /** Runs the action on a fresh tree; `swap` replaces python/util.py once the plan is done. */
  async function runSwapped(swap: (file: string) => Promise<void>): Promise<RunResult> {
    const ws = e2e.workspace
    const dir = path.relative(ws, await mkdtemp(path.join(ws, 'swap-')))
    await mkdir(path.join(ws, dir, 'python'), { recursive: true })
    await writeFile(path.join(ws, dir, 'python/util.py'), 'def f():\n    return 1\n')
    await writeFile(path.join(ws, dir, 'python/a.py'), 'A = 1\n')
    const runnerDir = await tempDir('runner')
    const zip = path.join(runnerDir, 'runner-temp/publish-lambda-layer/my-deps.zip')
    await mkdir(path.dirname(zip), { recursive: true })
    execFileSync('mkfifo', [zip])
    // nodejs22.x: the layout warning is printed once the plan is done, before the zip is opened.
    const over = { 'working-directory': dir, 'compatible-runtimes': 'nodejs22.x' }
    const running = await start(inputs(over), { workspace: ws, env: oidcEnv(e2e.emu), runnerDir })
    await running.waitForOutput('No entry is under a folder nodejs22.x reads')
    await swap(path.join(ws, dir, 'python/util.py'))
    const written = readFile(zip) // opens the FIFO: the action's open() returns and it reads the files
    const result = await running.result
    await written
    return result
  }

  it('notices a FIFO put in its place instead of hanging', async () => {
    const result = await runSwapped(async (file) => {
      await unlink(file)
      execFileSync('mkfifo', [file])
    })
    expect(result.code).toBe(1)
    expect(errorLine(result)).toMatch(/python\/util\.py' changed while the zip was written \(it is now a FIFO\)/)
    expect(e2e.emu.requests).toEqual([])
  })

  it('refuses a symlink to a same-size file outside the workspace', async () => {
    const outside = path.join(await tempDir('outside'), 'secret.txt')
    await writeFile(outside, `${'SECRET'.padEnd(21, '!')}\n`) // as long as util.py
    const result = await runSwapped(async (file) => {
      await unlink(file)
      await symlink(outside, file)
    })
    expect(result.code).toBe(1)
    expect(errorLine(result)).toMatch(/python\/util\.py' changed while the zip was written \(it is now a symbolic link\)/)
    expect(e2e.emu.requests).toEqual([])
  })
})
