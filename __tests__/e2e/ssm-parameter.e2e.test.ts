// Issue 14, ssm-parameter: dist/index.js writes each region's version ARN to an SSM String
// parameter in that region, once the version is shared; the emulator's SSM enforces the
// service's name rules and answers as SSM does.
import { describe, expect, it } from '@jest/globals'
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { oidcEnv, readmeInputs, run, useEmulator, errorLine } from './support.js'

const e2e = useEmulator()
const EU = 'eu-west-1'
const US = 'us-east-1'
const NAME = '/layers/my-deps/latest'
const arn = (region: string, n: number) => `arn:aws:lambda:${region}:123456789012:layer:my-deps:${n}`
const parameter = (region: string) => e2e.emu.parameter(region, NAME)?.versions.at(-1)

const runWith = (extra: Record<string, string> = {}) =>
  run(
    { ...readmeInputs(e2e.emu), regions: `${EU}, ${US}`, 'ssm-parameter': NAME, ...extra },
    { workspace: e2e.workspace, env: oidcEnv(e2e.emu) }
  )

describe('ssm-parameter', () => {
  it("holds each region's version ARN once it is shared, and the next publish replaces it", async () => {
    const first = await runWith()
    expect(first.code).toBe(0)
    expect(parameter(EU)).toMatchObject({ Value: arn(EU, 1), Type: 'String', Version: 1 })
    expect(parameter(US)).toMatchObject({ Value: arn(US, 1), Type: 'String', Version: 1 })
    for (const region of [EU, US]) {
      const inRegion = e2e.emu.requests.filter((r) => r.region === region).map((r) => r.operation)
      expect(inRegion.indexOf('PutParameter')).toBeGreaterThan(inRegion.lastIndexOf('AddLayerVersionPermission'))
    }
    expect(first.summary).toContain(`SSM parameter \`${NAME}\` holds the version ARN in ${EU} and ${US}.`)

    const second = await runWith({ 'role-session-name': 'run-2' })
    expect(second.code).toBe(0)
    expect(parameter(EU)).toMatchObject({ Value: arn(EU, 2), Version: 2 })
    expect(parameter(US)).toMatchObject({ Value: arn(US, 2), Version: 2 })
    expect(e2e.emu.requestsFor('PutParameter').map((r) => r.body)).toContainEqual({
      Name: NAME,
      Value: arn(US, 2),
      Type: 'String',
      Overwrite: true
    })
  })

  it('is written for a version skip-unchanged reused', async () => {
    await runWith({ 'skip-unchanged': 'true' })
    e2e.emu.state.parameters.clear()
    const again = await runWith({ 'skip-unchanged': 'true', 'role-session-name': 'run-2' })
    expect(again.code).toBe(0)
    expect(again.outputs.published).toBe('false')
    expect(parameter(EU)).toMatchObject({ Value: arn(EU, 1), Version: 1 })
  })

  it.each([
    ['/aws/my-deps', "starts with 'aws': names beginning with 'aws' or 'ssm' (in any case) are reserved by SSM"],
    ['/AWSome/latest', "starts with 'AWS'"],
    ['ssm-latest', "starts with 'ssm'"],
    ['layers/latest', "is a path, so it must start with '/' ('/layers/latest')"],
    ['/layers//latest', 'has an empty level'],
    ['/layers/latest/', 'has an empty level'],
    ['/layers/my deps', "may hold only letters, digits, '.', '-', '_' and '/'"],
    ['/layers/my-deps@latest', "may hold only letters, digits, '.', '-', '_' and '/'"],
    [`/${Array.from({ length: 16 }, (_, i) => `l${i}`).join('/')}`, 'has 16 levels; SSM allows at most 15'],
    [`/${'n'.repeat(980)}`, 'gives a parameter ARN of 1025 characters in eu-west-1; SSM allows at most 1011, ARN included']
  ])('refuses %s before any call, naming the input and the rule', async (name, rule) => {
    const result = await runWith({ 'ssm-parameter': name })
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain(`Input 'ssm-parameter': `)
    expect(errorLine(result)).toContain(rule)
    expect(e2e.emu.requests).toEqual([])
  })

  it('a write the role may not make fails that region, which still reports its version as published', async () => {
    e2e.emu.faults.add('PutParameter', {
      region: US,
      status: 400,
      errorName: 'AccessDeniedException',
      message: 'User: arn:aws:sts::123456789012:assumed-role/layer-publisher/GitHubActions is not authorized to perform: ssm:PutParameter'
    })
    const result = await runWith()
    expect(result.code).toBe(1)
    expect(JSON.parse(result.outputs['layer-version-arns'])).toEqual({ [EU]: arn(EU, 1), [US]: arn(US, 1) })
    expect(errorLine(result)).toContain(
      `${US}: ${arn(US, 1)} is published and shared, then: Writing ${arn(US, 1)} to the SSM parameter ${NAME} failed`
    )
    expect(errorLine(result)).toContain(`Allow the role ssm:PutParameter on arn:aws:ssm:${US}:123456789012:parameter/layers/my-deps/latest`)
    expect(e2e.emu.layerVersions(US, 'my-deps').map((v) => v.Version)).toEqual([1])
    expect(parameter(US)).toBeUndefined()
    expect(parameter(EU)).toMatchObject({ Value: arn(EU, 1) })
  })

  it('names a parameter that exists with another type', async () => {
    const ssm = new SSMClient({
      endpoint: e2e.emu.url,
      region: EU,
      credentials: { accessKeyId: 'AKIAEXAMPLESEEDER01', secretAccessKey: 's' }
    })
    await ssm.send(new PutParameterCommand({ Name: NAME, Value: 'a,b', Type: 'StringList' }))
    ssm.destroy()
    const result = await runWith({ regions: EU })
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain('HierarchyTypeMismatchException')
    expect(errorLine(result)).toContain(`${NAME} exists with another type than String`)
  })

  it("retries SSM's throttling (400 ThrottlingException) as the SDK does", async () => {
    e2e.emu.faults.add('PutParameter', { region: EU, status: 400, errorName: 'ThrottlingException' })
    const result = await runWith({ regions: EU })
    expect(result.code).toBe(0)
    expect(e2e.emu.requestsFor('PutParameter').map((r) => r.status)).toEqual([400, 200])
    expect(parameter(EU)).toMatchObject({ Value: arn(EU, 1) })
  })

  it('warns in mode delete that the parameter is left as it is', async () => {
    const result = await runWith({ mode: 'delete' })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`::warning::Input 'ssm-parameter': mode delete leaves ${NAME} as it is`)
    expect(e2e.emu.requestsFor('PutParameter')).toEqual([])
  })
})
