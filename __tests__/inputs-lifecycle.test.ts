// Inputs added for lifecycle and reliability: regions, reuse, alignment, the SSM parameter, pruning,
// mode, functions, retries.
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { InputError } from '../src/errors.js'
import { readSettings } from '../src/inputs/read.js'
import { MAX_PARAMETER_ARN_LENGTH, parameterArn } from '../src/inputs/ssm-parameter.js'

const ws = mkdtempSync(path.join(tmpdir(), 'pll-inputs-lc-'))
afterAll(() => rmSync(ws, { recursive: true, force: true }))

function readWithWarnings(inputs: Record<string, string>) {
  const all: Record<string, string> = { 'layer-name': 'my-deps', 'aws-region': 'eu-west-1', ...inputs }
  return readSettings({ getInput: (n) => all[n] ?? '', env: { GITHUB_WORKSPACE: ws } })
}
const read = (inputs: Record<string, string>) => readWithWarnings(inputs).settings

function refusal(inputs: Record<string, string>): InputError {
  try {
    read(inputs)
  } catch (err) {
    return err as InputError
  }
  throw new Error('expected an InputError')
}

describe('lifecycle inputs', () => {
  it.each([
    [
      {},
      {
        regions: ['eu-west-1'],
        skipUnchanged: false,
        keepVersions: 0,
        mode: 'publish',
        updateFunctions: [],
        commentOnPr: false,
        maxAttempts: 5,
        requestTimeoutSeconds: 60,
        alignVersions: false,
        ssmParameter: undefined
      }
    ],
    [{ regions: 'us-east-1, eu-west-1\nus-east-1' }, { regions: ['us-east-1', 'eu-west-1'], region: 'eu-west-1' }],
    [
      { 'skip-unchanged': 'TRUE', 'keep-versions': '3', mode: 'delete' },
      { skipUnchanged: true, keepVersions: 3, mode: 'delete' }
    ],
    [
      { 'update-functions': 'api\narn:aws:lambda:eu-west-1:123456789012:function:worker, api' },
      { updateFunctions: ['api', 'arn:aws:lambda:eu-west-1:123456789012:function:worker'] }
    ],
    [
      { 'comment-on-pr': 'true', 'github-token': 'ghs_x' },
      { commentOnPr: true, githubToken: 'ghs_x' }
    ],
    [
      { 'max-attempts': '1', 'request-timeout-seconds': '900' },
      { maxAttempts: 1, requestTimeoutSeconds: 900 }
    ],
    [{ 'align-versions': 'TRUE' }, { alignVersions: true }],
    [{ 'ssm-parameter': '/layers/my-deps/latest' }, { ssmParameter: '/layers/my-deps/latest' }],
    [{ 'ssm-parameter': 'my-deps.latest_arn' }, { ssmParameter: 'my-deps.latest_arn' }],
    [{ 'ssm-parameter': '/team/awsome' }, { ssmParameter: '/team/awsome' }], // only the first level is reserved
    [{ 'ssm-parameter': `/${Array.from({ length: 15 }, (_, i) => `l${i}`).join('/')}` }, { alignVersions: false }]
  ])('%j', (inputs, expected) => {
    expect(read(inputs)).toMatchObject(expected)
  })

  it.each([
    [{ regions: 'eu-west-1, europe' }, 'regions', "'europe' is not a region code"],
    [{ regions: 'cn-north-1' }, 'regions', 'not in the partition of aws-region eu-west-1 (aws)'],
    [{ 'layer-name': 'arn:aws:lambda:eu-west-1:123456789012:layer:x', regions: 'eu-west-1, us-east-1' }, 'regions', 'give a layer name'],
    [{ 'keep-versions': '-1' }, 'keep-versions', 'whole number'],
    [{ mode: 'remove' }, 'mode', 'must be publish or delete'],
    [{ 'update-functions': 'my function' }, 'update-functions', 'must be a function name'],
    [{ 'update-functions': 'arn:aws:lambda:eu-west-1:123456789012:function:f:prod' }, 'update-functions', 'without version or alias'],
    [
      { 'update-functions': 'arn:aws:lambda:us-east-2:123456789012:function:f' },
      'update-functions',
      'in us-east-2, where this step publishes no layer version'
    ],
    [{ 'max-attempts': '0' }, 'max-attempts', '0 must be between 1 and 10'],
    [{ 'max-attempts': '11' }, 'max-attempts', 'between 1 and 10'],
    [{ 'request-timeout-seconds': '0' }, 'request-timeout-seconds', 'between 1 and 900'],
    [{ 'comment-on-pr': 'sure' }, 'comment-on-pr', 'must be true or false'],
    [{ mode: 'publish\ndelete' }, 'mode', 'single value'],
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
})

describe('align-versions and ssm-parameter inputs', () => {
  it('accepts a name whose ARN is exactly 1011 characters in the longest region given, and refuses one more', () => {
    const regions = 'eu-west-1, ap-southeast-2'
    const fixed = parameterArn('/', 'ap-southeast-2', '123456789012').length
    const name = `/${'n'.repeat(MAX_PARAMETER_ARN_LENGTH - fixed)}`
    expect(parameterArn(name, 'ap-southeast-2', '123456789012')).toHaveLength(MAX_PARAMETER_ARN_LENGTH)
    expect(read({ regions, 'ssm-parameter': name }).ssmParameter).toBe(name)
    expect(refusal({ regions, 'ssm-parameter': `${name}n` }).message).toContain(
      'gives a parameter ARN of 1012 characters in ap-southeast-2; SSM allows at most 1011'
    )
  })

  it('builds the ARN in the partition of the region', () => {
    expect(parameterArn('/a/b', 'cn-north-1', '123456789012')).toBe('arn:aws-cn:ssm:cn-north-1:123456789012:parameter/a/b')
    expect(parameterArn('latest', 'us-gov-west-1', '123456789012')).toBe('arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/latest')
  })

  it('warns that mode delete leaves the parameter as it is', () => {
    expect(readWithWarnings({ mode: 'delete', 'ssm-parameter': '/a/latest' }).warnings).toEqual([
      expect.stringContaining("Input 'ssm-parameter': mode delete leaves /a/latest as it is")
    ])
  })
})

describe('inputs a run would not use', () => {
  it.each<[Record<string, string>, string]>([
    [{ 'keep-versions': '1' }, "Input 'keep-versions': mode delete deletes every version of the layer, so it does nothing in this run"],
    [
      { 'skip-unchanged': 'true', 'align-versions': 'true', 'update-functions': 'api' },
      "Inputs 'skip-unchanged', 'align-versions' and 'update-functions': mode delete deletes every version of the layer, so they do nothing in this run"
    ]
  ])('are named in a warning with mode delete: %j', (inputs, warning) => {
    expect(readWithWarnings({ mode: 'delete', ...inputs }).warnings).toEqual([warning])
    expect(readWithWarnings(inputs).warnings).toEqual([])
  })

  it('signing-timeout-seconds without signing-profile-name: a warning; at its default, none', () => {
    expect(readWithWarnings({ 'signing-timeout-seconds': '60' }).warnings).toEqual([
      "Input 'signing-timeout-seconds': applies only with 'signing-profile-name', which is empty, so it does nothing in this run"
    ])
    expect(readWithWarnings({ 'signing-timeout-seconds': '300' }).warnings).toEqual([])
  })

  it("s3-key's {region} is filled in per region, and each region's key is held to S3's 1,024 bytes", () => {
    const regions = { 's3-bucket': 'layers-{region}', regions: 'eu-west-1, ap-southeast-2' }
    expect(read({ ...regions, 's3-key': 'k/{region}.zip' }).s3Key).toBe('k/{region}.zip')
    const long = `${'k'.repeat(1010)}/{region}`
    expect(refusal({ ...regions, 's3-key': long }).message).toBe("Input 's3-key': must be at most 1024 bytes (in ap-southeast-2)")
  })
})
