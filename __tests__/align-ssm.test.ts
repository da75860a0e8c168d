// Issue 14's pure parts: the filler zip that independent readers must accept, and what the job
// summary says of align-versions and ssm-parameter (their inputs: inputs-lifecycle.test.ts).
import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { listZipFile } from '../src/archive/inspect/local-zip.js'
import { FILLER_DESCRIPTION, makeFiller } from '../src/publish/filler.js'
import { unfinishedRegion, type RegionResult } from '../src/regions/fan-out.js'
import { alignmentLines } from '../src/report/alignment.js'

describe('the filler zip', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pll-filler-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('is a zip Info-ZIP and our reader accept, holding one small file that says what it is', async () => {
    const file = path.join(dir, 'filler.zip')
    writeFileSync(file, makeFiller('token-1').zip)
    const test = spawnSync('unzip', ['-t', file], { encoding: 'utf8' })
    expect(test.stdout).toContain('No errors detected')
    const listing = spawnSync('unzip', ['-p', file], { encoding: 'utf8' })
    expect(listing.stdout).toBe(`${FILLER_DESCRIPTION}\nrun token-1\n`)
    expect((await listZipFile(file)).map((e) => `${e.name} ${e.kind} ${e.mode.toString(8)}`)).toEqual([
      'publish-lambda-layer-placeholder.txt file 644'
    ])
  })

  it("has a CodeSha256 of each run's own: the same for one token, another for another", () => {
    expect(makeFiller('a').sha256).toBe(makeFiller('a').sha256)
    expect(makeFiller('a').sha256).not.toBe(makeFiller('b').sha256)
    expect(makeFiller().sha256).not.toBe(makeFiller().sha256)
  })

  it("carries a description within Lambda's 256 characters", () => {
    expect(FILLER_DESCRIPTION.length).toBeLessThanOrEqual(256)
  })
})

describe('what the summary says', () => {
  const version = (region: string, n: number) => {
    const layerArn = `arn:aws:lambda:${region}:123456789012:layer:my-deps`
    return { layerArn, layerVersionArn: `${layerArn}:${n}`, version: n, codeSha256: 'h', codeSize: 1 }
  }
  const ok = (region: string, n: number, extra: object = {}): RegionResult => ({
    region,
    ok: true,
    version: version(region, n),
    published: true,
    shares: [],
    deleted: [],
    functions: [],
    notes: [],
    ...extra
  })
  const settings = { alignVersions: true, regions: ['eu-west-1', 'us-east-1'], skipUnchanged: false, ssmParameter: '/l/latest' }

  it('names the common number, the fillers, and the regions whose parameter was written', () => {
    const lines = alignmentLines(settings, [
      ok('eu-west-1', 4, { parameter: { name: '/l/latest', version: 2 } }),
      ok('us-east-1', 4, { fillers: 3, parameter: { name: '/l/latest', version: 1 } })
    ])
    expect(lines).toEqual([
      '',
      '**Version 4 in every region** (align-versions). Filler versions published and deleted first: 3 in us-east-1.',
      'SSM parameter `/l/latest` holds the version ARN in eu-west-1, us-east-1.'
    ])
  })

  it('says when reused versions differ in number, and why nothing was aligned', () => {
    const lines = alignmentLines(settings, [ok('eu-west-1', 4, { published: false }), ok('us-east-1', 2, { published: false })])
    expect(lines[1]).toBe(
      "**align-versions: the version numbers differ** (eu-west-1 4, us-east-1 2): skip-unchanged reused each region's newest version, so nothing was published to align; the next change publishes aligned."
    )
  })

  it('says nothing with one region or without the inputs', () => {
    expect(alignmentLines({ ...settings, regions: ['eu-west-1'], ssmParameter: undefined }, [ok('eu-west-1', 4)])).toEqual([])
    expect(
      alignmentLines({ ...settings, alignVersions: false, ssmParameter: undefined }, [ok('eu-west-1', 4), ok('us-east-1', 1)])
    ).toEqual([])
  })

  it('names a filler that a cancelled run could not delete in time as left behind', () => {
    const result = unfinishedRegion('r', { filler: 'L:2', undone: [] }, 'h')
    expect(result).toMatchObject({
      ok: false,
      leftBehind: ['L:2'],
      error: 'cancelled before this region finished; a filler version may be live too'
    })
  })
})
