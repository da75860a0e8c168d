// Issue 9 items 1, 2, 3 and 8 end to end: dist/index.js against the emulator answering as real
// AWS does. Throttling as HTTP 400, 2xx answers whose body is cut short, a lost answer on the
// last attempt, and 50 principals under Lambda's 15 requests/s control-plane limit.
import { describe, expect, it } from '@jest/globals'
import { oidcEnv, readmeInputs, run, publishAsAnotherTool, start, useEmulator, errorLine } from './support.js'

const e2e = useEmulator()
const versions = () => e2e.emu.layerVersions('eu-west-1', 'my-deps').map((v: { Version: number }) => v.Version)
/** The statement ids on a live version's policy. */
const statementIds = (n: number): string[] => {
  const layer = e2e.emu.state.layers.get('eu-west-1')?.get('my-deps')
  const policy = layer?.versions.get(n)?.policy as { Statement?: { Sid: string }[] } | undefined
  return (policy?.Statement ?? []).map((s) => s.Sid).sort()
}
const runReadme = (extra: Record<string, string> = {}) =>
  run({ ...readmeInputs(e2e.emu), ...extra }, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })

describe('throttling as HTTP 400 (Lambda Common Errors: ThrottlingException)', () => {
  it('retries a publish refused with 400 ThrottlingException, without looking for a landed version', async () => {
    e2e.emu.faults.add('PublishLayerVersion', { status: 400, errorName: 'ThrottlingException' })
    const result = await runReadme()
    expect(result.code).toBe(0)
    expect(versions()).toEqual([1])
    expect(e2e.emu.requestsFor('PublishLayerVersion').map((r) => r.status)).toEqual([400, 201])
    expect(result.stdout).toContain('PublishLayerVersion attempt 1 failed (ThrottlingException: Rate exceeded); retrying')
    // Throttled calls are not applied, so no version lookup ran before the retry.
    expect(e2e.emu.requestsFor('GetLayerVersion')).toHaveLength(0)
  })
})

describe('a 2xx whose body cannot be read', () => {
  it('publish: the version was made; the run finds it and shares it instead of failing', async () => {
    e2e.emu.faults.add('PublishLayerVersion', { truncate: true })
    const result = await runReadme()
    expect(result.code).toBe(0)
    expect(versions()).toEqual([1])
    expect(e2e.emu.requestsFor('PublishLayerVersion')).toHaveLength(1)
    expect(result.outputs).toMatchObject({ 'layer-version': '1', published: 'true' })
    expect(e2e.emu.requestsFor('AddLayerVersionPermission').map((r) => r.path.split('/')[5])).toEqual(['1', '1'])
  })

  it('publish cut mid-body on a closed connection: found, not published twice', async () => {
    e2e.emu.faults.add('PublishLayerVersion', { truncate: true, closeMidBody: true })
    const result = await runReadme()
    expect(result.code).toBe(0)
    expect(versions()).toEqual([1])
    expect(e2e.emu.requestsFor('PublishLayerVersion')).toHaveLength(1)
  })

  it('grant: counted as applied (the policy confirms it), the version is not withdrawn', async () => {
    e2e.emu.faults.add('AddLayerVersionPermission', { truncate: true })
    const result = await runReadme()
    expect(result.code).toBe(0)
    expect(versions()).toEqual([1])
    expect(e2e.emu.requestsFor('DeleteLayerVersion')).toHaveLength(0)
    expect(e2e.emu.requestsFor('GetLayerVersionPolicy')).toHaveLength(1)
    expect(statementIds(1)).toEqual(['publish-lambda-layer-account-111122223333', 'publish-lambda-layer-org-o-a1b2c3d4e5'])
  })

  it('reads: read again', async () => {
    e2e.emu.faults.add('ListLayerVersions', { truncate: true })
    const result = await runReadme()
    expect(result.code).toBe(0)
    expect(e2e.emu.requestsFor('ListLayerVersions').map((r) => r.status)).toEqual([200, 200, 200])
    expect(e2e.emu.requestsFor('ListLayerVersions')[0].fault).toMatchObject({ truncate: true })
    expect(versions()).toEqual([1])
  })
})

describe('the last attempt', () => {
  it('max-attempts 1 and a dropped publish answer: the lookup still runs, and the version is shared', async () => {
    e2e.emu.faults.add('PublishLayerVersion', { dropAfterApply: true })
    const result = await runReadme({ 'max-attempts': '1' })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      'The failed attempt had created version 1 (newer than version 0, with this CodeSha256); using it instead of publishing again'
    )
    expect(versions()).toEqual([1])
    expect(e2e.emu.requestsFor('AddLayerVersionPermission').map((r) => r.path.split('/')[5])).toEqual(['1', '1'])
  })

  it('a dropped answer that created nothing fails the step and says no version appeared', async () => {
    e2e.emu.faults.add('PublishLayerVersion', { drop: true })
    const result = await runReadme({ 'max-attempts': '1' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('PublishLayerVersion failed and no version with this content appeared since version 0')
    expect(versions()).toEqual([])
  })

  it('names the versions it cannot settle: another run published the same content while the answer was lost', async () => {
    const { emu, workspace } = e2e
    // Run A's publish is applied (version 1), then its answer is held and finally dropped; run B
    // publishes the same content meanwhile (version 2). A cannot tell which is its own.
    emu.faults.add('PublishLayerVersion', { roleSessionName: 'run-a', hold: 'a-answer', drop: true, afterApply: true })
    const inputsFor = (session: string) => ({ ...readmeInputs(emu), 'role-session-name': session, 'max-attempts': '1' })
    const a = await start(inputsFor('run-a'), { workspace, env: oidcEnv(emu) })
    await emu.waitForRequest((r) => r.operation === 'PublishLayerVersion' && r.roleSessionName === 'run-a')
    const b = await start(inputsFor('run-b'), { workspace, env: oidcEnv(emu) })
    const bResult = await b.result
    emu.release('a-answer')
    const aResult = await a.result
    expect(bResult.code).toBe(0)
    expect(bResult.outputs['layer-version']).toBe('2')
    expect(aResult.code).toBe(1)
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:layer:my-deps'
    expect(errorLine(aResult.stdout)).toContain(`Left behind: ${arn}:2, ${arn}:1`)
    expect(aResult.summary).toContain(`Left in AWS, not settled by this run: ${arn}:2; ${arn}:1.`)
    // A shares and deletes neither: B's version stays whole.
    expect(versions()).toEqual([2, 1])
    expect(emu.requestsFor('DeleteLayerVersion')).toHaveLength(0)
    expect(emu.requestsFor('AddLayerVersionPermission').filter((r) => r.roleSessionName === 'run-a')).toHaveLength(0)
  })
})

describe("pacing under Lambda's control-plane limit (15 requests/s per account and region)", () => {
  it('shares with 50 principals without a single throttled call, even with max-attempts 1', async () => {
    e2e.emu.rateLimit.configure({})
    const principals = Array.from({ length: 50 }, (_, i) => String(100000000000 + i)).join('\n')
    const result = await runReadme({ principals, 'max-attempts': '1' })
    expect(result.code).toBe(0)
    expect(e2e.emu.requestsFor('AddLayerVersionPermission')).toHaveLength(50)
    expect(e2e.emu.requests.filter((r) => r.status === 429 || r.status === 400)).toEqual([])
  })

  const seedVersions = (count: number) => publishAsAnotherTool(e2e.emu, 'eu-west-1', count)

  it('prunes 40 old versions without a throttled call', async () => {
    await seedVersions(40)
    e2e.emu.rateLimit.configure({})
    const result = await runReadme({ 'keep-versions': '1', 'max-attempts': '1' })
    expect(result.code).toBe(0)
    expect(versions()).toEqual([41])
    expect(e2e.emu.requests.filter((r) => r.status === 429 || r.status === 400)).toEqual([])
  })

  it('deletes 40 versions (mode: delete) without a throttled call', async () => {
    await seedVersions(40)
    e2e.emu.rateLimit.configure({})
    const result = await runReadme({ mode: 'delete', 'max-attempts': '1' })
    expect(result.code).toBe(0)
    expect(versions()).toEqual([])
    expect(e2e.emu.requests.filter((r) => r.status === 429 || r.status === 400)).toEqual([])
  })
})
