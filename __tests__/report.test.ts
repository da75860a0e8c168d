import { describe, expect, it } from '@jest/globals'
import type { RegionResult } from '../src/regions/fan-out.js'
import { formatBytes, outputsOf, summaryMarkdown } from '../src/report/summary.js'
import type { Settings } from '../src/settings.js'

const settings: Settings = {
  layerName: 'my-deps',
  workingDirectory: '/w/layer',
  paths: ['python'],
  prefix: '',
  exclude: [],
  compatibleRuntimes: ['python3.12', 'python3.13'],
  compatibleArchitectures: ['x86_64'],
  principals: [
    { kind: 'account', value: '111122223333' },
    { kind: 'organization', value: 'o-a1b2c3d4e5' }
  ],
  region: 'eu-west-1',
  roleSessionName: 'GitHubActions',
  roleDurationSeconds: 900,
  audience: 'sts.amazonaws.com',
  dryRun: false,
  regions: ['eu-west-1', 'us-east-1'],
  skipUnchanged: false,
  keepVersions: 0,
  mode: 'publish',
  updateFunctions: [],
  commentOnPr: false,
  maxAttempts: 5,
  requestTimeoutSeconds: 60
}
const archive = { path: '/tmp/my-deps.zip', size: 2048, sha256: 'abc=', unzippedSize: 4096, entryCount: 3 }
const arn = (region: string) => `arn:aws:lambda:${region}:123456789012:layer:my-deps`
const version = (region: string, n: number) => ({
  layerArn: arn(region),
  layerVersionArn: `${arn(region)}:${n}`,
  version: n,
  codeSha256: 'abc=',
  codeSize: 2048
})
const euWest: RegionResult = {
  region: 'eu-west-1',
  ok: true,
  version: version('eu-west-1', 4),
  published: true,
  shares: [
    { statementId: 's1', principal: '111122223333', label: '111122223333', added: true },
    { statementId: 's2', principal: '*', organizationId: 'o-a1b2c3d4e5', label: 'organization o-a1b2c3d4e5', added: false }
  ],
  deleted: [`${arn('eu-west-1')}:1`],
  functions: [],
  notes: []
}
const usEastReused: RegionResult = {
  region: 'us-east-1',
  ok: true,
  version: version('us-east-1', 9),
  published: false,
  reused: 'version 9 has the same CodeSha256',
  shares: [],
  deleted: [],
  functions: [],
  notes: []
}
const usEastFailed: RegionResult = { region: 'us-east-1', ok: false, error: 'ServiceException: boom' }

describe('outputsOf', () => {
  it('describes the first region in single-valued outputs and every region in layer-version-arns', () => {
    expect(outputsOf({ settings, archive, regions: [euWest, usEastReused] })).toEqual({
      'layer-arn': arn('eu-west-1'),
      'layer-version-arn': `${arn('eu-west-1')}:4`,
      'layer-version': '4',
      'code-sha256': 'abc=',
      'code-size': '2048',
      published: 'true',
      'archive-path': '/tmp/my-deps.zip',
      'layer-version-arns': JSON.stringify({ 'eu-west-1': `${arn('eu-west-1')}:4`, 'us-east-1': `${arn('us-east-1')}:9` }),
      'deleted-versions': JSON.stringify([`${arn('eu-west-1')}:1`]),
      'signing-job-arn': '',
      'signing-profile-version-arn': ''
    })
  })
  it('keeps the regions that succeeded when another failed', () => {
    const out = outputsOf({ settings, archive, regions: [euWest, usEastFailed] })
    expect(JSON.parse(out['layer-version-arns'])).toEqual({ 'eu-west-1': `${arn('eu-west-1')}:4` })
  })
  it('leaves ARNs empty when the first region failed', () => {
    const out = outputsOf({ settings, archive, regions: [usEastFailed, euWest] })
    expect(out).toMatchObject({ 'layer-version-arn': '', published: 'false' })
    expect(JSON.parse(out['layer-version-arns'])).toEqual({ 'eu-west-1': `${arn('eu-west-1')}:4` })
  })
  it('reports the archive but no ARNs in a dry run', () => {
    const out = outputsOf({ settings: { ...settings, dryRun: true }, archive, regions: [] })
    expect(out).toMatchObject({
      'layer-version-arn': '',
      published: 'false',
      'code-sha256': 'abc=',
      'code-size': '2048',
      'layer-version-arns': '{}'
    })
  })
})

describe('summaryMarkdown', () => {
  it('has one row per region with ARN, result, sharing and deletions', () => {
    const md = summaryMarkdown({ settings, archive, regions: [euWest, usEastReused] })
    expect(md).toContain('Zip: 2.0 KiB (3 entries, 4.0 KiB unzipped)')
    expect(md).toContain('Runtimes: python3.12, python3.13. Architectures: x86_64.')
    expect(md).toContain(
      `| eu-west-1 | \`${arn('eu-west-1')}:4\` | published | 111122223333, organization o-a1b2c3d4e5 (already) | 1 | - |`
    )
    expect(md).toContain(
      `| us-east-1 | \`${arn('us-east-1')}:9\` | reused (version 9 has the same CodeSha256) | only this account | 0 | - |`
    )
  })
  it('names each signing job once, with the regions whose version it signed', () => {
    const signer = 'arn:aws:signer:eu-west-1:123456789012:/signing-'
    const signed = (r: RegionResult, job: string): RegionResult => ({
      ...r,
      version: { ...version(r.region, 4), signingJobArn: `${signer}jobs/${job}`, signingProfileVersionArn: `${signer}profiles/P/v1` }
    })
    const md = summaryMarkdown({ settings, archive, regions: [signed(euWest, 'new'), signed(usEastReused, 'old'), usEastFailed] })
    const lines = md.split('\n').filter((l) => l.startsWith('Signed by'))
    expect(lines).toEqual([
      `Signed by AWS Signer job \`${signer}jobs/new\` with profile version \`${signer}profiles/P/v1\` (signed zip CodeSha256 \`abc=\`; eu-west-1).`,
      `Signed by AWS Signer job \`${signer}jobs/old\` with profile version \`${signer}profiles/P/v1\` (signed zip CodeSha256 \`abc=\`; us-east-1).`
    ])
    expect(summaryMarkdown({ settings, archive, regions: [euWest] })).not.toContain('Signed by')
  })
  it('lists failed regions with their reason', () => {
    const md = summaryMarkdown({ settings, archive, regions: [euWest, usEastFailed] })
    expect(md).toContain('1 region(s) failed')
    expect(md).toContain('| us-east-1 | - | failed: ServiceException: boom | - | - | - |')
  })
  it('says when the run was cancelled, what it undid, and what it left', () => {
    const cancelled = {
      signal: 'SIGINT',
      undone: ['removed the partial zip /tmp/x.zip', `deleted ${arn('eu-west-1')}:5, which was not fully shared.`],
      outOfTime: false
    }
    const left: RegionResult = { region: 'us-east-1', ok: false, error: 'cancelled', leftBehind: [`${arn('us-east-1')}:2`] }
    const md = summaryMarkdown({ settings, archive, regions: [euWest, left], cancelled })
    expect(md).toContain('### Lambda layer `my-deps`: run cancelled, 1 region(s) failed')
    expect(md).toContain(
      `**The run was cancelled (SIGINT).** Undone: removed the partial zip /tmp/x.zip; deleted ${arn('eu-west-1')}:5, which was not fully shared.`
    )
    expect(md).toContain(`- us-east-1: left live, not settled by this run: ${arn('us-east-1')}:2`)
    const late = summaryMarkdown({ settings, regions: [], cancelled: { signal: 'SIGTERM', undone: [], outOfTime: true } })
    expect(late).toContain(
      "**The run was cancelled (SIGTERM).** Nothing needed undoing. The clean-up did not finish before the runner's deadline"
    )
    expect(late).not.toContain('| Region |')
  })
  it('notes a same-content version that appeared meanwhile', () => {
    const md = summaryMarkdown({ settings, archive, regions: [{ ...euWest, notes: ['L:3 with the same content appeared meanwhile'] }] })
    expect(md).toContain('- eu-west-1: L:3 with the same content appeared meanwhile')
  })
  it('shows the plan in a dry run', () => {
    const md = summaryMarkdown({ settings: { ...settings, dryRun: true }, archive, regions: [] })
    expect(md).toContain('dry run, nothing was changed in AWS')
    expect(md).toContain('Would publish a new version in eu-west-1, us-east-1 and share it with 111122223333, organization o-a1b2c3d4e5.')
  })
  it('lists deleted versions in mode delete, and says when there was nothing', () => {
    const md = summaryMarkdown({
      settings: { ...settings, mode: 'delete' },
      regions: [
        { region: 'eu-west-1', ok: true, published: false, shares: [], deleted: [`${arn('eu-west-1')}:1`], functions: [], notes: [] },
        { region: 'us-east-1', ok: true, published: false, shares: [], deleted: [], functions: [], notes: [] }
      ]
    })
    expect(md).toContain(`| eu-west-1 | \`${arn('eu-west-1')}:1\` |`)
    expect(md).toContain('| us-east-1 | none (nothing to delete) |')
  })
})

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [52_428_800, '50.0 MiB'],
    [262_144_000, '250.0 MiB']
  ])('%d -> %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text))
})

describe('summaryMarkdown in a delete dry run', () => {
  it('says what would be deleted, and that nothing was', () => {
    const md = summaryMarkdown({ settings: { ...settings, mode: 'delete', dryRun: true }, regions: [] })
    expect(md).toContain('dry run, nothing was changed in AWS')
    expect(md).toContain('Would delete every version in eu-west-1, us-east-1.')
  })
})
