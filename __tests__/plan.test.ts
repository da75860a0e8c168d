import { afterAll, describe, expect, it } from '@jest/globals'
import path from 'node:path'
import { ActionError } from '../src/errors.js'
import { entryName, normalizeMode, planArchive, prefixFolders, type PlanOptions } from '../src/plan/plan.js'
import { compareNames } from '../src/plan/names.js'
import { excludeMatcher, matchGlob, relativePattern } from '../src/plan/select.js'
import type { FsNode } from '../src/plan/walk.js'
import { makeTree, type TreeSpec, removeTempDirs } from './helpers/layer-tree.js'

afterAll(removeTempDirs)

const TREE: TreeSpec = {
  'python/pkg/__init__.py': '',
  'python/pkg/mod.py': 'print(1)\n',
  'python/pkg/__pycache__/mod.cpython-312.pyc': 'bytecode',
  'bin/tool': { content: '#!/bin/sh\n', mode: 0o700 },
  'data/secret.txt': { content: 'twelve bytes', mode: 0o600 },
  '.hidden/file': 'h',
  'README.md': '# readme\n',
  empty: { dir: true }
}

function options(workingDirectory: string, over: Partial<PlanOptions> = {}): PlanOptions {
  return { workingDirectory, paths: ['.'], prefix: '', exclude: [], compatibleRuntimes: [], ...over }
}

async function names(over: Partial<PlanOptions>, cwd = ''): Promise<string[]> {
  const root = await makeTree(TREE)
  const plan = await planArchive(options(path.join(root, cwd), over))
  return plan.entries.map((e) => e.name)
}

describe('pure parts', () => {
  it.each([
    ['file', 0o644, 0o644],
    ['file', 0o600, 0o644],
    ['file', 0o400, 0o644],
    ['file', 0o700, 0o755],
    ['file', 0o744, 0o755],
    ['file', 0o4755, 0o755],
    ['directory', 0o700, 0o755],
    ['symlink', 0o755, 0o777]
  ] as const)('normalizeMode(%s, %o) = %o', (type, mode, expected) => {
    expect(normalizeMode(type, mode)).toBe(expected)
  })

  it.each([
    ['', 'a.py', 'file', 'a.py'],
    ['', 'pkg', 'directory', 'pkg/'],
    ['python', 'pkg/a.py', 'file', 'python/pkg/a.py'],
    ['nodejs/node_modules', 'left-pad', 'directory', 'nodejs/node_modules/left-pad/'],
    ['python', 'link', 'symlink', 'python/link']
  ] as const)('entryName(%j, %j, %s) = %j', (prefix, rel, type, expected) => {
    expect(entryName(prefix, rel, type)).toBe(expected)
  })

  it('lists the folders a prefix creates', () => {
    expect(prefixFolders('')).toEqual([])
    expect(prefixFolders('python')).toEqual(['python/'])
    expect(prefixFolders('nodejs/node_modules')).toEqual(['nodejs/', 'nodejs/node_modules/'])
  })

  it('orders names by UTF-8 bytes, not UTF-16 units', () => {
    const sorted = ['b', 'a/', '\u{1F600}', '\uFF5E', 'a', 'A'].sort(compareNames)
    expect(sorted).toEqual(['A', 'a', 'a/', 'b', '\uFF5E', '\u{1F600}'])
  })

  it.each([
    ['.', ''],
    ['./python/', 'python'],
    ['python//pkg', 'python/pkg'],
    ['./**/*.py', '**/*.py']
  ])('relativePattern(%j) = %j', (pattern, expected) => {
    expect(relativePattern(pattern)).toBe(expected)
  })

  it.each([
    [['**/__pycache__'], 'python/pkg/__pycache__', true, true],
    [['**/*.pyc'], 'python/pkg/x.pyc', false, true],
    [['*.pyc'], 'python/pkg/x.pyc', false, false],
    [['*.md'], 'README.md', false, true],
    [['.hidden'], '.hidden', true, true],
    [['data/'], 'data', true, true],
    [['data/'], 'data', false, false],
    [['tests/**'], 'tests', true, true],
    [['./bin'], 'bin', true, true],
    [[], 'anything', false, false],
    // Globs over the whole path, not .gitignore rules: a bare name is the top-level one only.
    [['tests'], 'tests', true, true],
    [['tests'], 'python/pkg/tests', true, false],
    [['**/tests'], 'python/pkg/tests', true, true]
  ])('exclude %j on %s (dir %s) is %s', (patterns, rel, isDir, expected) => {
    expect(excludeMatcher(patterns)(rel, isDir)).toBe(expected)
  })

  it('matchGlob takes what matches and what is inside matching folders, in any order it is given', () => {
    const rels = ['lib', 'lib/pkg', 'lib/pkg/a.py', 'lib/pkg/data', 'lib/pkg/data/x.bin', 'lib/other.txt', 'libx/pkg/b.py']
    const node = (rel: string) => ({ rel }) as FsNode
    const walked = rels.map(node)
    const expected = ['lib/pkg', 'lib/pkg/a.py', 'lib/pkg/data', 'lib/pkg/data/x.bin']
    expect(matchGlob(walked, 'lib/p*').map((n) => n.rel)).toEqual(expected)
    // Children before their folders, as a walk that is not depth-first might give them.
    const reversed = matchGlob([...walked].reverse(), 'lib/p*').map((n) => n.rel)
    expect(reversed).toEqual([...expected].reverse())
  })
})

describe('planArchive selection', () => {
  it.each<[string, Partial<PlanOptions>, string, string[]]>([
    [
      'everything',
      {},
      '',
      [
        '.hidden/',
        '.hidden/file',
        'README.md',
        'bin/',
        'bin/tool',
        'data/',
        'data/secret.txt',
        'empty/',
        'python/',
        'python/pkg/',
        'python/pkg/__init__.py',
        'python/pkg/__pycache__/',
        'python/pkg/__pycache__/mod.cpython-312.pyc',
        'python/pkg/mod.py'
      ]
    ],
    [
      'a folder minus caches',
      { paths: ['python'], exclude: ['**/__pycache__'] },
      '',
      ['python/', 'python/pkg/', 'python/pkg/__init__.py', 'python/pkg/mod.py']
    ],
    ['a subfolder under a prefix', { paths: ['pkg/mod.py'], prefix: 'python' }, 'python', ['python/', 'python/pkg/', 'python/pkg/mod.py']],
    ['a glob', { paths: ['**/*.py'] }, '', ['python/', 'python/pkg/', 'python/pkg/__init__.py', 'python/pkg/mod.py']],
    [
      'a glob matching folders takes their content',
      { paths: ['*/pkg'], exclude: ['**/*.pyc'] },
      '',
      ['python/', 'python/pkg/', 'python/pkg/__init__.py', 'python/pkg/__pycache__/', 'python/pkg/mod.py']
    ],
    [
      'files under a nested prefix',
      { paths: ['bin/tool', 'README.md'], prefix: 'a/b' },
      '',
      ['a/', 'a/b/', 'a/b/README.md', 'a/b/bin/', 'a/b/bin/tool']
    ],
    ['overlapping paths once each', { paths: ['bin', 'bin/tool', 'bin/*'] }, '', ['bin/', 'bin/tool']],
    ['dot-folders excluded', { exclude: ['.hidden', 'python', 'data/**', 'empty'] }, '', ['README.md', 'bin/', 'bin/tool']],
    ['an empty folder', { paths: ['empty'] }, '', ['empty/']]
  ])('%s', async (_name, over, cwd, expected) => {
    expect(await names(over, cwd)).toEqual(expected)
  })

  it('records normalised modes, sizes, sources and the unzipped size', async () => {
    const root = await makeTree(TREE)
    const plan = await planArchive(options(root, { paths: ['bin', 'data'] }))
    const { lstat } = await import('node:fs/promises')
    const id = async (rel: string) => {
      const stats = await lstat(path.join(root, rel))
      return { ino: stats.ino, dev: stats.dev }
    }
    expect(plan.entries).toEqual([
      { name: 'bin/', source: path.join(root, 'bin'), kind: 'directory', mode: 0o755, size: 0, ...(await id('bin')) },
      { name: 'bin/tool', source: path.join(root, 'bin/tool'), kind: 'file', mode: 0o755, size: 10, ...(await id('bin/tool')) },
      { name: 'data/', source: path.join(root, 'data'), kind: 'directory', mode: 0o755, size: 0, ...(await id('data')) },
      {
        name: 'data/secret.txt',
        source: path.join(root, 'data/secret.txt'),
        kind: 'file',
        mode: 0o644,
        size: 12,
        ...(await id('data/secret.txt'))
      }
    ])
    expect(plan.unzippedSize).toBe(22)
    expect(plan.warnings).toEqual([])
  })

  it('warns about runtime layout, and not once the prefix fits', async () => {
    const root = await makeTree({ 'requests/api.py': 'x' })
    const bare = await planArchive(options(root, { compatibleRuntimes: ['python3.12'] }))
    expect(bare.warnings).toEqual([
      'No entry is under a folder python3.12 reads: expected python/, python/lib/python3.12/site-packages/, bin/ or lib/ (set prefix: python?)'
    ])
    const prefixed = await planArchive(options(root, { compatibleRuntimes: ['python3.12'], prefix: 'python' }))
    expect(prefixed.warnings).toEqual([])
  })

  it('selects a file with a comma in its name through the class [,], and no other', async () => {
    const root = await makeTree({ 'python/a,b.py': 'x', 'python/a.py': 'y', 'python/b.py': 'z' })
    const plan = await planArchive(options(root, { paths: ['python/a[,]b.py'] }))
    expect(plan.entries.map((e) => e.name)).toEqual(['python/', 'python/a,b.py'])
  })

  it('warns when only folders would be archived', async () => {
    const root = await makeTree(TREE)
    expect((await planArchive(options(root, { paths: ['empty'] }))).warnings).toEqual(['The archive holds no files, only folders or links'])
  })
})

describe('planArchive refusals', () => {
  it.each([['missing.txt'], ['**/*.rs'], ['nothing/**']])('reports %j as matching nothing', async (pattern) => {
    const root = await makeTree(TREE)
    await expect(planArchive(options(root, { paths: ['bin', pattern] }))).rejects.toThrow(
      `Input 'paths': '${pattern}' matches nothing in '${root}'`
    )
  })

  it('reports a path left with nothing after exclude', async () => {
    const root = await makeTree(TREE)
    await expect(planArchive(options(root, { paths: ['data'], exclude: ['data'] }))).rejects.toThrow(
      "'data' matches nothing (or only excluded files)"
    )
  })

  // The inputs stage refuses a missing working directory (inputs.test.ts); one that vanished
  // since is named all the same.
  it('names a working directory that vanished', async () => {
    const root = await makeTree(TREE)
    const attempt = planArchive(options(path.join(root, 'nope')))
    await expect(attempt).rejects.toThrow(ActionError)
    await expect(attempt).rejects.toThrow(`Cannot resolve the working directory '${path.join(root, 'nope')}': it does not exist`)
  })

  it('refuses a layer that could never fit the unzipped limit, and accepts one at the limit', async () => {
    const { truncate } = await import('node:fs/promises')
    const root = await makeTree({ 'lib/big.so': '' })
    await truncate(path.join(root, 'lib/big.so'), 262_144_000) // sparse: no disk used
    expect((await planArchive(options(root))).unzippedSize).toBe(262_144_000)
    await truncate(path.join(root, 'lib/big.so'), 262_144_001)
    const attempt = planArchive(options(root))
    await expect(attempt).rejects.toThrow(ActionError)
    await expect(attempt).rejects.toThrow('262,144,001 bytes unzipped')
    await expect(attempt).rejects.toThrow('could never be attached to a function')
  })

  it('refuses a file whose name holds a backslash', async () => {
    const root = await makeTree({ 'python/a\\b.py': 'x' })
    await expect(planArchive(options(root))).rejects.toThrow("'python/a\\b.py' has a backslash in its name")
  })

  it('refuses a file name that is not valid UTF-8, naming its bytes', async () => {
    const { writeFile } = await import('node:fs/promises')
    const root = await makeTree({ 'python/ok.py': '' })
    await writeFile(Buffer.concat([Buffer.from(`${root}/python/caf`), Buffer.from([0xe9]), Buffer.from('.py')]), 'x')
    await expect(planArchive(options(root))).rejects.toThrow("File name 'python/caf\\xe9.py' is not valid UTF-8")
  })
})
