// Issue 14's pure parts: the align-versions and ssm-parameter inputs (SSM's name rules, the
// ARN-length rule per region), the filler zip that independent readers must accept, and what
// the job summary says of both.
import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { listZipFile } from '../src/archive/inspect/local-zip.js'
import { InputError } from '../src/errors.js'
import { readSettings } from '../src/inputs/read.js'
import { MAX_PARAMETER_ARN_LENGTH, parameterArn } from '../src/inputs/ssm-parameter.js'
import { FILLER_DESCRIPTION, makeFiller } from '../src/publish/filler.js'
import { unfinishedRegion, type RegionResult } from '../src/regions/fan-out.js'
import { alignmentLines } from '../src/report/alignment.js'

const ws = mkdtempSync(path.join(tmpdir(), 'pll-align-ssm-'))
afterAll(() => rmSync(ws, { recursive: true, force: true }))

function read(inputs: Record<string, string>) {
  const all: Record<string, string> = { 'layer-name': 'my-deps', 'aws-region': 'eu-west-1', ...inputs }
  return readSettings({ getInput: (n) => all[n] ?? '', env: { GITHUB_WORKSPACE: ws } })
}

function refusal(inputs: Record<string, string>): InputError {
  try {
    read(inputs)
  } catch (err) {
    return err as InputError
  }
  throw new Error('expected an InputError')
}

describe('align-versions and ssm-parameter inputs', () => {
  it.each([
    [{}, { alignVersions: false, ssmParameter: undefined }],
    [{ 'align-versions': 'TRUE' }, { alignVersions: true }],
    [{ 'ssm-parameter': '/layers/my-deps/latest' }, { ssmParameter: '/layers/my-deps/latest' }],
    [{ 'ssm-parameter': 'my-deps.latest_arn' }, { ssmParameter: 'my-deps.latest_arn' }],
    [{ 'ssm-parameter': '/team/awsome' }, { ssmParameter: '/team/awsome' }], // only the first level is reserved
    [{ 'ssm-parameter': `/${Array.from({ length: 15 }, (_, i) => `l${i}`).join('/')}` }, {}]
  ])('%j', (inputs, expected) => {
    expect(read(inputs).settings).toMatchObject(expected)
  })

  it('accepts a name whose ARN is exactly 1011 characters in the longest region given, and refuses one more', () => {
    const regions = 'eu-west-1, ap-southeast-2'
    const fixed = parameterArn('/', 'ap-southeast-2', '123456789012').length
    const name = `/${'n'.repeat(MAX_PARAMETER_ARN_LENGTH - fixed)}`
    expect(parameterArn(name, 'ap-southeast-2', '123456789012')).toHaveLength(MAX_PARAMETER_ARN_LENGTH)
    expect(read({ regions, 'ssm-parameter': name }).settings.ssmParameter).toBe(name)
    expect(refusal({ regions, 'ssm-parameter': `${name}n` }).message).toContain(
      'gives a parameter ARN of 1012 characters in ap-southeast-2; SSM allows at most 1011'
    )
  })

  it('builds the ARN in the partition of the region', () => {
    expect(parameterArn('/a/b', 'cn-north-1', '123456789012')).toBe('arn:aws-cn:ssm:cn-north-1:123456789012:parameter/a/b')
    expect(parameterArn('latest', 'us-gov-west-1', '123456789012')).toBe('arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/latest')
  })

  it.each([
    [{ 'align-versions': 'yes' }, 'align-versions', "'yes' must be true or false"],
    [{ 'ssm-parameter': 'aws-layers' }, 'ssm-parameter', "starts with 'aws'"],
    [{ 'ssm-parameter': '/Ssm/x' }, 'ssm-parameter', "starts with 'Ssm'"],
    [{ 'ssm-parameter': '/a/b\n/c' }, 'ssm-parameter', 'single value']
  ])('%j is refused naming %s', (inputs, input, rule) => {
    const err = refusal(inputs)
    expect(err).toBeInstanceOf(InputError)
    expect(err.input).toBe(input)
    expect(err.message).toContain(rule)
  })

  it('warns that mode delete leaves the parameter as it is', () => {
    expect(read({ mode: 'delete', 'ssm-parameter': '/a/latest' }).warnings).toEqual([
      expect.stringContaining("Input 'ssm-parameter': mode delete leaves /a/latest as it is")
    ])
  })
})

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
