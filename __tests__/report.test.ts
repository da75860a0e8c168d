import { describe, expect, it } from '@jest/globals'
import { formatBytes, outputsOf, summaryMarkdown, type Outcome } from '../src/report.js'
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
  regions: ['eu-west-1'],
  skipUnchanged: false,
  keepVersions: 0,
  mode: 'publish',
  updateFunctions: [],
  commentOnPr: false,
  maxAttempts: 5,
  requestTimeoutSeconds: 60
}
const archive = { path: '/tmp/my-deps.zip', size: 2048, sha256: 'abc=', unzippedSize: 4096, entryCount: 3 }
const version = {
  layerArn: 'arn:aws:lambda:eu-west-1:123456789012:layer:my-deps',
  layerVersionArn: 'arn:aws:lambda:eu-west-1:123456789012:layer:my-deps:4',
  version: 4,
  codeSha256: 'abc=',
  codeSize: 2048
}
const published: Outcome = {
  settings,
  archive,
  version,
  published: true,
  shares: [
    { statementId: 's1', principal: '111122223333', label: '111122223333', added: true },
    { statementId: 's2', principal: '*', organizationId: 'o-a1b2c3d4e5', label: 'organization o-a1b2c3d4e5', added: false }
  ]
}

describe('outputsOf', () => {
  it('gives every output action.yml declares', () => {
    expect(outputsOf(published)).toEqual({
      'layer-arn': version.layerArn,
      'layer-version-arn': version.layerVersionArn,
      'layer-version': '4',
      'code-sha256': 'abc=',
      'code-size': '2048',
      published: 'true',
      'archive-path': '/tmp/my-deps.zip'
    })
  })
  it('leaves ARNs empty in a dry run but still reports the archive', () => {
    const out = outputsOf({ settings, archive, shares: [], published: false })
    expect(out).toMatchObject({ 'layer-version-arn': '', published: 'false', 'code-sha256': 'abc=', 'code-size': '2048' })
  })
})

describe('summaryMarkdown', () => {
  it('shows ARN, size, runtimes, architectures and who it is shared with', () => {
    const md = summaryMarkdown(published)
    expect(md).toContain(version.layerVersionArn)
    expect(md).toContain('| Zip size | 2.0 KiB (3 entries, 4.0 KiB unzipped) |')
    expect(md).toContain('| Runtimes | python3.12, python3.13 |')
    expect(md).toContain('| Architectures | x86_64 |')
    expect(md).toContain('| Shared with | 111122223333, organization o-a1b2c3d4e5 (already shared) |')
  })
  it('shows the plan in a dry run', () => {
    const md = summaryMarkdown({ settings: { ...settings, dryRun: true }, archive, shares: [], published: false })
    expect(md).toContain('dry run: nothing was changed in AWS')
    expect(md).toContain('would share with 111122223333, organization o-a1b2c3d4e5')
    expect(md).toContain('would publish a new version')
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
