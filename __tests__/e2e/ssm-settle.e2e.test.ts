// ssm-parameter when runs overlap, answers are lost and runs are cancelled: dist/index.js never
// moves the "latest" parameter back to an older version (or one that was pruned), and a write
// whose answer did not come is settled by reading the parameter back, as a lost publish is.
import { describe, expect, it } from '@jest/globals'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { tempDir } from '../helpers/layer-tree.js'
import { groupLines, oidcEnv, readmeInputs, run, start, useEmulator, errorLine } from './support.js'

const e2e = useEmulator()
const EU = 'eu-west-1'
const US = 'us-east-1'
const NAME = '/layers/my-deps/latest'
const arn = (region: string, n: number) => `arn:aws:lambda:${region}:123456789012:layer:my-deps:${n}`
const held = (region: string) => e2e.emu.parameter(region, NAME)?.versions.at(-1)?.Value
const live = (region: string) => e2e.emu.layerVersions(region, 'my-deps').map((v: { Version: number }) => v.Version)
const inputs = (extra: Record<string, string> = {}) => ({ ...readmeInputs(e2e.emu), 'ssm-parameter': NAME, ...extra })

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20))
}

/** A workspace with other content than the shared one: another run's release. */
async function otherWorkspace(): Promise<string> {
  const ws = await tempDir('e2e-other')
  await mkdir(path.join(ws, 'layer/python'), { recursive: true })
  await writeFile(path.join(ws, 'layer/python/b.py'), 'B = 2\n')
  return ws
}

describe('ssm-parameter with overlapping runs', () => {
  it.each([
    ['with keep-versions: 1 (the older version is pruned)', { 'keep-versions': '1' }],
    ['without pruning', {}]
  ])('an older run whose write lands late never moves the parameter back, %s', async (_, extra: Record<string, string>) => {
    e2e.emu.faults.add('PutParameter', { hold: 'a', roleSessionName: 'runA' })
    const a = await start(inputs({ ...extra, 'role-session-name': 'runA' }), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    await until(() => e2e.emu.holds.waiting().includes('a'))
    // A's version is an hour old by B's time, so B's keep-versions prunes it (recent ones are spared).
    e2e.emu.ageLayerVersions(EU, 'my-deps', 60 * 60_000)
    const b = await run(inputs({ ...extra, 'role-session-name': 'runB' }), { workspace: await otherWorkspace(), env: oidcEnv(e2e.emu) })
    expect(b.code).toBe(0)
    expect(held(EU)).toBe(arn(EU, 2))
    e2e.emu.release('a')
    const result = await a.result
    expect(result.code).toBe(0)
    // A's write landed after B's, then A put B's newer ARN back.
    expect(held(EU)).toBe(arn(EU, 2))
    expect(e2e.emu.parameter(EU, NAME)?.versions.map((v) => v.Value)).toEqual([arn(EU, 2), arn(EU, 1), arn(EU, 2)])
    expect(result.stdout).toContain(
      `::warning::${EU}: another run wrote ${arn(EU, 2)} to the SSM parameter ${NAME} just before this run wrote ${arn(EU, 1)}; ${arn(EU, 2)} is newer, so it was put back (parameter version 3)`
    )
    expect(result.summary).toContain(
      `In ${EU}, SSM parameter \`${NAME}\` holds \`${arn(EU, 2)}\`: a newer version, which another run published, so this run left it (put back after this run wrote its own).`
    )
    expect(live(EU)).toEqual(extra['keep-versions'] ? [2] : [2, 1])
  })

  it('after pruning, a run puts its own ARN back where an older run wrote a version it pruned', async () => {
    // A's write lands while B prunes, and A's own check after writing waits.
    e2e.emu.faults.add('PutParameter', { hold: 'a', roleSessionName: 'runA' })
    e2e.emu.faults.add('GetParameter', { delayMs: 0, roleSessionName: 'runA' })
    e2e.emu.faults.add('GetParameter', { hold: 'a-check', roleSessionName: 'runA' })
    e2e.emu.faults.add('DeleteLayerVersion', { hold: 'b-prune', roleSessionName: 'runB' })
    const a = await start(inputs({ 'role-session-name': 'runA' }), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    await until(() => e2e.emu.holds.waiting().includes('a'))
    e2e.emu.ageLayerVersions(EU, 'my-deps', 60 * 60_000)
    const b = await start(inputs({ 'keep-versions': '1', 'role-session-name': 'runB' }), {
      workspace: await otherWorkspace(),
      env: oidcEnv(e2e.emu)
    })
    await until(() => e2e.emu.holds.waiting().includes('b-prune'))
    e2e.emu.release('a')
    await until(() => held(EU) === arn(EU, 1) && e2e.emu.holds.waiting().includes('a-check'))
    e2e.emu.release('b-prune')
    const result = await b.result
    expect(result.code).toBe(0)
    expect(held(EU)).toBe(arn(EU, 2))
    expect(result.stdout).toContain(
      `::warning::${EU}: the SSM parameter ${NAME} named ${arn(EU, 1)}, which pruning deleted (another run wrote it meanwhile); it holds ${arn(EU, 2)} again`
    )
    e2e.emu.release('a-check')
    expect((await a.result).code).toBe(0)
    expect(held(EU)).toBe(arn(EU, 2))
  })

  it('a run that finds a newer version in the parameter leaves it, with a warning', async () => {
    e2e.emu.faults.add('PutParameter', { hold: 'a', roleSessionName: 'runA' })
    e2e.emu.faults.add('GetParameter', { hold: 'a-read', roleSessionName: 'runA' })
    const a = await start(inputs({ 'role-session-name': 'runA' }), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    await until(() => e2e.emu.holds.waiting().includes('a-read'))
    expect((await run(inputs({ 'role-session-name': 'runB' }), { workspace: await otherWorkspace(), env: oidcEnv(e2e.emu) })).code).toBe(0)
    e2e.emu.release('a-read')
    const result = await a.result
    expect(result.code).toBe(0)
    expect(e2e.emu.requestsFor('PutParameter').filter((r) => r.roleSessionName === 'runA')).toEqual([])
    expect(held(EU)).toBe(arn(EU, 2))
    expect(result.stdout).toContain(
      `::warning::${EU}: the SSM parameter ${NAME} names ${arn(EU, 2)}, newer than this run's version (another run published it); left as it is`
    )
  })
})

describe('ssm-parameter writes whose answer did not come', () => {
  it('a 2xx answer cut short: read back, written, the region goes on; no SDK-internal text', async () => {
    e2e.emu.faults.add('PutParameter', { truncate: true })
    const result = await run(inputs({ 'max-attempts': '2', 'keep-versions': '1' }), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(0)
    expect(held(EU)).toBe(arn(EU, 1))
    expect(groupLines(result, `${EU}: ssm-parameter`)).toContain(
      `Writing ${arn(EU, 1)} to the SSM parameter ${NAME}: SSM answered HTTP 200, but the answer was cut short and could not be read; reading it back, it holds ${arn(EU, 1)} (parameter version 1), so the write landed`
    )
    expect(result.stdout).not.toMatch(/hidden field|Deserialization error|SyntaxError/)
    expect(result.summary).toContain(`SSM parameter \`${NAME}\` holds the version ARN in ${EU}.`)
  })

  it('a cancel during the write: read back, reported as written where it landed', async () => {
    e2e.emu.faults.add('PutParameter', { hold: 'h', region: EU, afterApply: true })
    const running = await start(inputs({ regions: `${EU}, ${US}` }), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    await until(() => e2e.emu.holds.waiting().includes('h') && held(US) !== undefined)
    const result = await running.cancel()
    expect(result.code).toBe(1)
    expect(held(EU)).toBe(arn(EU, 1))
    expect(errorLine(result)).toContain(
      `${EU}: ${arn(EU, 1)} is published and shared, then: Writing ${arn(EU, 1)} to the SSM parameter ${NAME}: the run was cancelled while the write was in flight; reading it back, it holds ${arn(EU, 1)} (parameter version 1): the write landed`
    )
    expect(result.stdout).not.toContain('AbortError')
    expect(result.summary).toContain(`SSM parameter \`${NAME}\` holds the version ARN in ${EU} and ${US}.`)
  })
})
