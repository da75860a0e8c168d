// dist/index.js when AWS throttles, errors, hangs or drops a response: the user ends with
// exactly the versions expected, and a clear message when the step fails.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { oidcEnv, pythonWorkspace, readmeInputs, run, startEmulator, type Emulator } from './support.js'

let emu: Emulator
let workspace: string

beforeAll(async () => {
  emu = await startEmulator()
  workspace = await pythonWorkspace()
})
afterAll(async () => emu.close())
beforeEach(() => emu.reset())

const errorLine = (stdout: string) => stdout.split('\n').find((l) => l.startsWith('::error::')) ?? ''
const versions = () => emu.layerVersions('eu-west-1', 'my-deps').map((v: { Version: number }) => v.Version)

describe('retries', () => {
  it('adopts the version when the publish response is lost after it was created: no duplicate', async () => {
    emu.faults.add('PublishLayerVersion', { dropAfterApply: true })
    const result = await run(readmeInputs(emu), { workspace, env: oidcEnv(emu) })
    expect(result.code).toBe(0)
    expect(versions()).toEqual([1])
    expect(emu.requestsFor('PublishLayerVersion')).toHaveLength(1)
    expect(result.stdout).toContain('after creating version 1; using it instead of publishing again')
    expect(result.outputs).toMatchObject({ 'layer-version': '1', published: 'true' })
    expect(emu.requestsFor('AddLayerVersionPermission')).toHaveLength(2)
  })

  it('retries throttling with Retry-After and 5xx on every call', async () => {
    emu.faults.add('PublishLayerVersion', { status: 429, retryAfter: 1 })
    emu.faults.add('AddLayerVersionPermission', { status: 503, times: 2 })
    const result = await run(readmeInputs(emu), { workspace, env: oidcEnv(emu) })
    expect(result.code).toBe(0)
    expect(versions()).toEqual([1])
    expect(emu.requestsFor('PublishLayerVersion')).toHaveLength(2)
    expect(emu.requestsFor('AddLayerVersionPermission')).toHaveLength(4)
  })

  it('stops after max-attempts, withdraws the version and names the principal', async () => {
    emu.faults.add('AddLayerVersionPermission', { status: 500, times: 10 })
    const inputs = { ...readmeInputs(emu), principals: '111122223333', 'max-attempts': '2' }
    const result = await run(inputs, { workspace, env: oidcEnv(emu) })
    expect(result.code).toBe(1)
    expect(emu.requestsFor('AddLayerVersionPermission')).toHaveLength(2)
    expect(errorLine(result.stdout)).toMatch(/Sharing .*:1 failed for 111122223333: ServiceException.*Version 1 was deleted/)
    expect(versions()).toEqual([])
  })

  it('does not retry a permanent 403, and retries the withdrawal itself', async () => {
    emu.faults.add('AddLayerVersionPermission', { status: 403, errorName: 'AccessDeniedException', message: 'not allowed' })
    emu.faults.add('DeleteLayerVersion', { status: 500 })
    const result = await run({ ...readmeInputs(emu), principals: '111122223333' }, { workspace, env: oidcEnv(emu) })
    expect(result.code).toBe(1)
    expect(emu.requestsFor('AddLayerVersionPermission')).toHaveLength(1)
    expect(emu.requestsFor('DeleteLayerVersion')).toHaveLength(2)
    expect(errorLine(result.stdout)).toContain('111122223333: AccessDeniedException: not allowed')
    expect(versions()).toEqual([])
  })
})

describe('a hung endpoint', () => {
  it('fails the step with a clear message instead of hanging the job', async () => {
    emu.faults.add('PublishLayerVersion', { delayMs: 2500, status: 503, times: 3 })
    const inputs = { ...readmeInputs(emu), 'request-timeout-seconds': '1', 'max-attempts': '2' }
    const result = await run(inputs, { workspace, env: oidcEnv(emu) })
    expect(result.code).toBe(1)
    expect(errorLine(result.stdout)).toMatch(/eu-west-1: TimeoutError: .*raise request-timeout-seconds/)
    expect(emu.requestsFor('PublishLayerVersion')).toHaveLength(2)
  })
})
