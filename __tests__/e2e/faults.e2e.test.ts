// dist/index.js when AWS throttles, errors, hangs or drops a response: the user ends with
// exactly the versions expected, and a clear message when the step fails.
import { describe, expect, it } from '@jest/globals'
import { oidcEnv, readmeInputs, run, useEmulator, errorLine } from './support.js'

const e2e = useEmulator()

const versions = () => e2e.emu.layerVersions('eu-west-1', 'my-deps').map((v: { Version: number }) => v.Version)

describe('retries', () => {
  it('adopts the version when the publish response is lost after it was created: no duplicate', async () => {
    e2e.emu.faults.add('PublishLayerVersion', { dropAfterApply: true })
    const result = await run(readmeInputs(e2e.emu), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(0)
    expect(versions()).toEqual([1])
    expect(e2e.emu.requestsFor('PublishLayerVersion')).toHaveLength(1)
    expect(result.stdout).toContain(
      'The failed attempt had created version 1 (newer than version 0, with this CodeSha256); using it instead of publishing again'
    )
    expect(result.outputs).toMatchObject({ 'layer-version': '1', published: 'true' })
    expect(e2e.emu.requestsFor('AddLayerVersionPermission')).toHaveLength(2)
  })

  it('retries throttling with Retry-After and 5xx on every call', async () => {
    e2e.emu.faults.add('PublishLayerVersion', { status: 429, retryAfter: 1 })
    e2e.emu.faults.add('AddLayerVersionPermission', { status: 503, times: 2 })
    const result = await run(readmeInputs(e2e.emu), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(0)
    expect(versions()).toEqual([1])
    expect(e2e.emu.requestsFor('PublishLayerVersion')).toHaveLength(2)
    expect(e2e.emu.requestsFor('AddLayerVersionPermission')).toHaveLength(4)
  })

  it('stops after max-attempts, withdraws the version and names the principal', async () => {
    e2e.emu.faults.add('AddLayerVersionPermission', { status: 500, times: 10 })
    const inputs = { ...readmeInputs(e2e.emu), principals: '111122223333', 'max-attempts': '2' }
    const result = await run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(1)
    expect(e2e.emu.requestsFor('AddLayerVersionPermission')).toHaveLength(2)
    expect(errorLine(result.stdout)).toMatch(/Sharing .*:1 failed for 111122223333: ServiceException.*Version 1 was deleted/)
    expect(versions()).toEqual([])
  })

  it('does not retry a permanent 403, and retries the withdrawal itself', async () => {
    e2e.emu.faults.add('AddLayerVersionPermission', { status: 403, errorName: 'AccessDeniedException', message: 'not allowed' })
    e2e.emu.faults.add('DeleteLayerVersion', { status: 500 })
    const result = await run({ ...readmeInputs(e2e.emu), principals: '111122223333' }, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(1)
    expect(e2e.emu.requestsFor('AddLayerVersionPermission')).toHaveLength(1)
    expect(e2e.emu.requestsFor('DeleteLayerVersion')).toHaveLength(2)
    expect(errorLine(result.stdout)).toContain('111122223333: AccessDeniedException: not allowed')
    expect(versions()).toEqual([])
  })
})

describe('a hung endpoint', () => {
  it('fails the step with a clear message instead of hanging the job', async () => {
    e2e.emu.faults.add('PublishLayerVersion', { delayMs: 2500, status: 503, times: 3 })
    const inputs = { ...readmeInputs(e2e.emu), 'request-timeout-seconds': '1', 'max-attempts': '2' }
    const result = await run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(1)
    expect(errorLine(result.stdout)).toMatch(/eu-west-1: TimeoutError: .*raise request-timeout-seconds/)
    expect(e2e.emu.requestsFor('PublishLayerVersion')).toHaveLength(2)
  })
})
