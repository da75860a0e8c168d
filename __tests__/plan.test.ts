import { afterAll, describe, expect, it } from '@jest/globals'
import path from 'node:path'
import { ActionError } from '../src/errors.js'
import { entryName, normalizeMode, planArchive, type PlanOptions } from '../src/plan/plan.js'
import { compareNames } from '../src/plan/names.js'
import { excludeMatcher, matchGlob, relativePattern } from '../src/plan/select.js'
import { NodeTable, type NodeKind } from '../src/plan/node-table.js'
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
  return [...plan.entries].map((e) => e.name)
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

  it('orders names by UTF-8 bytes, not UTF-16 units', () => {
    const sorted = ['b', 'a/', '\u{1F600}', '\uFF5E', 'a', 'A'].sort(compareNames)
    expect(sorted).toEqual(['A', 'a', 'a/', 'b', '\uFF5E', '\u{1F600}'])
  })

  it('orders names exactly as their UTF-8 bytes, without encoding them', () => {
    // Characters from every UTF-8 length, and both sides of the surrogate range.
    const alphabet = ['a', 'Z', '/', '\u00e9', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uffff', '\u{10000}', '\u{1F600}', '\u{10FFFF}']
    let seed = 7
    const pick = () => alphabet[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % alphabet.length]
    const names = Array.from({ length: 400 }, () => Array.from({ length: 1 + (seed % 4) }, pick).join(''))
    for (const a of names.slice(0, 100)) {
      for (const b of names) expect(Math.sign(compareNames(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))))
    }
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

  it('matchGlob takes what matches and what is inside matching folders, in one pass over a walk', () => {
    // In the walk's order: a folder, then what it holds (walk.ts).
    const walked: [string, NodeKind][] = [
      ['lib', 'directory'],
      ['lib/other.txt', 'file'],
      ['lib/pkg', 'directory'],
      ['lib/pkg/a.py', 'file'],
      ['lib/pkg/data', 'directory'],
      ['lib/pkg/data/x.bin', 'file'],
      ['libx', 'directory'],
      ['libx/pkg', 'directory'],
      ['libx/pkg/b.py', 'file']
    ]
    const table = new NodeTable()
    for (const [rel, kind] of walked) table.add(rel, { kind, mode: 0o644, size: 0, ino: 0, dev: 0 })
    const taken = [...matchGlob(table, 'lib/p*')].map((row) => table.rel(row))
    expect(taken).toEqual(['lib/pkg', 'lib/pkg/a.py', 'lib/pkg/data', 'lib/pkg/data/x.bin'])
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

  it('lists a tree in entry-name byte order, a folder before its contents, wherever its name sorts', async () => {
    // '-' and '.' sort before the '/' that ends a folder's name, '0' and 'é' after it.
    const root = await makeTree({ 'a/x': '', 'a/b/y': '', 'a-b': '', 'a.txt': '', a0: '', 'é/z': '', 'ab/c': '' })
    const plan = await planArchive(options(root, { paths: ['.', 'a/b', 'a*'] }))
    const listed = [...plan.entries].map((e) => e.name)
    expect(listed).toEqual(['a-b', 'a.txt', 'a/', 'a/b/', 'a/b/y', 'a/x', 'a0', 'ab/', 'ab/c', 'é/', 'é/z'])
    expect([...listed].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))).toEqual(listed)
  })

  it('adds the folders above what a glob picks, and the prefix folders, once each', async () => {
    const root = await makeTree({ 'lib/deep/er/m.py': '', 'lib/deep/n.txt': '', 'lib/o.py': '' })
    const plan = await planArchive(options(root, { paths: ['**/*.py'], prefix: 'python/x' }))
    expect([...plan.entries].map((e) => [e.name, e.path])).toEqual([
      ['python/', undefined],
      ['python/x/', undefined],
      ['python/x/lib/', 'lib'],
      ['python/x/lib/deep/', 'lib/deep'],
      ['python/x/lib/deep/er/', 'lib/deep/er'],
      ['python/x/lib/deep/er/m.py', 'lib/deep/er/m.py'],
      ['python/x/lib/o.py', 'lib/o.py']
    ])
  })

  it('records normalised modes, sizes, sources and the unzipped size', async () => {
    const root = await makeTree(TREE)
    const plan = await planArchive(options(root, { paths: ['bin', 'data'] }))
    const { lstat } = await import('node:fs/promises')
    const id = async (rel: string) => {
      const stats = await lstat(path.join(root, rel))
      return { ino: stats.ino, dev: stats.dev }
    }
    const fields = [...plan.entries].map(({ name, source, kind, mode, size, ino, dev }) => ({ name, source, kind, mode, size, ino, dev }))
    expect(fields).toEqual([
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
    expect([...plan.entries].map((e) => e.name)).toEqual(['python/', 'python/a,b.py'])
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
