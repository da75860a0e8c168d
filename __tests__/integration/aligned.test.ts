// align-versions with the real SDK clients against the emulator, unpaced, for the limits that
// would take the end-to-end tests minutes at Lambda's pace: exactly 100 fillers, a refusal that
// only the first filler can reveal, and a concurrent publisher that keeps taking numbers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { DeleteLayerVersionCommand, LambdaClient, PublishLayerVersionCommand } from '@aws-sdk/client-lambda'
import { createHash } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { buildZip } from '../../emulator/zip.js'
import { createLambdaClient, createS3Client, createSignerClient, createSsmClient } from '../../src/aws/clients.js'
import { FILLER_DESCRIPTION } from '../../src/publish/filler.js'
import { MAX_FILLERS, MAX_RETRIES, publishAligned, type AlignmentLogs } from '../../src/regions/aligned.js'
import type { ArchiveFacts } from '../../src/publish/publish.js'
import type { RegionProgress, RegionResult } from '../../src/regions/fan-out.js'
import type { RegionClients, SharedContext } from '../../src/regions/region.js'
import type { Settings } from '../../src/settings.js'
import { removeTempDirs, tempDir } from '../helpers/layer-tree.js'

let emu: Emulator
let archive: ArchiveFacts
const EU = 'eu-west-1'
const US = 'us-east-1'
const creds = { accessKeyId: 'AKIAINTEGRATION0001', secretAccessKey: 's' }
const seederZip = buildZip([{ name: 'python/old.py', data: 'x = 1\n', deflate: true }])

beforeAll(async () => {
  emu = await startEmulator()
  const zip = buildZip([{ name: 'python/mod.py', data: 'X = 1\n', deflate: true }])
  const file = path.join(await tempDir('aligned'), 'layer.zip')
  await writeFile(file, zip)
  archive = { path: file, size: zip.length, sha256: createHash('sha256').update(zip).digest('base64'), contentDigest: '' }
})
afterAll(async () => {
  await emu.close()
  await removeTempDirs()
})
beforeEach(() => emu.reset())

const settings = {
  layerName: 'al',
  regions: [EU, US],
  alignVersions: true,
  principals: [],
  compatibleRuntimes: [],
  compatibleArchitectures: []
}

/** Another tool's client in `region`. */
const seeder = (region: string) =>
  new LambdaClient({ endpoint: emu.url, region, credentials: { accessKeyId: 'AKIASEEDER000000001', secretAccessKey: 's' } })

async function seed(region: string, count: number, deleted = 0): Promise<void> {
  const other = seeder(region)
  for (let i = 0; i < count; i++) await other.send(new PublishLayerVersionCommand({ LayerName: 'al', Content: { ZipFile: seederZip } }))
  for (let n = count; n > count - deleted; n--) await other.send(new DeleteLayerVersionCommand({ LayerName: 'al', VersionNumber: n }))
  other.destroy()
}

/** A context as main.ts makes it, without pace or credentials exchange; `wrap` may add middleware. */
function context(wrap: (region: string, client: LambdaClient) => void = () => undefined): SharedContext {
  const all = {
    ...settings,
    region: EU,
    endpointUrl: emu.url,
    maxAttempts: 3,
    requestTimeoutSeconds: 10,
    keepVersions: 0,
    updateFunctions: []
  }
  const cs = { region: EU, endpointUrl: emu.url, maxAttempts: 3 }
  const progress = new Map<string, RegionProgress>()
  const clients = (region: string): RegionClients => {
    const lambdaOnce = createLambdaClient(cs, creds, region, 1)
    wrap(region, lambdaOnce)
    return {
      lambda: createLambdaClient(cs, creds, region),
      lambdaOnce,
      s3: () => createS3Client(cs, creds, region),
      signer: () => createSignerClient(cs, creds, region),
      ssm: () => createSsmClient(cs, creds, region)
    }
  }
  const made = new Map<string, RegionClients>()
  return {
    settings: all as unknown as Settings,
    clients: (region) => made.get(region) ?? (made.set(region, clients(region)), made.get(region) as RegionClients),
    progress: (region) => progress.get(region) ?? (progress.set(region, { undone: [] }), progress.get(region) as RegionProgress)
  }
}

/** Logs that keep every line, debug included: "<region> <kind>: <text>", or "all <kind>: <text>". */
function recorded(): AlignmentLogs & { lines: string[] } {
  const lines: string[] = []
  const keep = (who: string, kind: string) => (text: string) => void lines.push(`${who} ${kind}: ${text}`)
  const region = (r: string) => ({
    stage: (name: string, doing: string) => keep(r, 'stage')(`${name}, ${doing}`),
    log: keep(r, 'info'),
    warn: keep(r, 'warning'),
    debug: keep(r, 'debug')
  })
  return { lines, region, log: keep('all', 'info'), debug: keep('all', 'debug') }
}

const live = (region: string) => emu.layerVersions(region, 'al').map((v) => v.Version)
const fillerPublishes = (region: string) =>
  emu
    .requestsFor('PublishLayerVersion')
    .filter((r) => r.region === region && (r.body as { Description?: string }).Description === FILLER_DESCRIPTION)
const failure = (results: RegionResult[], region: string) => {
  const r = results.find((x) => x.region === region)
  return r && !r.ok ? r.error : ''
}

describe('publishAligned', () => {
  it(`publishes up to ${MAX_FILLERS} fillers in a region`, async () => {
    await seed(EU, MAX_FILLERS)
    const logs = recorded()
    const results = await publishAligned(context(), archive, logs)
    expect(results.map((r) => r.ok && r.version?.version)).toEqual([MAX_FILLERS + 1, MAX_FILLERS + 1])
    expect(fillerPublishes(US)).toHaveLength(MAX_FILLERS)
    expect(live(US)).toEqual([MAX_FILLERS + 1])
    expect(results[1]).toMatchObject({ ok: true, fillers: MAX_FILLERS })
    // The decision, each filler and the count are in the lagging region's own log.
    expect(logs.lines).toContain(
      `${US} debug: align-versions: needs ${MAX_FILLERS} filler version(s) to reach version ${MAX_FILLERS + 1} (its next version is at least 1)`
    )
    expect(logs.lines.filter((l) => l.startsWith(`${US} debug: Filler version `))).toHaveLength(MAX_FILLERS)
    expect(logs.lines).toContain(
      `${US} info: ${MAX_FILLERS} filler version(s) published and deleted; the next version is ${MAX_FILLERS + 1}`
    )
    expect(logs.lines.filter((l) => l.startsWith(`${EU} debug: align-versions: needs`))).toEqual([])
  })

  it('refuses after the first filler shows a region far ahead of its list, and deletes that filler', async () => {
    await seed(EU, 3)
    await seed(US, 110, 110) // every version deleted: the list is empty, the next number is 111
    const results = await publishAligned(context(), archive, recorded())
    for (const region of [EU, US]) expect(failure(results, region)).toContain('align-versions: the common version number would be 112')
    expect(failure(results, EU)).toContain(`${EU} would need 108 filler versions (its next version number is at least 4): more than 100`)
    expect(fillerPublishes(US)).toHaveLength(1)
    expect(live(US)).toEqual([])
    expect(live(EU)).toEqual([3, 2, 1])
  })

  it("refuses after a leading region's real version shows its newest versions were deleted, and deletes that version", async () => {
    await seed(EU, 150, 148) // versions 1 and 2 live, the counter at 150: the list says 3, the next is 151
    await seed(US, 1)
    const results = await publishAligned(context(), archive, recorded())
    for (const region of [EU, US])
      expect(failure(results, region)).toContain(
        `align-versions: the common version number would be 151 (the real version published in ${EU} got 151: newest versions deleted there had hidden that number from the list), but ${US} would need 148 filler versions, after 1 already (its next version number is 3): more than 100, so no region keeps a version of this run`
      )
    expect(failure(results, EU)).toContain(
      `Deleted arn:aws:lambda:${EU}:123456789012:layer:al:151, which this run had published and not shared yet.`
    )
    expect(live(EU)).toEqual([2, 1])
    expect(live(US)).toEqual([1])
  })

  it(`gives up after publishing again ${MAX_RETRIES} times when other publishers keep taking numbers, deleting its own versions`, async () => {
    await seed(EU, 2)
    await seed(US, 2)
    // Before each of this run's real publishes, "another run" publishes once in eu-west-1 and twice
    // in us-east-1: the two regions never land on the same number.
    const interloper = (region: string, client: LambdaClient) =>
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const input = (args as { input: { Description?: string } }).input
          if (
            (context as { commandName?: string }).commandName === 'PublishLayerVersionCommand' &&
            input.Description !== FILLER_DESCRIPTION
          ) {
            const other = seeder(region)
            for (let i = 0; i < (region === EU ? 1 : 2); i++)
              await other.send(new PublishLayerVersionCommand({ LayerName: 'al', Content: { ZipFile: seederZip } }))
            other.destroy()
          }
          return next(args)
        },
        { step: 'initialize', name: 'interloper' }
      )
    const results = await publishAligned(context(interloper), archive, recorded())
    // Both regions once, then one region again after each withdrawal.
    const real = emu
      .requestsFor('PublishLayerVersion')
      .filter((r) => r.accessKeyId === creds.accessKeyId && (r.body as { Description?: string }).Description !== FILLER_DESCRIPTION)
    expect(real).toHaveLength(2 + MAX_RETRIES)
    const failed = results.filter((r) => !r.ok)
    expect(failed).toHaveLength(1)
    expect(failure(results, failed[0].region)).toContain(
      `after ${MAX_RETRIES} rounds of publishing again where a real version landed low (`
    )
    // No version of this run is left in the failed region: only the other publisher's.
    const ours = emu.layerVersions(failed[0].region, 'al').filter((v) => v.CodeSha256 === archive.sha256)
    expect(ours).toEqual([])
  })
})
