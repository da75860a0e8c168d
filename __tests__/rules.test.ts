import * as fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { Runtime } from '@aws-sdk/client-lambda'
import { InputError } from '../src/errors.js'
import {
  ARCHITECTURES,
  DEPRECATED_RUNTIMES,
  RUNTIMES,
  RUNTIMES_DEPRECATED_2026,
  checkArchitectures,
  checkRuntimes
} from '../src/inputs/compatibility.js'
import {
  checkAudience,
  checkDescription,
  checkLayerName,
  checkLicenseInfo,
  checkPrincipals,
  checkRegion,
  checkRoleArn,
  checkRoleDurationSeconds,
  checkRoleSessionName,
  parseLayerArn,
  parsePrincipal,
  partitionOfRegion
} from '../src/inputs/rules.js'

/** Asserts an InputError that names `input` and contains every fragment. */
function expectInputError(fn: () => unknown, input: string, ...fragments: string[]): void {
  let caught: unknown
  try {
    fn()
  } catch (err) {
    caught = err
  }
  expect(caught).toBeInstanceOf(InputError)
  const err = caught as InputError
  expect(err.input).toBe(input)
  expect(err.message.startsWith(`Input '${input}': `)).toBe(true)
  for (const f of fragments) expect(err.message).toContain(f)
}

// shared/ sits beside the checkout, for developers and CI alike.
const MODEL = path.resolve('..', 'shared/spec/lambda-2015-03-31.service-2.json')

describe('runtime list', () => {
  it('has the 51 unique values of the model enum', () => {
    expect(RUNTIMES).toHaveLength(51)
    expect(new Set(RUNTIMES).size).toBe(51)
  })
  it('knows every runtime of the installed SDK constant', () => {
    for (const r of Object.values(Runtime)) expect(RUNTIMES).toContain(r)
  })
  // Where shared/ is absent (a plain clone elsewhere), the SDK check above stands in.
  ;(fs.existsSync(MODEL) ? it : it.skip)('equals the Runtime enum of the API model', () => {
    const model = JSON.parse(fs.readFileSync(MODEL, 'utf8')) as { shapes: { Runtime: { enum: string[] } } }
    expect([...RUNTIMES].sort()).toEqual([...model.shapes.Runtime.enum].sort())
  })
  it('lists deprecated runtimes that all exist, separately from the 2026 schedule', () => {
    for (const r of [...DEPRECATED_RUNTIMES, ...RUNTIMES_DEPRECATED_2026]) expect(RUNTIMES).toContain(r)
    for (const r of DEPRECATED_RUNTIMES) expect(RUNTIMES_DEPRECATED_2026.has(r)).toBe(false)
    expect(DEPRECATED_RUNTIMES.size).toBe(25)
    expect(RUNTIMES_DEPRECATED_2026.size).toBe(9)
  })
})

describe('checkRuntimes', () => {
  it.each([
    [[], []],
    [
      ['python3.12', 'python3.13'],
      ['python3.12', 'python3.13']
    ],
    [
      ['nodejs22.x', 'nodejs22.x', 'python3.15'],
      ['nodejs22.x', 'python3.15']
    ],
    [
      ['java8.al2023', 'provided.al2023', 'dotnet10', 'ruby4.0'],
      ['java8.al2023', 'provided.al2023', 'dotnet10', 'ruby4.0']
    ]
  ])('accepts %j as %j without warnings', (input, expected) => {
    expect(checkRuntimes(input)).toEqual({ runtimes: expected, warnings: [] })
  })
  it.each([
    ['python3.99', 'is not a Lambda runtime identifier', 'python3.12, python3.13, python3.14, python3.15'],
    ['node22', 'nodejs22.x, nodejs24.x, nodejs26.x'],
    ['Python3.12', 'did you mean python3.12?'],
    ['cobol', 'for example python3.13, nodejs22.x'],
    ['', "'' is not a Lambda runtime identifier"]
  ])('refuses %s', (runtime, ...fragments) => {
    expectInputError(() => checkRuntimes(['python3.12', runtime]), 'compatible-runtimes', `'${runtime}'`, ...fragments)
  })
  it('allows 15 runtimes, refuses 16, counting after deduplication', () => {
    const current = RUNTIMES.filter((r) => !DEPRECATED_RUNTIMES.has(r))
    expect(checkRuntimes([...current.slice(0, 15), current[0]]).runtimes).toHaveLength(15)
    expectInputError(() => checkRuntimes(current.slice(0, 16)), 'compatible-runtimes', 'at most 15', 'got 16')
  })
  it.each([
    [['python3.8'], ["Input 'compatible-runtimes': python3.8 is deprecated; Lambda no longer patches functions on them"]],
    [
      ['nodejs18.x', 'go1.x', 'provided', 'dotnet6', 'ruby2.7', 'java8', 'nodejs4.3-edge', 'dotnetcore3.1', 'python2.7'],
      [
        "Input 'compatible-runtimes': nodejs18.x, go1.x, provided, dotnet6, ruby2.7, java8, nodejs4.3-edge, dotnetcore3.1, python2.7 are deprecated; Lambda no longer patches functions on them"
      ]
    ],
    [['nodejs20.x'], ["Input 'compatible-runtimes': nodejs20.x is scheduled for deprecation during 2026"]],
    [
      ['python3.9', 'python3.10', 'python3.11', 'python3.12'],
      [
        "Input 'compatible-runtimes': python3.9 is deprecated; Lambda no longer patches functions on them",
        "Input 'compatible-runtimes': python3.10, python3.11 are scheduled for deprecation during 2026"
      ]
    ],
    [
      ['ruby3.2', 'java8.al2', 'java11', 'java17', 'provided.al2', 'dotnet8'],
      ["Input 'compatible-runtimes': ruby3.2, java8.al2, java11, java17, provided.al2, dotnet8 are scheduled for deprecation during 2026"]
    ]
  ])('warns about deprecated runtimes %j but keeps them', (input, warnings) => {
    expect(checkRuntimes(input)).toEqual({ runtimes: input, warnings })
  })
})

describe('checkArchitectures', () => {
  it.each([
    [[], []],
    [['x86_64'], ['x86_64']],
    [
      ['arm64', 'x86_64'],
      ['arm64', 'x86_64']
    ],
    [
      ['arm64', 'arm64', 'x86_64', 'x86_64'],
      ['arm64', 'x86_64']
    ]
  ])('accepts %j', (input, expected) => {
    expect(checkArchitectures(input)).toEqual(expected)
  })
  it.each([
    ['amd64', 'did you mean x86_64?'],
    ['aarch64', 'did you mean arm64?'],
    ['ARM64', 'did you mean arm64?'],
    ['riscv64', 'is not x86_64 or arm64']
  ])('refuses %s', (arch, fragment) => {
    expectInputError(() => checkArchitectures([arch]), 'compatible-architectures', `'${arch}'`, fragment)
  })
  it('names exactly the two architectures of the model', () => {
    expect(ARCHITECTURES).toEqual(['x86_64', 'arm64'])
  })
})

describe('regions and partitions', () => {
  it.each([
    ['eu-west-1', 'aws'],
    ['ap-southeast-5', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eusc-de-east-1', 'aws-eusc']
  ])('%s is a region of partition %s', (region, partition) => {
    expect(checkRegion(region)).toBe(region)
    expect(partitionOfRegion(region)).toBe(partition)
  })
  it.each(['EU-WEST-1', 'eu-west', 'euwest1', 'eu-west-12', 'eu-west-1 ', 'eu-west-1a', 'https://eu-west-1'])('refuses %j', (region) =>
    expectInputError(() => checkRegion(region), 'aws-region', `'${region}'`, 'is not a region code')
  )
  it('says which environment variable held a bad region', () => {
    expectInputError(() => checkRegion('Frankfurt', 'AWS_REGION'), 'aws-region', "'Frankfurt' (from AWS_REGION)")
  })
})

describe('checkLayerName', () => {
  const arn = 'arn:aws:lambda:eu-west-1:123456789012:layer:my-deps'
  it.each([
    ['my-deps', 'eu-west-1'],
    ['a', 'eu-west-1'],
    ['x'.repeat(140), 'eu-west-1'],
    ['Under_score-9', 'eu-west-1'],
    [arn, 'eu-west-1'],
    ['arn:aws-cn:lambda:cn-north-1:123456789012:layer:deps', 'cn-north-1'],
    ['arn:aws-us-gov:lambda:us-gov-west-1:123456789012:layer:deps', 'us-gov-west-1']
  ])('accepts %s in %s', (name, region) => {
    expect(checkLayerName(name, region)).toBe(name)
  })
  it.each([
    ['', 'must be 1-140 characters (got 0)'],
    ['x'.repeat(141), 'must be 1-140 characters (got 141)'],
    ['my deps', "'my deps' must be a name of letters, digits, '-' and '_' or a layer ARN"],
    ['my.deps', 'or a layer ARN'],
    [`${arn}:3`, "this is a layer version ARN: drop the trailing ':<version>'"],
    ['arn:aws:lambda:eu-west-1:1234:layer:x', 'or a layer ARN'],
    ['arn:aws:lambda:us-east-1:123456789012:layer:my-deps', 'the layer ARN is in us-east-1 but aws-region is eu-west-1'],
    ['arn:aws-cn:lambda:eu-west-1:123456789012:layer:my-deps', 'partition aws-cn does not match eu-west-1 (aws)']
  ])('refuses %j', (name, fragment) => {
    expectInputError(() => checkLayerName(name, 'eu-west-1'), 'layer-name', fragment)
  })
  it('splits a layer ARN and leaves plain names alone', () => {
    expect(parseLayerArn(arn)).toEqual({ partition: 'aws', region: 'eu-west-1', account: '123456789012', name: 'my-deps' })
    expect(parseLayerArn('arn::lambda:eusc-de-east-1:123456789012:layer:x')).toEqual({
      partition: '',
      region: 'eusc-de-east-1',
      account: '123456789012',
      name: 'x'
    })
    expect(parseLayerArn('my-deps')).toBeUndefined()
    expect(parseLayerArn(`${arn}:3`)).toBeUndefined()
  })
})

describe('description and license-info', () => {
  it('allows up to 256 and 512 characters', () => {
    expect(checkDescription('d'.repeat(256))).toHaveLength(256)
    expect(checkDescription('two\nlines')).toBe('two\nlines')
    expect(checkLicenseInfo('l'.repeat(512))).toHaveLength(512)
  })
  it.each([
    [() => checkDescription('d'.repeat(257)), 'description', 'at most 256 characters (got 257)'],
    [() => checkLicenseInfo('l'.repeat(513)), 'license-info', 'at most 512 characters (got 513)'],
    [() => checkLicenseInfo('MIT\nApache-2.0'), 'license-info', 'single line']
  ])('refuses too long or multi-line values (%#)', (fn, input, fragment) => {
    expectInputError(fn, input, fragment)
  })
})

describe('principals', () => {
  it.each([
    ['*', { kind: 'everyone', value: '*' }],
    ['111122223333', { kind: 'account', value: '111122223333' }],
    ['arn:aws:iam::111122223333:root', { kind: 'root-arn', value: 'arn:aws:iam::111122223333:root' }],
    ['o-a1b2c3d4e5', { kind: 'organization', value: 'o-a1b2c3d4e5' }],
    [`o-${'z'.repeat(32)}`, { kind: 'organization', value: `o-${'z'.repeat(32)}` }]
  ])('parses %s', (value, expected) => {
    expect(parsePrincipal(value)).toEqual(expected)
  })
  it.each([
    'arn:aws:iam::111122223333:user/alice',
    'arn:aws:iam::111122223333:role/r',
    'o-ABC',
    'o-a1b2c3d4e',
    `o-${'z'.repeat(33)}`,
    '11112222333',
    '1111222233334',
    '**',
    'everyone'
  ])('refuses %s and lists the accepted forms', (value) => {
    expectInputError(() => parsePrincipal(value), 'principals', `'${value}'`, '12-digit account id', ':root', "'*'", 'o-[a-z0-9]{10,32}')
  })
  it('deduplicates in order', () => {
    const { principals, warnings } = checkPrincipals(['111122223333', 'o-a1b2c3d4e5', '111122223333'], 'eu-west-1')
    expect(principals.map((p) => p.value)).toEqual(['111122223333', 'o-a1b2c3d4e5'])
    expect(warnings).toEqual([])
  })
  it('allows 50 and refuses 51 distinct principals, saying why', () => {
    const accounts = Array.from({ length: 51 }, (_, i) => String(100000000000 + i))
    expect(checkPrincipals([...accounts.slice(0, 50), accounts[0]], 'eu-west-1').principals).toHaveLength(50)
    expectInputError(
      () => checkPrincipals(accounts, 'eu-west-1'),
      'principals',
      'at most 50',
      'got 51',
      'API call',
      'policy statement',
      '20 KB'
    )
  })
  it.each([
    ['arn:aws:iam::111122223333:root', 'cn-north-1', 'partition aws but aws-region cn-north-1 is in aws-cn'],
    ['arn:aws-cn:iam::111122223333:root', 'eu-west-1', 'partition aws-cn but aws-region eu-west-1 is in aws'],
    ['arn:aws:iam::111122223333:root', 'us-gov-east-1', 'is in aws-us-gov']
  ])('refuses root ARN %s in %s (other partition)', (value, region, fragment) => {
    expectInputError(() => checkPrincipals([value], region), 'principals', `'${value}'`, fragment)
  })
  it('accepts root ARNs of the right partition', () => {
    expect(checkPrincipals(['arn:aws-cn:iam::111122223333:root'], 'cn-north-1').principals).toHaveLength(1)
    expect(checkPrincipals(['arn:aws-us-gov:iam::111122223333:root'], 'us-gov-west-1').principals).toHaveLength(1)
  })
  it("warns that '*' makes other principals redundant", () => {
    expect(checkPrincipals(['*', '111122223333'], 'eu-west-1').warnings).toEqual([
      "Input 'principals': '*' already grants every account; the other principals add nothing"
    ])
    expect(checkPrincipals(['*'], 'eu-west-1').warnings).toEqual([])
  })
})

describe('STS rules', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/layer-publisher', 'eu-west-1'],
    ['arn:aws:iam::123456789012:role/ci/deploy/publisher+x=y,z.@_-', 'eu-west-1'],
    ['arn:aws-cn:iam::123456789012:role/p', 'cn-north-1']
  ])('accepts role %s', (arn, region) => {
    expect(checkRoleArn(arn, region)).toBe(arn)
  })
  it.each([
    ['arn:aws:iam::1:role', 'must be 20-2048 characters (got 19)'],
    [`arn:aws:iam::123456789012:role/${'r'.repeat(2020)}`, 'must be 20-2048 characters (got 2051)'],
    ['arn:aws:iam::123456789012:user/alice', 'is not an IAM role ARN'],
    ['arn:aws:iam::123456789012:role/has space', 'is not an IAM role ARN'],
    [`arn:aws:iam::123456789012:role/${'r'.repeat(65)}`, 'is not an IAM role ARN'],
    ['arn:aws:sts::123456789012:assumed-role/x/y', 'is not an IAM role ARN'],
    ['arn:aws-cn:iam::123456789012:role/layer-publisher', 'partition aws-cn but aws-region eu-west-1 is in aws']
  ])('refuses role %s', (arn, fragment) => {
    expectInputError(() => checkRoleArn(arn, 'eu-west-1'), 'role-to-assume', fragment)
  })
  it.each(['ab', 'GitHubActions', 'a+b=c,d.e@f_g-h', 's'.repeat(64)])('accepts session name %s', (name) => {
    expect(checkRoleSessionName(name)).toBe(name)
  })
  it.each([
    ['a', 'must be 2-64 characters (got 1)'],
    ['s'.repeat(65), 'must be 2-64 characters (got 65)'],
    ['run 42', 'may contain only letters, digits'],
    ['run/42', 'may contain only letters, digits']
  ])('refuses session name %j', (name, fragment) => {
    expectInputError(() => checkRoleSessionName(name), 'role-session-name', fragment)
  })
  it('accepts durations 900-43200 and refuses others', () => {
    expect(checkRoleDurationSeconds(900)).toBe(900)
    expect(checkRoleDurationSeconds(43200)).toBe(43200)
    for (const bad of [899, 43201, 1000.5, Number.NaN]) {
      expectInputError(() => checkRoleDurationSeconds(bad), 'role-duration-seconds', 'integer from 900 to 43200')
    }
  })
  it('requires a non-empty audience without whitespace', () => {
    expect(checkAudience('sts.amazonaws.com.cn')).toBe('sts.amazonaws.com.cn')
    expectInputError(() => checkAudience(''), 'audience', 'must not be empty')
    expectInputError(() => checkAudience('  '), 'audience', 'must not be empty')
    expectInputError(() => checkAudience('a b'), 'audience', 'must not contain whitespace')
  })
})
