// Lifecycle and reliability stages with the real SDK against the emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { writeArchive, type BuiltArchive } from '../../src/archive/write.js'
import { createLambdaClient } from '../../src/aws/clients.js'
import { deleteAllVersions, DeleteVersionsError, listAllVersions, pruneVersions } from '../../src/lifecycle/prune.js'
import { planArchive } from '../../src/plan/plan.js'
import { publishVersion } from '../../src/publish/publish.js'
import { shareVersion } from '../../src/share/share.js'
import { builtContent } from '../../src/archive/inspect/local-zip.js'
import { readPrevious } from '../../src/publish/previous.js'
import { findUnchanged, type Verdict } from '../../src/publish/unchanged.js'
import { removeTempDirs, tempDir } from '../helpers/layer-tree.js'

let emu: Emulator
let dir: string
let archive: BuiltArchive
const region = 'eu-west-1'
const creds = { accessKeyId: 'AKIALIFECYCLE000001', secretAccessKey: 's', sessionToken: 't' }
const meta = { layerName: 'lc', compatibleRuntimes: ['python3.12'], compatibleArchitectures: [] as string[], requestTimeoutSeconds: 5 }

async function build(files: Record<string, string>, name: string): Promise<BuiltArchive> {
  const root = path.join(dir, name)
  for (const [rel, text] of Object.entries(files)) {
    await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true }))
    await writeFile(path.join(root, rel), text)
  }
  const plan = await planArchive({ workingDirectory: root, paths: ['.'], prefix: 'python', exclude: [], compatibleRuntimes: [] })
  return writeArchive(plan, path.join(dir, `${name}.zip`))
}

beforeAll(async () => {
  emu = await startEmulator()
  dir = await tempDir('lc')
  archive = await build({ 'mod.py': 'X = 1\n' }, 'base')
})
afterAll(async () => {
  await emu.close()
  await removeTempDirs()
})
beforeEach(() => emu.reset())

const lambda = () => createLambdaClient({ region, endpointUrl: emu.url, maxAttempts: 3 }, creds)
const publish = (a: BuiltArchive = archive, extra = {}) => publishVersion({ ...meta, ...extra }, a, { lambda: lambda() })

describe('listing, pruning and deleting', () => {
  it('reads every page of versions (more than one page of 50)', async () => {
    for (let i = 0; i < 53; i++) await publish()
    const versions = await listAllVersions(lambda(), 'lc')
    expect(versions.map((v) => v.Version)).toEqual(Array.from({ length: 53 }, (_, i) => 53 - i))
    expect(emu.requestsFor('ListLayerVersions').length).toBe(2)
  })

  const arn = (n: number) => `arn:aws:lambda:${region}:123456789012:layer:lc:${n}`
  const live = () => emu.layerVersions(region, 'lc').map((v: { Version: number }) => v.Version)

  it('keeps the newest N, never the one just published, and reports what it deleted', async () => {
    for (let i = 0; i < 4; i++) await publish()
    emu.ageLayerVersions(region, 'lc', 60 * 60_000)
    await publish()
    const pruned = await pruneVersions(lambda(), 'lc', 2, { own: 5, baseline: 4 })
    expect(pruned).toEqual({ deleted: [3, 2, 1].map(arn) })
    expect(live()).toEqual([5, 4])
    expect(await pruneVersions(lambda(), 'lc', 0, { own: 5, baseline: 4 })).toEqual({ deleted: [] })
  })

  it('spares versions created less than 15 minutes before its own, and says so', async () => {
    for (let i = 0; i < 2; i++) await publish()
    emu.ageLayerVersions(region, 'lc', 60 * 60_000)
    for (let i = 0; i < 2; i++) await publish()
    const pruned = await pruneVersions(lambda(), 'lc', 1, { own: 4, baseline: 3 })
    expect(pruned.deleted).toEqual([2, 1].map(arn))
    expect(pruned.note).toMatch(/^keep-versions spared version 3: created less than 15 minutes before this run's version/)
    expect(live()).toEqual([4, 3])
  })

  it('deletes every version in mode delete, and succeeds when there is none', async () => {
    for (let i = 0; i < 3; i++) await publish()
    expect(await deleteAllVersions(lambda(), 'lc')).toHaveLength(3)
    expect(emu.layerVersions(region, 'lc')).toEqual([])
    expect(await deleteAllVersions(lambda(), 'lc')).toEqual([])
  })

  it('settles every delete when one fails: names the version left, and carries those deleted', async () => {
    for (let i = 0; i < 5; i++) await publish()
    emu.faults.add('DeleteLayerVersion', { status: 403, errorName: 'AccessDeniedException', message: 'not authorized' })
    const attempt = deleteAllVersions(lambda(), 'lc')
    await expect(attempt).rejects.toBeInstanceOf(DeleteVersionsError)
    const err = (await attempt.catch((e: unknown) => e)) as DeleteVersionsError
    const [left] = live()
    expect(live()).toHaveLength(1)
    expect(err.deleted).toEqual([5, 4, 3, 2, 1].filter((n) => n !== left).map(arn))
    expect(err.message).toBe(
      `Deleting version ${left} of lc failed (version ${left}: AccessDeniedException: not authorized); versions ${[5, 4, 3, 2, 1].filter((n) => n !== left).join(', ')} deleted`
    )
  })

  it('counts a delete that failed yet was applied (a lost answer) as deleted, by reading the list again', async () => {
    for (let i = 0; i < 2; i++) await publish()
    emu.faults.add('DeleteLayerVersion', { dropAfterApply: true, times: 3 })
    await expect(deleteAllVersions(createLambdaClient({ region, endpointUrl: emu.url, maxAttempts: 1 }, creds), 'lc')).resolves.toEqual(
      [2, 1].map(arn)
    )
    expect(live()).toEqual([])
  })

  it('stops starting deletes once cancelled, and says which went and which did not', async () => {
    for (let i = 0; i < 6; i++) await publish()
    emu.faults.add('DeleteLayerVersion', { hold: 'deletes', times: 6 })
    const controller = new AbortController()
    const attempt = deleteAllVersions(lambda(), 'lc', controller.signal).then(
      () => undefined,
      (e: unknown) => e as DeleteVersionsError
    )
    await emu.waitForRequest('DeleteLayerVersion')
    controller.abort()
    const err = await attempt
    expect(err).toBeInstanceOf(DeleteVersionsError)
    expect(err?.message).toBe('Deleting versions of lc stopped: the run was cancelled; none deleted, versions 6, 5, 4, 3, 2, 1 not')
    expect(err?.fix).toBeUndefined()
    expect(emu.requestsFor('DeleteLayerVersion').length).toBeLessThanOrEqual(4)
  })
})

/** A copy of `from` made by Python's zipfile at another deflate level, the comment kept;
 * `change` replaces one entry's content (as another tool editing a built zip would). */
function rezip(from: string, to: string, change?: { name: string; data: string }): void {
  execFileSync('python3', [
    '-c',
    [
      'import zipfile,sys',
      'src=zipfile.ZipFile(sys.argv[1])',
      'dst=zipfile.ZipFile(sys.argv[2],"w",compression=zipfile.ZIP_DEFLATED,compresslevel=1)',
      'dst.comment=src.comment',
      '[dst.writestr(i, sys.argv[4] if i.filename == sys.argv[3] else src.read(i.filename), compresslevel=1) for i in src.infolist()]',
      'dst.close()'
    ].join('\n'),
    from,
    to,
    change?.name ?? '',
    change?.data ?? ''
  ])
}

/** The entry changes a verdict found, or a test failure when it compared none. */
function changesOf(verdict: Verdict) {
  const { previous } = verdict
  if (previous.state !== 'found' || !previous.comparison.compared) throw new Error(`expected changes: ${JSON.stringify(previous)}`)
  return previous.comparison.changes
}

describe('skip unchanged', () => {
  const local = (a: BuiltArchive = archive) => builtContent(a)

  it('finds nothing to reuse for a new layer', async () => {
    expect(await findUnchanged(lambda(), meta, local())).toEqual({
      same: false,
      reason: 'the layer has no version yet',
      previous: { state: 'none' }
    })
  })

  it('reuses the newest version with the same CodeSha256, without reading its zip', async () => {
    await publish()
    const verdict = await findUnchanged(lambda(), meta, local())
    expect(verdict).toMatchObject({ same: true, reason: 'version 1 has the same CodeSha256', version: { version: 1 } })
    expect(emu.requests.filter((r) => r.operation === 'GetLayerContent')).toEqual([])
  })

  it('reuses a version whose zip differs in bytes but holds the same entries (its central directory)', async () => {
    const other = path.join(dir, 'recompressed.zip')
    rezip(archive.path, other)
    await publishVersion(meta, { ...archive, path: other }, { lambda: lambda() })
    const verdict = await findUnchanged(lambda(), meta, local())
    expect(verdict).toMatchObject({ same: true, reason: 'version 1 holds the same entries (names, modes, sizes, CRC-32s)' })
    expect(changesOf(verdict)).toEqual({
      added: [],
      removed: [],
      changed: [],
      unchanged: 2,
      sizeDelta: 0,
      packagesAdded: [],
      packagesRemoved: []
    })
    // One suffix Range request: the tail held the whole central directory.
    const downloads = emu.requests.filter((r) => r.operation === 'GetLayerContent')
    expect(downloads.map((r) => r.headers.range)).toEqual([expect.stringMatching(/^bytes=-\d+$/)])
  })

  it('does not trust a digest comment another tool kept while changing the entries', async () => {
    // The stored zip carries the digest of `archive` in its comment, but another mod.py.
    const stale = path.join(dir, 'stale.zip')
    rezip(archive.path, stale, { name: 'python/mod.py', data: 'X = 666\n' })
    await publishVersion(meta, { ...archive, path: stale }, { lambda: lambda() })
    const verdict = await findUnchanged(lambda(), meta, local())
    expect(verdict).toMatchObject({ same: false, reason: 'version 1 holds different content: 1 changed (first: python/mod.py)' })
    expect(changesOf(verdict).changed).toEqual([
      expect.objectContaining({ name: 'python/mod.py', fields: ['size', 'crc32'], after: expect.objectContaining({ size: 6 }) })
    ])
  })

  it('names what was added, removed and changed', async () => {
    await publish()
    const next = await build({ 'mod.py': 'X = 2\n', 'new.py': 'Y = 1\n' }, 'next')
    const verdict = await findUnchanged(lambda(), meta, local(next))
    expect(verdict).toMatchObject({ same: false, reason: 'version 1 holds different content: 1 added, 1 changed (first: python/mod.py)' })
    expect(changesOf(verdict).added.map((e) => e.name)).toEqual(['python/new.py'])
    expect(changesOf(verdict).sizeDelta).toBe(6)
  })

  it('publishes when the stored zip cannot be read, saying why', async () => {
    await publish()
    emu.faults.add('GetLayerContent', { status: 500, times: 3 })
    const changed = await build({ 'mod.py': 'X = 3\n' }, 'unread')
    const verdict = await findUnchanged(lambda(), meta, local(changed))
    expect(verdict).toMatchObject({
      same: false,
      reason:
        'version 1 could not be compared, so a new version is published rather than one reused unchecked: its zip could not be read (HTTP 500 InternalError, after 3 attempts)',
      previous: { state: 'found', comparison: { compared: false } }
    })
    expect(emu.requests.filter((r) => r.operation === 'GetLayerContent')).toHaveLength(3)
  })

  it('publishes when the metadata differ', async () => {
    await publish()
    expect(await findUnchanged(lambda(), { ...meta, compatibleRuntimes: ['python3.13'] }, local())).toMatchObject({
      same: false,
      reason: 'version 1: compatible runtimes differ',
      previous: { metadataChanges: ['compatible runtimes'], comparison: { compared: true, sameCode: true } }
    })
    expect(await findUnchanged(lambda(), { ...meta, description: 'new' }, local())).toMatchObject({
      same: false,
      reason: 'version 1: description differs'
    })
  })
})

describe('the newest version, for the summary (skip-unchanged off)', () => {
  it('compares with the newest version by its central directory, never throwing', async () => {
    await publish()
    const next = await build({ 'mod.py': 'X = 22\n', 'added.py': 'A = 1\n' }, 'summary-next')
    const previous = await readPrevious(lambda(), { ...meta, description: 'v2' }, builtContent(next))
    expect(previous).toMatchObject({ state: 'found', version: { version: 1 }, metadataChanges: ['description'] })
    if (previous.state !== 'found' || !previous.comparison.compared) throw new Error('expected a comparison')
    expect(previous.comparison.changes.added.map((e) => e.name)).toEqual(['python/added.py'])
    expect(previous.comparison.changes.changed.map((c) => c.name)).toEqual(['python/mod.py'])
    expect(emu.requests.filter((r) => r.operation === 'GetLayerContent')).toHaveLength(1)
  })

  it('says why when the role may not list versions, and lets the publish go on', async () => {
    emu.faults.add('ListLayerVersions', {
      status: 403,
      errorName: 'AccessDeniedException',
      message: 'User is not authorized to perform: lambda:ListLayerVersions'
    })
    expect(await readPrevious(lambda(), meta, builtContent(archive))).toEqual({
      state: 'unread',
      reason: 'AccessDeniedException: User is not authorized to perform: lambda:ListLayerVersions'
    })
  })

  it('finds none for a new layer', async () => {
    expect(await readPrevious(lambda(), meta, builtContent(archive))).toEqual({ state: 'none' })
  })
})

describe('faults', () => {
  const retry = () => ({
    once: createLambdaClient({ region, endpointUrl: emu.url }, creds, region, 1),
    maxAttempts: 3,
    baseline: 0,
    sleep: async () => undefined
  })

  // A dropped answer (socket hang up) is tested end to end (faults.e2e.test.ts): under jest the
  // SDK's network errors lose their code, so only dist/index.js sees them as the SDK classifies them.
  it('adopts the version when the publish answer is 2xx but cut short', async () => {
    emu.faults.add('PublishLayerVersion', { truncate: true })
    const version = await publishVersion(meta, archive, { lambda: lambda(), retry: retry() })
    expect(version).toMatchObject({ version: 1, codeSha256: archive.sha256 })
    expect(emu.layerVersions(region, 'lc')).toHaveLength(1)
    expect(emu.requestsFor('PublishLayerVersion')).toHaveLength(1)
  })

  it('publishes again after a 500 that created nothing, once', async () => {
    emu.faults.add('PublishLayerVersion', { status: 500 })
    const version = await publishVersion(meta, archive, { lambda: lambda(), retry: retry() })
    expect(version.version).toBe(1)
    expect(emu.requestsFor('PublishLayerVersion')).toHaveLength(2)
    expect(emu.layerVersions(region, 'lc')).toHaveLength(1)
  })

  it('lets the SDK retry throttled sharing calls', async () => {
    const v = await publish()
    emu.faults.add('AddLayerVersionPermission', { status: 429, retryAfter: 0, times: 2 })
    const shares = await shareVersion(lambda(), v, [{ kind: 'account', value: '111122223333' }])
    expect(shares[0].added).toBe(true)
    expect(emu.requestsFor('AddLayerVersionPermission')).toHaveLength(3)
  })

  it('does not retry validation errors', async () => {
    const v = await publish()
    emu.faults.add('AddLayerVersionPermission', { status: 400, errorName: 'InvalidParameterValueException' })
    await expect(shareVersion(lambda(), v, [{ kind: 'account', value: '111122223333' }])).rejects.toThrow(/InvalidParameterValueException/)
    expect(emu.requestsFor('AddLayerVersionPermission')).toHaveLength(1)
  })
})
