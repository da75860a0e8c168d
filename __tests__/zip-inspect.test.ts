import { afterAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { inspectZip as inspect } from '../src/archive/inspect/inspect.js'
import type { BuiltArchive } from '../src/archive/write.js'
import { writeArchive } from '../src/archive/write.js'
import { ActionError, InputError } from '../src/errors.js'
import { planArchive } from '../src/plan/plan.js'
import { zipEntryKind } from '../src/archive/inspect/listing.js'
import { nameProblem } from '../src/plan/name-rules.js'
import { makeTree, python, tempDir, removeTempDirs } from './helpers/layer-tree.js'

afterAll(removeTempDirs)

/** The measurements of a given zip (no runtimes declared), read in memory or, with 0, from disk. */
async function inspectZip(zipPath: string, inMemoryBytes?: number): Promise<BuiltArchive> {
  return (await inspect(zipPath, { runtimes: [], inMemoryBytes })).archive
}

interface PyEntry {
  name: string
  data?: string
  /** st_mode including the file type bits. */
  mode?: number
}

/** Writes a zip with Python's zipfile: another compressor, other timestamps, no digest comment. */
const MAKE_ZIP = `
import json, sys, zipfile
out, spec = sys.argv[1], json.loads(sys.argv[2])
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for e in spec['entries']:
        info = zipfile.ZipInfo(e['name'], date_time=(2021, 5, 17, 12, 30, 0))
        info.create_system = 3
        info.external_attr = e.get('mode', 0o100644) << 16
        info.compress_type = zipfile.ZIP_STORED if e['name'].endswith('/') else zipfile.ZIP_DEFLATED
        z.writestr(info, e.get('data', ''))
    z.comment = spec.get('comment', '').encode()
`

async function pythonZip(entries: PyEntry[], comment = ''): Promise<string> {
  const out = path.join(await tempDir('pyzip'), 'given.zip')
  python(MAKE_ZIP, [out, JSON.stringify({ entries, comment })])
  return out
}

const LAYER: PyEntry[] = [
  { name: 'python/', mode: 0o40755 },
  { name: 'python/mod.py', data: 'print(1)\n'.repeat(50) },
  { name: 'python/link.py', data: 'mod.py', mode: 0o120777 },
  { name: 'bin/', mode: 0o40755 },
  { name: 'bin/tool', data: '#!/bin/sh\n', mode: 0o100755 }
]

async function builtLayer(): Promise<Awaited<ReturnType<typeof writeArchive>>> {
  const root = await makeTree({
    'python/mod.py': 'print(1)\n'.repeat(50),
    'python/link.py': { link: 'mod.py' },
    'bin/tool': { content: '#!/bin/sh\n', mode: 0o755 }
  })
  const plan = await planArchive({ workingDirectory: root, paths: ['.'], prefix: '', exclude: [], compatibleRuntimes: [] })
  return writeArchive(plan, path.join(await tempDir('zip'), 'layer.zip'))
}

describe('inspectZip', () => {
  it('measures a zip written by writeArchive exactly as writeArchive did', async () => {
    const built = await builtLayer()
    expect(await inspectZip(built.path)).toEqual(built)
  })

  it('measures the same whether the zip is read into memory or from the disk', async () => {
    const built = await builtLayer()
    expect(await inspectZip(built.path, 0)).toEqual(await inspectZip(built.path))
  })

  it('refuses an entry whose data does not match its CRC', async () => {
    const given = await pythonZip([{ name: 'python/mod.py', data: 'print(1)\n'.repeat(50) }])
    const bytes = await readFile(given)
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
    bytes.writeUInt32LE((bytes.readUInt32LE(central + 16) ^ 1) >>> 0, central + 16) // CRC field
    await writeFile(given, bytes)
    await expect(inspectZip(given)).rejects.toThrow(
      "Input 'zip-file': entry 'python/mod.py' cannot be read (CRC mismatch: the zip is corrupt)"
    )
    await expect(inspectZip(given, 0)).rejects.toThrow('CRC mismatch')
  })

  it('computes the same content digest for the same content from another zip writer', async () => {
    const built = await builtLayer()
    const given = await pythonZip(LAYER)
    const bytes = await readFile(given)
    const inspected = await inspectZip(given)
    expect(inspected).toEqual({
      path: given,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('base64'),
      unzippedSize: 450 + 10,
      entryCount: 5,
      contentDigest: built.contentDigest
    })
    expect(inspected.sha256).not.toBe(built.sha256) // different bytes, same content
  })

  it('digests differently when a mode differs', async () => {
    const built = await builtLayer()
    const changed = LAYER.map((e) => (e.name === 'bin/tool' ? { ...e, mode: 0o100644 } : e))
    expect((await inspectZip(await pythonZip(changed))).contentDigest).not.toBe(built.contentDigest)
  })

  it('accepts a digest comment of ours that matches the entries, and refuses one that does not', async () => {
    // Another tool may change the entries and keep the comment: the comment must not lie.
    const built = await builtLayer()
    const ours = `publish-lambda-layer content-digest=sha256:${built.contentDigest}`
    expect((await inspectZip(await pythonZip(LAYER, ours))).contentDigest).toBe(built.contentDigest)
    const changed = LAYER.map((e) => (e.name === 'python/mod.py' ? { ...e, data: 'print(2)\n' } : e))
    const message = "Input 'zip-file': carries a publish-lambda-layer content digest in its comment that does not match its entries"
    await expect(inspectZip(await pythonZip(changed, ours))).rejects.toThrow(message)
    await expect(inspectZip(await pythonZip(LAYER, `publish-lambda-layer content-digest=sha256:${'0f'.repeat(32)}`))).rejects.toThrow(
      message
    )
    await expect(inspectZip(await pythonZip(LAYER, 'publish-lambda-layer content-digest=sha256:not-hex'))).rejects.toThrow(message)
    expect((await inspectZip(await pythonZip(LAYER, 'built by hand'))).contentDigest).toBe(built.contentDigest)
  })

  it.each([
    ['text', 'this is not a zip'],
    ['empty file', '']
  ])('refuses a %s naming the zip-file input', async (_name, content) => {
    const file = path.join(await tempDir('notzip'), 'layer.zip')
    await writeFile(file, content)
    const attempt = inspectZip(file)
    await expect(attempt).rejects.toThrow(InputError)
    await expect(attempt).rejects.toThrow(`Input 'zip-file': '${file}' is not a readable zip archive`)
  })

  it('refuses a missing file', async () => {
    const file = path.join(await tempDir('nozip'), 'missing.zip')
    await expect(inspectZip(file)).rejects.toMatchObject({ input: 'zip-file' })
  })

  it.each([
    ['../evil', "entry '../evil' has a '..' segment"],
    ['python/../../evil', "entry 'python/../../evil' has a '..' segment"],
    ['..\\evil', "entry '..\\evil' has a '..' segment"],
    ['/etc/cron.d/evil', "entry '/etc/cron.d/evil' has an absolute name"],
    ['C:/evil', "entry 'C:/evil' starts with a drive ('C:')"]
  ])('refuses an entry named %j', async (name, message) => {
    const given = await pythonZip([
      { name: 'python/ok.py', data: 'x' },
      { name, data: 'x' }
    ])
    const attempt = inspectZip(given)
    await expect(attempt).rejects.toThrow(InputError)
    await expect(attempt).rejects.toThrow(`Input 'zip-file': ${message}`)
  })

  it('refuses an entry name that is not UTF-8', async () => {
    const given = await pythonZip([{ name: 'bad-X.py', data: 'x' }])
    const bytes = await readFile(given)
    await writeFile(given, Buffer.from(bytes.toString('latin1').replaceAll('bad-X', 'bad-\xff'), 'latin1'))
    await expect(inspectZip(given)).rejects.toThrow("entry 'bad-\\xff.py' has a name that is not valid UTF-8")
  })

  it('refuses duplicate and empty archives', async () => {
    const dup = await pythonZip([
      { name: 'a.py', data: '1' },
      { name: 'a.py', data: '2' }
    ])
    await expect(inspectZip(dup)).rejects.toThrow("entry 'a.py' appears twice")
    const empty = await pythonZip([])
    await expect(inspectZip(empty)).rejects.toThrow('holds no entries')
  })

  it('refuses a zip whose central directory declares more than the unzipped limit', async () => {
    const given = await pythonZip([{ name: 'lib/big.so', data: 'x' }])
    const bytes = await readFile(given)
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
    bytes.writeUInt32LE(300_000_000, central + 24) // uncompressed size field
    await writeFile(given, bytes)
    const attempt = inspectZip(given)
    await expect(attempt).rejects.toThrow(ActionError)
    await expect(attempt).rejects.toThrow('300,000,000 bytes unzipped')
    await expect(attempt).rejects.toThrow('could never be attached to a function')
  })
})

describe('pure zip rules', () => {
  it.each([
    [0x031e, 0o100644 << 16, 'a.py', 'file', 0o644],
    [0x031e, 0o100755 << 16, 'bin/x', 'file', 0o755],
    [0x031e, (0o40755 << 16) | 0x10, 'd/', 'directory', 0o755],
    [0x031e, 0o120777 << 16, 'link', 'symlink', 0o777],
    [0x0014, 0x20, 'dos.txt', 'file', 0o644], // made on FAT: no unix mode
    [0x0014, 0x10, 'dos/', 'directory', 0o755],
    [0x031e, 0, 'nomode', 'file', 0o644]
  ])('zipEntryKind(%s, %s, %j) = %s %o', (madeBy, attrs, name, kind, mode) => {
    expect(zipEntryKind(madeBy, attrs >>> 0, name)).toEqual({ kind, mode })
  })

  it.each(['python/a.py', 'dir/', 'caf\u00e9.txt', '..a/b..', 'a/.../b', 'std::vector', 'python/c:x'])('accepts the name %j', (name) => {
    expect(nameProblem(name)).toBeUndefined()
  })

  it.each(['', 'a\0b', '..', 'a/..', '\\x', 'c:x', 'a\nb.py', 'x\u0085'])('refuses the name %j', (name) => {
    expect(nameProblem(name)).toEqual(expect.any(String))
  })
})
