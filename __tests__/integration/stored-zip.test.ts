// The range read of a stored version's zip (Content.Location) against the emulator, with the
// download's faults: retried when transient, bounded by the timeout, never more than its attempts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { GetLayerVersionCommand } from '@aws-sdk/client-lambda'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { listEntries } from '../../src/archive/inspect/listing.js'
import { bufferSource } from '../../src/archive/inspect/central.js'
import { writeArchive } from '../../src/archive/write.js'
import { createLambdaClient } from '../../src/aws/clients.js'
import { planArchive } from '../../src/plan/plan.js'
import { publishVersion } from '../../src/publish/publish.js'
import { RangeReadError, storedZipSource } from '../../src/publish/stored-zip.js'
import { makeTree, removeTempDirs, tempDir } from '../helpers/layer-tree.js'

let emu: Emulator
let zip: Buffer
let zipPath: string
const creds = { accessKeyId: 'AKIASTOREDZIP000001', secretAccessKey: 's', sessionToken: 't' }

beforeAll(async () => {
  emu = await startEmulator()
  const root = await makeTree({ 'python/mod.py': 'X = 1\n', 'python/util.py': 'def f():\n    return 2\n' })
  const plan = await planArchive({ workingDirectory: root, paths: ['.'], prefix: '', exclude: [], compatibleRuntimes: [] })
  zipPath = (await writeArchive(plan, path.join(await tempDir('stored'), 'layer.zip'))).path
  zip = await readFile(zipPath)
})
afterAll(async () => {
  await emu.close()
  await removeTempDirs()
})
beforeEach(() => emu.reset())

async function location(): Promise<string> {
  const lambda = createLambdaClient({ region: 'eu-west-1', endpointUrl: emu.url }, creds)
  await publishVersion(
    { layerName: 'stored', compatibleRuntimes: [], compatibleArchitectures: [] },
    { path: zipPath, size: zip.length, sha256: '', contentDigest: '' },
    { lambda }
  )
  const version = await lambda.send(new GetLayerVersionCommand({ LayerName: 'stored', VersionNumber: 1 }))
  return version.Content?.Location ?? ''
}

const downloads = () => emu.requests.filter((r) => r.operation === 'GetLayerContent')

async function failure(promise: Promise<unknown>): Promise<RangeReadError> {
  return promise.then(
    () => {
      throw new Error('expected a failure')
    },
    (err: RangeReadError) => err
  )
}

describe('storedZipSource', () => {
  it('lists the stored zip from its tail, as the local copy lists', async () => {
    const entries = await listEntries(storedZipSource(await location(), { timeoutSeconds: 5 }))
    expect(entries).toEqual(await listEntries(bufferSource(zip)))
    expect(downloads().map((r) => r.headers.range)).toEqual([expect.stringMatching(/^bytes=-\d+$/)])
  })

  it.each<[string, object]>([
    ['a 500 InternalError', { status: 500 }],
    ['a 503 SlowDown', { status: 503 }],
    ['a reset connection', { reset: true }],
    ['an answer cut short', { truncate: 10 }],
    ['a dropped answer', { drop: true }]
  ])('retries %s and reads the zip on the next attempt', async (_name, fault) => {
    const url = await location()
    emu.faults.add('GetLayerContent', fault)
    expect(await listEntries(storedZipSource(url, { timeoutSeconds: 5 }))).toHaveLength(3)
    expect(downloads()).toHaveLength(2)
  })

  it('gives up on a silent server after the timeout, retried, and reads a slow one within it', async () => {
    const url = await location()
    emu.faults.add('GetLayerContent', { hang: true, times: 3 })
    const err = await failure(listEntries(storedZipSource(url, { timeoutSeconds: 1 })))
    expect(err).toMatchObject({ name: 'TimeoutError', message: 'no complete answer within 1 s', attempts: 3 })
    emu.faults.add('GetLayerContent', { delayMs: 200 })
    expect(await listEntries(storedZipSource(url, { timeoutSeconds: 5 }))).toHaveLength(3)
  })

  it('stops after its attempts, and does not retry what cannot improve', async () => {
    const url = await location()
    emu.faults.add('GetLayerContent', { status: 500, times: 5 })
    const err = await failure(listEntries(storedZipSource(url, { timeoutSeconds: 5, attempts: 2 })))
    expect(err).toMatchObject({ message: 'HTTP 500 InternalError', attempts: 2 })
    expect(downloads()).toHaveLength(2)
    emu.reset()
    const stale = await failure(listEntries(storedZipSource(`${await location()}x`, { timeoutSeconds: 5 })))
    expect(stale).toMatchObject({ message: 'HTTP 403 AccessDenied', attempts: 1 })
  })

  it('tells each attempt to debug as an S3 call, never the URL', async () => {
    const url = await location()
    emu.faults.add('GetLayerContent', { status: 500 })
    const said: string[] = []
    await listEntries(storedZipSource(url, { timeoutSeconds: 5, region: 'eu-west-1', debug: (m) => said.push(m) }))
    expect(said).toEqual([
      expect.stringMatching(/^s3 GetObject \(the stored zip's last \d+ bytes\) in eu-west-1, attempt 1: HTTP 500 InternalError in \d+ ms$/),
      expect.stringMatching(/^s3 GetObject \(the stored zip's last \d+ bytes\) in eu-west-1, attempt 2: HTTP 206 in \d+ ms$/)
    ])
    expect(said.join('\n')).not.toContain('X-Amz-Signature')
  })
})
