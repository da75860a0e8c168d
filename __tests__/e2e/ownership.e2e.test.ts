// Issue 16, runs that meet: two processes of dist/index.js against one emulator state, ordered by
// holds (never by timing). Each case ends with no version lost that another run made, no
// half-shared version live, and a log and summary that name what was left.
import { describe, expect, it } from '@jest/globals'
import { DeleteLayerVersionCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { oidcEnv, readmeInputs, run, start, useEmulator, type RunResult, errorLine } from './support.js'

const e2e = useEmulator()
const ARN = 'arn:aws:lambda:eu-west-1:123456789012:layer:my-deps'
const versions = () => e2e.emu.layerVersions('eu-west-1', 'my-deps').map((v: { Version: number }) => v.Version)
const inputsFor = (session: string, extra: Record<string, string> = {}) => ({
  ...readmeInputs(e2e.emu),
  'role-session-name': session,
  ...extra
})
const runAs = (session: string, extra: Record<string, string> = {}) =>
  run(inputsFor(session, extra), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
const startAs = (session: string, extra: Record<string, string> = {}) =>
  start(inputsFor(session, extra), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
/** The statement ids on a live version's policy. */
const statementIds = (n: number): string[] => {
  const policy = e2e.emu.state.layers.get('eu-west-1')?.get('my-deps')?.versions.get(n)?.policy as
    { Statement?: { Sid: string }[] } | undefined
  return (policy?.Statement ?? []).map((s) => s.Sid).sort()
}
const FULLY_SHARED = ['publish-lambda-layer-account-111122223333', 'publish-lambda-layer-org-o-a1b2c3d4e5']
/** Run A (session run-a) held at its first `operation` (and the next), run B (run-b) to its end
 * meanwhile, then A released; both with `extra` inputs. Returns A's result and B's. */
async function aHeldWhileBRuns(operation: string, extra: Record<string, string>): Promise<[RunResult, RunResult]> {
  const { emu } = e2e
  emu.faults.add(operation, { roleSessionName: 'run-a', hold: 'a-held', times: 2 })
  const a = await startAs('run-a', extra)
  await emu.waitForRequest((r) => r.operation === operation && r.roleSessionName === 'run-a')
  const bResult = await runAs('run-b', extra)
  emu.release('a-held')
  return [await a.result, bResult]
}

/** A person deletes version `n` by hand, with credentials of their own. */
async function personDeletes(n: number): Promise<void> {
  const person = new LambdaClient({
    endpoint: e2e.emu.url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIAEXAMPLEPERSON01', secretAccessKey: 'secret' }
  })
  await person.send(new DeleteLayerVersionCommand({ LayerName: 'my-deps', VersionNumber: n }))
  person.destroy()
}
const requestsOf = (session: string, op: string) => e2e.emu.requestsFor(op).filter((r) => r.roleSessionName === session)

describe('ownership: only a version newer than the run baseline, with the same CodeSha256, is ever adopted', () => {
  it('adopt-then-delete: a second run whose publish failed does not adopt, nor delete, the first run version', async () => {
    const first = await runAs('run-1')
    expect(first.outputs['layer-version']).toBe('1')
    e2e.emu.faults.add('PublishLayerVersion', { roleSessionName: 'run-2', status: 500 })
    e2e.emu.faults.add('AddLayerVersionPermission', {
      roleSessionName: 'run-2',
      status: 403,
      errorName: 'AccessDeniedException',
      message: 'no'
    })
    const second = await runAs('run-2')
    expect(second.code).toBe(1)
    // Run 2 published its own version 2 after the 500, and withdrew that one only.
    expect(requestsOf('run-2', 'PublishLayerVersion').map((r) => r.status)).toEqual([500, 201])
    expect(requestsOf('run-2', 'DeleteLayerVersion').map((r) => r.path.split('/')[5])).toEqual(['2'])
    expect(versions()).toEqual([1])
    expect(statementIds(1)).toEqual(FULLY_SHARED)
    expect(errorLine(second.stdout)).toContain(`Sharing ${ARN}:2 failed for 111122223333: AccessDeniedException: no`)
    expect(errorLine(second.stdout)).toContain('Version 2 was deleted, so that no half-shared version stays live.')
  })

  it('adopt-a-pre-existing-version: a lost publish never adopts a same-content version older than the run', async () => {
    await runAs('run-1')
    e2e.emu.faults.add('PublishLayerVersion', { roleSessionName: 'run-2', drop: true })
    const second = await runAs('run-2', { 'max-attempts': '1' })
    expect(second.code).toBe(1)
    expect(second.stdout).toContain('PublishLayerVersion failed and no version with this content appeared since version 1')
    expect(versions()).toEqual([1])
    expect(statementIds(1)).toEqual(FULLY_SHARED)
    expect(requestsOf('run-2', 'AddLayerVersionPermission')).toHaveLength(0)
    expect(requestsOf('run-2', 'DeleteLayerVersion')).toHaveLength(0)
    expect(second.summary).toContain('### Lambda layer `my-deps`: failed\n')
    expect(second.summary).toContain('Left in AWS: no version from this run.')
  })

  it('a version the run reused (skip-unchanged) is never deleted when its sharing fails', async () => {
    await runAs('run-1')
    e2e.emu.faults.add('AddLayerVersionPermission', {
      roleSessionName: 'run-2',
      status: 403,
      errorName: 'AccessDeniedException',
      message: 'no'
    })
    const second = await runAs('run-2', { 'skip-unchanged': 'true', principals: '444455556666' })
    expect(second.code).toBe(1)
    expect(errorLine(second.stdout)).toContain('Version 1 was kept: this run did not create it, so it does not undo its sharing.')
    expect(versions()).toEqual([1])
    expect(statementIds(1)).toEqual(FULLY_SHARED)
  })
})

describe('pruning spares the present', () => {
  it('two runs with keep-versions 1 started together: neither deletes the other version while it is being shared', async () => {
    const { emu } = e2e
    // A notes its baseline (0) and is held at its publish; B publishes version 1 and is held at its
    // first grant; A then publishes 2, shares it and prunes: version 1 is newer than A's baseline.
    emu.faults.add('PublishLayerVersion', { roleSessionName: 'run-a', hold: 'a-publish' })
    emu.faults.add('AddLayerVersionPermission', { roleSessionName: 'run-b', hold: 'b-shares' })
    const a = await startAs('run-a', { 'keep-versions': '1' })
    await emu.waitForRequest((r) => r.operation === 'PublishLayerVersion' && r.roleSessionName === 'run-a')
    const b = await startAs('run-b', { 'keep-versions': '1' })
    await emu.waitForRequest((r) => r.operation === 'AddLayerVersionPermission' && r.roleSessionName === 'run-b')
    emu.release('a-publish')
    const aResult = await a.result
    emu.release('b-shares')
    const bResult = await b.result
    expect(aResult.code).toBe(0)
    expect(bResult.code).toBe(0)
    expect(aResult.outputs).toMatchObject({ 'layer-version': '2', 'deleted-versions': '[]' })
    expect(bResult.outputs).toMatchObject({ 'layer-version': '1', 'deleted-versions': '[]' })
    expect(versions()).toEqual([2, 1])
    expect(statementIds(1)).toEqual(FULLY_SHARED)
    expect(statementIds(2)).toEqual(FULLY_SHARED)
  })

  it("a version another run published just before this run's baseline, and still shares: spared by its age", async () => {
    const { emu } = e2e
    // Two old versions, an hour old; run A publishes 3 and is held at its grants; run B then notes
    // baseline 3, publishes 4 and prunes to keep 1: 3 is older than B's baseline, yet minutes old.
    await runAs('seed')
    await runAs('seed')
    emu.ageLayerVersions('eu-west-1', 'my-deps', 60 * 60_000)
    const [aResult, bResult] = await aHeldWhileBRuns('AddLayerVersionPermission', { 'keep-versions': '1' })
    expect(bResult.code).toBe(0)
    expect(aResult.code).toBe(0)
    expect(JSON.parse(bResult.outputs['deleted-versions'])).toEqual([`${ARN}:2`, `${ARN}:1`])
    expect(versions()).toEqual([4, 3])
    expect(statementIds(3)).toEqual(FULLY_SHARED)
    const spared = "keep-versions spared version 3: created less than 15 minutes before this run's version"
    expect(bResult.summary).toContain(spared)
    expect(bResult.stdout).toContain(`::warning::eu-west-1: ${spared}`)
    expect(aResult.outputs['layer-version']).toBe('3')
  })

  it('a version deleted by someone else after it was shared: a later failure says so, and does not report it live', async () => {
    const { emu } = e2e
    emu.addFunction({ name: 'fn1', region: 'eu-west-1', runtime: 'python3.12' })
    emu.faults.add('GetFunctionConfiguration', { roleSessionName: 'run-a', hold: 'a-functions' })
    const a = await startAs('run-a', { 'update-functions': 'fn1' })
    await emu.waitForRequest((r) => r.operation === 'GetFunctionConfiguration' && r.roleSessionName === 'run-a')
    await personDeletes(1)
    emu.release('a-functions')
    const result = await a.result
    expect(result.code).toBe(1)
    expect(errorLine(result.stdout)).toContain(
      `${ARN}:1 was published and shared, but someone else deleted it since (a concurrent run's keep-versions, or a person): Updating function fn1`
    )
    expect(errorLine(result.stdout)).toContain('one concurrency group')
    expect(result.outputs['layer-version-arns']).toBe('{}')
    expect(result.summary).not.toContain('published and shared before the failure')
  })

  it('a version deleted by someone else while the run shares it: the message says so and claims no withdrawal', async () => {
    const { emu } = e2e
    emu.faults.add('AddLayerVersionPermission', { roleSessionName: 'run-b', hold: 'b-shares', times: 2 })
    const b = await startAs('run-b')
    await emu.waitForRequest((r) => r.operation === 'AddLayerVersionPermission' && r.roleSessionName === 'run-b')
    await personDeletes(1)
    emu.release('b-shares')
    const result = await b.result
    expect(result.code).toBe(1)
    const error = errorLine(result.stdout)
    expect(error).toContain('ResourceNotFoundException')
    expect(error).toContain(
      'Version 1 was already gone: someone else deleted it (a concurrent run or a person); this run did not withdraw it.'
    )
    expect(error).not.toContain('was deleted, so')
    expect(error).toContain('give the workflows that publish this layer one concurrency group')
    expect(error).not.toContain('Check the principals input')
    expect(requestsOf('run-b', 'DeleteLayerVersion')).toHaveLength(0)
  })
})

describe('skip-unchanged at the same moment', () => {
  it('both publish when neither sees the other; the second says a same-content version appeared meanwhile', async () => {
    const [aResult, bResult] = await aHeldWhileBRuns('PublishLayerVersion', { 'skip-unchanged': 'true' })
    expect(bResult.code).toBe(0)
    expect(aResult.code).toBe(0)
    expect(versions()).toEqual([2, 1])
    const note = `${ARN}:1 with the same content appeared meanwhile`
    expect(aResult.summary).toContain(note)
    expect(aResult.stdout).toContain(`::warning::eu-west-1: ${note}`)
    expect(aResult.summary).toContain('concurrency group')
    expect(bResult.summary).not.toContain('appeared meanwhile')
  })
})
