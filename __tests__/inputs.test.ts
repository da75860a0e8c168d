import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { parse } from 'yaml'
import { InputError } from '../src/errors.js'
import { readSettings, type InputSource } from '../src/inputs/read.js'
import type { Settings } from '../src/settings.js'

type Env = Record<string, string | undefined>
let ws = '' // GITHUB_WORKSPACE: layer/python/, file.txt, dist/layer.zip, escape -> outside
let outside = '' // a folder next to the workspace, holding ext.zip

beforeAll(() => {
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'inputs-ws-'))
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'inputs-out-'))
  fs.mkdirSync(path.join(ws, 'layer', 'python'), { recursive: true })
  fs.mkdirSync(path.join(ws, 'dist'))
  fs.writeFileSync(path.join(ws, 'file.txt'), 'x')
  fs.writeFileSync(path.join(ws, 'dist', 'layer.zip'), 'PK')
  fs.writeFileSync(path.join(outside, 'ext.zip'), 'PK')
  fs.symlinkSync(outside, path.join(ws, 'escape'))
})
afterAll(() => {
  for (const dir of [ws, outside]) fs.rmSync(dir, { recursive: true, force: true })
})

/** A fake getInput over a table; records every name asked for. */
function source(inputs: Record<string, string>, env: Env): InputSource & { calls: string[] } {
  const calls: string[] = []
  return { calls, env, getInput: (name) => (calls.push(name), inputs[name] ?? '') }
}
const BASE = { 'layer-name': 'my-deps', 'aws-region': 'eu-west-1' }
const read = (inputs: Record<string, string>, env: Env = { GITHUB_WORKSPACE: ws }) => readSettings(source({ ...BASE, ...inputs }, env))
const settingsOf = (inputs: Record<string, string>, env?: Env) => read(inputs, env).settings

function expectInputError(inputs: Record<string, string>, input: string, fragments: string[], env?: Env): void {
  let caught: unknown
  try {
    read(inputs, env)
  } catch (err) {
    caught = err
  }
  expect(caught).toBeInstanceOf(InputError)
  expect((caught as InputError).input).toBe(input)
  expect((caught as InputError).message).toMatch(new RegExp(`^Input '${input}': `))
  for (const f of fragments) expect((caught as InputError).message).toContain(f)
}

const defaults = (): Settings => ({
  layerName: 'my-deps',
  workingDirectory: ws,
  paths: ['.'],
  prefix: '',
  exclude: [],
  compatibleRuntimes: [],
  compatibleArchitectures: [],
  principals: [],
  region: 'eu-west-1',
  roleSessionName: 'GitHubActions',
  roleDurationSeconds: 900,
  audience: 'sts.amazonaws.com',
  dryRun: false,
  regions: ['eu-west-1'],
  skipUnchanged: false,
  alignVersions: false,
  keepVersions: 0,
  mode: 'publish',
  updateFunctions: [],
  commentOnPr: false,
  githubToken: undefined,
  maxAttempts: 5,
  requestTimeoutSeconds: 60
})

/** Input names and defaults as action.yml declares them. */
function actionYmlInputs(): Map<string, string> {
  const yml = parse(fs.readFileSync(path.join(import.meta.dirname ?? '__tests__', '..', 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  return new Map(Object.entries(yml.inputs).map(([name, spec]) => [name, spec.default ?? '']))
}

describe('defaults and the action.yml contract', () => {
  it('turns the minimal inputs into the documented defaults', () => {
    expect(read({})).toEqual({ settings: defaults(), warnings: [] })
  })
  it('reads every action.yml input exactly once, and nothing else', () => {
    const src = source(BASE, { GITHUB_WORKSPACE: ws })
    readSettings(src)
    expect([...src.calls].sort()).toEqual([...actionYmlInputs().keys()].sort())
    expect(src.calls).toHaveLength(34)
  })
  it("treats '' like action.yml's default value", () => {
    // github-token's default is an expression the runner fills in; it has no literal value.
    const explicit = Object.fromEntries([...actionYmlInputs()].filter(([n, v]) => v !== '' && n !== 'github-token'))
    expect(Object.keys(explicit)).toHaveLength(14)
    expect(settingsOf(explicit)).toEqual(settingsOf({}))
  })
  it('reads the README example', () => {
    const { settings, warnings } = read({
      'layer-name': 'my-deps',
      'working-directory': 'layer',
      paths: 'python',
      'compatible-runtimes': 'python3.12, python3.13',
      'compatible-architectures': 'x86_64',
      principals: '111122223333\no-a1b2c3d4e5',
      'role-to-assume': 'arn:aws:iam::123456789012:role/layer-publisher',
      'aws-region': 'eu-west-1'
    })
    expect(warnings).toEqual([])
    expect(settings).toEqual({
      ...defaults(),
      workingDirectory: path.join(ws, 'layer'),
      paths: ['python'],
      compatibleRuntimes: ['python3.12', 'python3.13'],
      compatibleArchitectures: ['x86_64'],
      principals: [
        { kind: 'account', value: '111122223333' },
        { kind: 'organization', value: 'o-a1b2c3d4e5' }
      ],
      roleToAssume: 'arn:aws:iam::123456789012:role/layer-publisher'
    })
  })
  it('keeps optional values, trimmed', () => {
    const s = settingsOf({
      description: '  two\nlines ',
      'license-info': 'MIT',
      'endpoint-url': 'http://localhost:4566',
      's3-bucket': 'my-bucket.data',
      's3-key': 'layers/x.zip',
      'dry-run': 'TRUE',
      'layer-name': 'my-deps\n'
    })
    expect(s).toEqual({
      ...defaults(),
      description: 'two\nlines',
      licenseInfo: 'MIT',
      endpointUrl: 'http://localhost:4566',
      s3Bucket: 'my-bucket.data',
      s3Key: 'layers/x.zip',
      dryRun: true
    })
  })
})

describe('value parsing', () => {
  it.each([
    ['python3.12,python3.13', ['python3.12', 'python3.13']],
    ['python3.12\npython3.13', ['python3.12', 'python3.13']],
    ['python3.12, python3.13\r\n\n  nodejs22.x ,,\n', ['python3.12', 'python3.13', 'nodejs22.x']],
    ['\n\n , \n', []]
  ])('splits runtimes %j', (raw, expected) => {
    expect(settingsOf({ 'compatible-runtimes': raw }).compatibleRuntimes).toEqual(expected)
  })
  it.each([
    ['src/*.{js,ts}, lib\nbin', ['src/*.{js,ts}', 'lib', 'bin']],
    ['python/a[,]b.py, python/c.py', ['python/a[,]b.py', 'python/c.py']],
    ['python/[a-c]*.py,\npython/[,x', ['python/[a-c]*.py', 'python/[,x']],
    [' , \n', ['.']]
  ])('splits paths %j, keeping braces and classes whole', (raw, expected) => {
    expect(settingsOf({ paths: raw }).paths).toEqual(expected)
  })
  it.each([
    ['true', true],
    ['True', true],
    ['FALSE', false],
    ['', false]
  ])('dry-run %j is %s', (raw, expected) => {
    expect(settingsOf({ 'dry-run': raw }).dryRun).toBe(expected)
  })
  it.each(['yes', '1', 'on'])('refuses dry-run %j', (raw) => {
    expectInputError({ 'dry-run': raw }, 'dry-run', [`'${raw}' must be true or false`])
  })
  it.each([
    ['3600', 3600],
    ['43200', 43200],
    ['', 900]
  ])('role-duration-seconds %j is %d', (raw, expected) => {
    expect(settingsOf({ 'role-duration-seconds': raw }).roleDurationSeconds).toBe(expected)
  })
  it.each([
    ['1e3', 'must be a whole number'],
    ['900.5', 'must be a whole number'],
    ['-900', 'must be a whole number'],
    ['1h', 'must be a whole number'],
    ['899', 'from 900 to 43200'],
    ['43201', 'from 900 to 43200']
  ])('refuses role-duration-seconds %j', (raw, fragment) => {
    expectInputError({ 'role-duration-seconds': raw }, 'role-duration-seconds', [fragment])
  })
  it.each(['layer-name', 'aws-region', 'role-to-assume', 'working-directory', 's3-bucket', 'audience', 'dry-run', 'prefix'])(
    'refuses a line break in single-valued %s',
    (name) => expectInputError({ [name]: 'first\nsecond' }, name, ['single value'])
  )
})

describe('aws-region', () => {
  it.each([
    [{ 'aws-region': 'us-east-1' }, { AWS_REGION: 'eu-west-2' }, 'us-east-1'],
    [{ 'aws-region': '' }, { AWS_REGION: 'eu-west-2', AWS_DEFAULT_REGION: 'eu-west-3' }, 'eu-west-2'],
    [{ 'aws-region': '' }, { AWS_DEFAULT_REGION: 'eu-west-3' }, 'eu-west-3']
  ])('%j with env %j gives %s', (inputs, env, region) => {
    expect(settingsOf(inputs, { GITHUB_WORKSPACE: ws, ...env }).region).toBe(region)
  })
  it('is required and must be a region code', () => {
    expectInputError({ 'aws-region': '' }, 'aws-region', ['is required', 'AWS_REGION'])
    expectInputError({ 'aws-region': 'Ireland' }, 'aws-region', ["'Ireland' is not a region code"])
  })
  it('names the environment variable of a bad value', () => {
    expectInputError({ 'aws-region': '' }, 'aws-region', ["'Ireland' (from AWS_DEFAULT_REGION)"], {
      GITHUB_WORKSPACE: ws,
      AWS_DEFAULT_REGION: 'Ireland'
    })
  })
  it('must match the region of a layer ARN', () => {
    expectInputError({ 'layer-name': 'arn:aws:lambda:us-east-1:123456789012:layer:x' }, 'layer-name', ['us-east-1', 'eu-west-1'])
  })
})

describe('working-directory and zip-file', () => {
  it.each([
    ['layer', () => path.join(ws, 'layer')],
    ['./layer/python/', () => path.join(ws, 'layer', 'python')],
    ['ABS', () => path.join(ws, 'layer')]
  ])('resolves %s inside GITHUB_WORKSPACE', (raw, expected) => {
    const value = raw === 'ABS' ? path.join(ws, 'layer') : raw
    expect(settingsOf({ 'working-directory': value }).workingDirectory).toBe(expected())
  })
  it.each([
    ['..', 'outside GITHUB_WORKSPACE'],
    ['layer/../..', 'outside GITHUB_WORKSPACE'],
    ['OUT', 'outside GITHUB_WORKSPACE'],
    ['escape', 'outside GITHUB_WORKSPACE'],
    ['missing', 'does not exist'],
    ['file.txt', 'is not a directory']
  ])('refuses %s', (raw, fragment) => {
    const value = raw === 'OUT' ? outside : raw
    expectInputError({ 'working-directory': value }, 'working-directory', [`'${value}'`, fragment])
  })
  it('without GITHUB_WORKSPACE, resolves against the current directory and allows any folder', () => {
    expect(settingsOf({}, {}).workingDirectory).toBe(process.cwd())
    expect(settingsOf({ 'working-directory': outside }, {}).workingDirectory).toBe(outside)
  })
  it('resolves zip-file to an absolute file, also outside the workspace (RUNNER_TEMP)', () => {
    expect(settingsOf({ 'zip-file': 'dist/layer.zip' }).zipFile).toBe(path.join(ws, 'dist', 'layer.zip'))
    expect(settingsOf({ 'zip-file': path.join(outside, 'ext.zip'), paths: '.' }).zipFile).toBe(path.join(outside, 'ext.zip'))
  })
  it.each([
    [{ 'zip-file': 'dist/none.zip' }, ['does not exist']],
    [{ 'zip-file': 'dist' }, ['is not a file']],
    [{ 'zip-file': 'dist/layer.zip', paths: 'python' }, ["cannot be combined with 'paths'"]],
    [{ 'zip-file': 'dist/layer.zip', prefix: 'python' }, ["cannot be combined with 'prefix'"]],
    [{ 'zip-file': 'dist/layer.zip', exclude: '*.pyc', paths: 'a' }, ["'paths', 'exclude'"]]
  ])('refuses zip-file in %j', (inputs, fragments) => {
    expectInputError(inputs, 'zip-file', fragments)
  })
})

describe('prefix, paths and exclude', () => {
  it.each([
    ['/python/', 'python'],
    ['nodejs/node_modules', 'nodejs/node_modules'],
    ['a//b/./c/', 'a/b/c'],
    ['/', ''],
    ['./a', 'a'],
    ['', '']
  ])('normalises prefix %j to %j', (raw, expected) => {
    expect(settingsOf({ prefix: raw }).prefix).toBe(expected)
  })
  it.each([
    ['../x', "'..' segments"],
    ['a/../b', "'..' segments"],
    ['C:/layer', 'not an absolute path'],
    ['a\\b', 'backslashes']
  ])('refuses prefix %j', (raw, fragment) => {
    expectInputError({ prefix: raw }, 'prefix', [`'${raw}'`, fragment])
  })
  it.each(['paths', 'exclude'])('refuses absolute and escaping %s entries, naming the entry', (name) => {
    for (const entry of ['/etc/passwd', 'C:\\x', '\\\\server\\share']) {
      expectInputError({ [name]: `ok,${entry}` }, name, [`'${entry}'`, 'not absolute'])
    }
    for (const entry of ['../secret', 'a/../../b', 'a\\..\\b']) {
      expectInputError({ [name]: `ok\n${entry}` }, name, [`'${entry}'`, "'..' segments"])
    }
  })
  // Checked here once, before any file is read: the plan stage trusts these rules.
  it.each(['../outside', 'python/../../x', '..', 'a\\..\\b', '../**/*.py', '../*', '/etc', '/etc/passwd', '/work/other'])(
    'refuses paths entry %j, naming it',
    (pattern) => {
      expectInputError({ paths: pattern }, 'paths', [`Input 'paths': '${pattern}'`])
    }
  )
  // The plan stage once also took absolute paths inside the working directory; no run could reach
  // that, since this rule comes first, and the rule is now in one place only.
  it('refuses an absolute paths entry even inside the working directory', () => {
    const inside = path.join(ws, 'layer', 'python')
    expectInputError({ 'working-directory': 'layer', paths: inside }, 'paths', [`'${inside}'`, 'not absolute'])
  })
  it('keeps exclude patterns', () => {
    expect(settingsOf({ exclude: '**/*.pyc\n**/__pycache__/**' }).exclude).toEqual(['**/*.pyc', '**/__pycache__/**'])
  })
})

describe('endpoint, S3, principals and warnings', () => {
  it.each(['localhost:4566', 'ftp://example.com', 'not a url', 'http://'])('refuses endpoint-url %j', (raw) => {
    expectInputError({ 'endpoint-url': raw }, 'endpoint-url', [`'${raw}'`, 'http:// or https://'])
  })
  it.each(['ab', 'A-bucket', 'my_bucket', '-bucket', 'bucket-', 'b'.repeat(64)])('refuses s3-bucket %j', (raw) => {
    expectInputError({ 's3-bucket': raw }, 's3-bucket', [`'${raw}'`, '3-63 characters'])
  })
  it('keeps a {region} bucket as a template, one bucket per region', () => {
    const settings = settingsOf({ 's3-bucket': 'layers-{region}', regions: 'eu-west-1, us-east-1' })
    expect(settings.s3Bucket).toBe('layers-{region}')
    expect(settingsOf({ 's3-bucket': 'layers', regions: 'eu-west-1' }).s3Bucket).toBe('layers')
  })
  it('refuses one bucket for several regions, naming s3-bucket and the placeholder', () => {
    expectInputError({ 's3-bucket': 'layers', regions: 'eu-west-1, us-east-1' }, 's3-bucket', [
      "'layers' is one bucket",
      'regions names 2 regions',
      "'layers-{region}'"
    ])
  })
  it('checks the naming rules with every region filled in', () => {
    const name = `${'b'.repeat(50)}-{region}`
    expect(settingsOf({ 's3-bucket': name, regions: 'eu-west-1' }).s3Bucket).toBe(name)
    expectInputError({ 's3-bucket': name, regions: 'eu-west-1, ap-southeast-2' }, 's3-bucket', [
      `gives '${'b'.repeat(50)}-ap-southeast-2' in ap-southeast-2`,
      '3-63 characters'
    ])
    expectInputError({ 's3-bucket': 'Layers-{region}' }, 's3-bucket', ["gives 'Layers-eu-west-1' in eu-west-1"])
  })
  it('refuses s3-key without s3-bucket, and keys above 1024 bytes', () => {
    expectInputError({ 's3-key': 'x.zip' }, 's3-key', ["requires 's3-bucket'"])
    expectInputError({ 's3-bucket': 'bkt', 's3-key': 'é'.repeat(513) }, 's3-key', ['1024 bytes'])
  })
  it('deduplicates principals and refuses unknown forms', () => {
    expect(settingsOf({ principals: '*,111122223333, 111122223333' }).principals).toEqual([
      { kind: 'everyone', value: '*' },
      { kind: 'account', value: '111122223333' }
    ])
    for (const bad of ['o-ABC', 'arn:aws:iam::111122223333:user/alice']) {
      expectInputError({ principals: `111122223333\n${bad}` }, 'principals', [`'${bad}'`, '12-digit account id'])
    }
    expectInputError({ principals: 'arn:aws:iam::111122223333:root', 'aws-region': 'cn-north-1' }, 'principals', ['aws-cn'])
  })
  it('collects deprecation and audience warnings without failing', () => {
    const { warnings } = read({
      'compatible-runtimes': 'python3.8,nodejs20.x',
      'aws-region': 'cn-north-1',
      'role-to-assume': 'arn:aws-cn:iam::123456789012:role/p'
    })
    expect(warnings).toEqual([
      "Input 'compatible-runtimes': python3.8 is deprecated; Lambda no longer patches functions on them",
      "Input 'compatible-runtimes': nodejs20.x is scheduled for deprecation during 2026",
      "Input 'audience': the aws-cn partition expects sts.amazonaws.com.cn"
    ])
    expect(
      read({ 'aws-region': 'cn-north-1', audience: 'sts.amazonaws.com.cn', 'role-to-assume': 'arn:aws-cn:iam::123456789012:role/p' })
        .warnings
    ).toEqual([])
  })
})

describe('code signing', () => {
  const signing = { 's3-bucket': 'layers-{region}', 'signing-profile-name': 'LayerSigner' }
  it('reads the profile, its owner and the timeout; no profile means no signing', () => {
    expect(settingsOf(signing).signing).toEqual({ profileName: 'LayerSigner', timeoutSeconds: 300 })
    const shared = settingsOf({ ...signing, 'signing-profile-owner': '210987654321', 'signing-timeout-seconds': '60' })
    expect(shared.signing).toEqual({ profileName: 'LayerSigner', profileOwner: '210987654321', timeoutSeconds: 60 })
    expect(settingsOf({ 's3-bucket': 'layers' }).signing).toBeUndefined()
  })
  it('refuses a profile without s3-bucket, naming both inputs', () => {
    expectInputError({ 'signing-profile-name': 'LayerSigner' }, 'signing-profile-name', ["requires 's3-bucket'", 'version of an S3 object'])
  })
  it.each(['a', 'Layer-Signer', 'x'.repeat(65), 'layer signer'])('refuses the profile name %j', (raw) => {
    expectInputError({ ...signing, 'signing-profile-name': raw }, 'signing-profile-name', [`'${raw}'`, '2-64 letters, digits'])
  })
  it('refuses an owner that is no account id, or given without a profile', () => {
    expectInputError({ ...signing, 'signing-profile-owner': '12345' }, 'signing-profile-owner', ["'12345'", '12-digit'])
    expectInputError({ 'signing-profile-owner': '210987654321' }, 'signing-profile-owner', ["requires 'signing-profile-name'"])
  })
  it.each(['4', '3601', '1.5'])('refuses signing-timeout-seconds %j', (raw) => {
    expectInputError({ ...signing, 'signing-timeout-seconds': raw }, 'signing-timeout-seconds', [raw])
  })
})

describe('purity', () => {
  it('opens no socket and calls no fetch', () => {
    const connect = jest.spyOn(net.Socket.prototype, 'connect').mockImplementation(() => {
      throw new Error('network used')
    })
    const fetchSpy = jest.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('network used'))
    try {
      expect(() => net.connect({ port: 9, host: '127.0.0.1' })).toThrow('network used') // the trap works
      connect.mockClear()
      const env: Env = { GITHUB_WORKSPACE: ws, AWS_REGION: 'eu-west-1' }
      const before = JSON.stringify(env)
      read({ 'role-to-assume': 'arn:aws:iam::123456789012:role/p', 'endpoint-url': 'http://localhost:4566', principals: '*' }, env)
      expect(connect).not.toHaveBeenCalled()
      expect(fetchSpy).not.toHaveBeenCalled()
      expect(JSON.stringify(env)).toBe(before)
    } finally {
      connect.mockRestore()
      fetchSpy.mockRestore()
    }
  })
  it('imports no AWS SDK or HTTP module, and no other src file reads inputs', () => {
    const src = path.join(import.meta.dirname ?? '__tests__', '..', 'src')
    const files = ['read', 'checks', 'rules', 'compatibility', 'lists', 'paths', 'signing', 'ssm-parameter', 'warnings'].map(
      (f) => `inputs/${f}.ts`
    )
    for (const file of files) {
      const text = fs.readFileSync(path.join(src, file), 'utf8')
      const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1])
      for (const spec of imports)
        expect([
          'node:fs',
          'node:path',
          '@actions/core',
          '../errors.js',
          '../settings.js',
          './rules.js',
          './checks.js',
          './compatibility.js',
          './lists.js',
          './paths.js',
          './signing.js',
          './ssm-parameter.js',
          './warnings.js',
          './runtimes.json'
        ]).toContain(spec)
    }
    const sources = fs.readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && f !== 'inputs/read.ts')
    expect(sources.length).toBeGreaterThan(20)
    for (const file of sources) {
      expect([file, /core\.get(Boolean|Multiline)?Input\(/.test(fs.readFileSync(path.join(src, file), 'utf8'))]).toEqual([file, false])
    }
  })
  it('reads INPUT_* variables through @actions/core by default', () => {
    const vars = {
      'INPUT_LAYER-NAME': 'env-deps',
      'INPUT_AWS-REGION': 'eu-north-1',
      'INPUT_COMPATIBLE-RUNTIMES': 'ruby3.4',
      GITHUB_WORKSPACE: ws
    }
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]))
    Object.assign(process.env, vars)
    try {
      expect(readSettings().settings).toEqual({
        ...defaults(),
        layerName: 'env-deps',
        region: 'eu-north-1',
        regions: ['eu-north-1'],
        compatibleRuntimes: ['ruby3.4']
      })
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
    }
  })
})
