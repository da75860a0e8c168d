// dist/index.js with skip-unchanged when the newest version's CodeSha256 differs from the build:
// the stored zip's central directory decides (read with Range requests on Content.Location), a
// digest in its comment proves nothing, and when the read fails (each of the download's faults)
// a new version is published with the reason in the log, never the old one reused unchecked.
import { describe, expect, it } from '@jest/globals'
import { LambdaClient, PublishLayerVersionCommand, type PublishLayerVersionCommandInput } from '@aws-sdk/client-lambda'
import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { tempDir } from '../helpers/layer-tree.js'
import { logLines, oidcEnv, readmeInputs, run, useEmulator, type RunResult } from './support.js'

let built: Buffer
let recompressed: Buffer
let stale: Buffer

/** A copy of the zip at `from` made by Python's zipfile at another level, comment kept; `change`
 * gives one entry other content, as another tool editing a zip this action built would. */
function rezip(from: string, to: string, change = ''): void {
  const script = `import zipfile, sys
src = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
    dst.comment = src.comment
    for info in src.infolist():
        data = sys.argv[3].encode() if sys.argv[3] and info.filename.endswith('__init__.py') else src.read(info.filename)
        dst.writestr(info, data, compresslevel=1)`
  execFileSync('python3', ['-c', script, from, to, change])
}

const e2e = useEmulator(async ({ emu, workspace }) => {
  const dry = await run({ ...readmeInputs(emu), 'dry-run': 'true' }, { workspace, env: oidcEnv(emu) })
  built = await readFile(dry.outputs['archive-path'])
  const dir = await tempDir('stored')
  rezip(dry.outputs['archive-path'], path.join(dir, 'same.zip'))
  rezip(dry.outputs['archive-path'], path.join(dir, 'stale.zip'), 'VALUE = 666\n')
  recompressed = await readFile(path.join(dir, 'same.zip'))
  stale = await readFile(path.join(dir, 'stale.zip'))
})

/** Publishes `zip` as another tool (or an older run) would have, with the README's metadata. */
async function storedVersion(zip: Buffer): Promise<void> {
  const lambda = new LambdaClient({
    endpoint: e2e.emu.url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIAOTHERTOOL000001', secretAccessKey: 's' }
  })
  try {
    const metadata: Pick<PublishLayerVersionCommandInput, 'CompatibleRuntimes' | 'CompatibleArchitectures'> = {
      CompatibleRuntimes: ['python3.12', 'python3.13'],
      CompatibleArchitectures: ['x86_64']
    }
    await lambda.send(new PublishLayerVersionCommand({ LayerName: 'my-deps', Content: { ZipFile: zip }, ...metadata }))
  } finally {
    lambda.destroy()
  }
}

const skipUnchanged = (over: Record<string, string> = {}): Promise<RunResult> =>
  run({ ...readmeInputs(e2e.emu), 'skip-unchanged': 'true', ...over }, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
const downloads = () => e2e.emu.requests.filter((r) => r.operation === 'GetLayerContent')
/** skip-unchanged's verdict, a line of the region's publish group. */
const regionLine = (r: RunResult): string => logLines(r).find((l) => l.startsWith('skip-unchanged: ')) ?? ''

/** A successful skip-unchanged run against `stored` as version 1: its outputs and verdict line. */
async function against(stored: Buffer): Promise<{ outputs: Record<string, string>; line: string }> {
  await storedVersion(stored)
  const result = await skipUnchanged()
  expect(result.code).toBe(0)
  return { outputs: result.outputs, line: regionLine(result) }
}

describe('the stored version holds the same entries in other bytes', () => {
  it('is reused: its central directory proves it, read with one Range request', async () => {
    expect(recompressed.equals(built)).toBe(false)
    const { outputs, line } = await against(recompressed)
    expect(outputs).toMatchObject({ published: 'false', 'layer-version': '1' })
    expect(line).toBe(
      'skip-unchanged: reusing arn:aws:lambda:eu-west-1:123456789012:layer:my-deps:1 (version 1 holds the same entries (names, modes, sizes, CRC-32s))'
    )
    expect(downloads().map((r) => r.headers.range)).toEqual([expect.stringMatching(/^bytes=-\d+$/)])
  })
})

describe('the stored version carries a stale digest comment', () => {
  it('is not reused: its entries differ whatever its comment claims', async () => {
    // Its comment is this build's digest; another tool changed an entry and kept the comment.
    expect(stale.subarray(-107).equals(built.subarray(-107))).toBe(true)
    const { outputs, line } = await against(stale)
    expect(outputs).toMatchObject({ published: 'true', 'layer-version': '2' })
    expect(line).toBe('skip-unchanged: publishing (version 1 holds different content: 1 changed (first: python/mydeps/__init__.py))')
  })
})

describe('the stored zip cannot be read', () => {
  it.each<[string, object, Record<string, string>, string]>([
    ['HTTP 500', { status: 500, times: 3 }, {}, 'HTTP 500 InternalError, after 3 attempts'],
    ['HTTP 503 SlowDown', { status: 503, times: 3 }, {}, 'HTTP 503 SlowDown, after 3 attempts'],
    ['a hung download', { hang: true, times: 3 }, { 'request-timeout-seconds': '1' }, 'no complete answer within 1 s, after 3 attempts'],
    ['a download cut short', { truncate: 10, times: 3 }, {}, 'the answer was cut short (10 of'],
    ['a reset connection', { reset: true, times: 3 }, {}, 'the connection failed (read ECONNRESET), after 3 attempts'],
    [
      'a delay beyond the timeout',
      { delayMs: 2500, times: 3 },
      { 'request-timeout-seconds': '1' },
      'no complete answer within 1 s, after 3 attempts'
    ]
  ])('%s: publishes a new version and says why', async (_name, fault, over, reason) => {
    await storedVersion(recompressed)
    e2e.emu.faults.add('GetLayerContent', fault)
    const result = await skipUnchanged(over)
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ published: 'true', 'layer-version': '2' })
    expect(regionLine(result)).toContain(
      'skip-unchanged: publishing (version 1 could not be compared, so a new version is published rather than one reused unchecked: its zip could not be read ('
    )
    expect(regionLine(result)).toContain(reason)
    expect(downloads()).toHaveLength(3)
  })

  it.each<[string, object]>([
    ['one HTTP 500', { status: 500 }],
    ['one reset', { reset: true }],
    ['one short answer', { truncate: 10 }],
    ['a delay within the timeout', { delayMs: 300 }]
  ])('%s: retried or waited for, then reused', async (_name, fault) => {
    await storedVersion(recompressed)
    e2e.emu.faults.add('GetLayerContent', fault)
    const result = await skipUnchanged()
    expect(result.code).toBe(0)
    expect(result.outputs.published).toBe('false')
  })
})
