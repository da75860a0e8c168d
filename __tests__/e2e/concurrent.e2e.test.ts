// Two runs of dist/index.js against one emulator state, ordered by holds instead of timing, and
// the runner's cancel sequence (SIGINT, SIGTERM, kill) as the helpers in support.ts send it.
import { describe, expect, it } from '@jest/globals'
import { fileURLToPath } from 'node:url'
import { oidcEnv, readmeInputs, start, useEmulator } from './support.js'

const e2e = useEmulator()
const signals = fileURLToPath(new URL('./fixtures/signals.js', import.meta.url))

describe('two runs against one emulator', () => {
  it('each publishes and shares its own version when the first run is held mid-publish', async () => {
    const { emu, workspace } = e2e
    emu.faults.add('PublishLayerVersion', { roleSessionName: 'run-a', hold: 'a-publishes' })
    const inputsFor = (session: string) => ({ ...readmeInputs(emu), 'role-session-name': session })
    const a = await start(inputsFor('run-a'), { workspace, env: oidcEnv(emu) })
    await emu.waitForRequest((r) => r.operation === 'PublishLayerVersion' && r.roleSessionName === 'run-a')
    const b = await start(inputsFor('run-b'), { workspace, env: oidcEnv(emu) })
    const bResult = await b.result
    emu.release('a-publishes')
    const aResult = await a.result
    expect(bResult.code).toBe(0)
    expect(aResult.code).toBe(0)
    expect(bResult.outputs['layer-version']).toBe('1')
    expect(aResult.outputs['layer-version']).toBe('2')
    expect(emu.layerVersions('eu-west-1', 'my-deps').map((v) => v.Version)).toEqual([2, 1])
    const grants = (session: string) =>
      emu
        .requestsFor('AddLayerVersionPermission')
        .filter((r) => r.roleSessionName === session)
        .map((r) => r.path.split('/')[5])
    expect(grants('run-a')).toEqual(['2', '2'])
    expect(grants('run-b')).toEqual(['1', '1'])
  })
})

describe("the runner's cancel sequence", () => {
  it('sends SIGINT, then SIGTERM, then kills a process that ignores both', async () => {
    const running = await start({}, { workspace: e2e.workspace, script: signals })
    await running.waitForOutput('ready')
    const result = await running.cancel({ sigtermAfterMs: 300, killAfterMs: 300 })
    expect(result.signalsSent).toEqual(['SIGINT', 'SIGTERM', 'SIGKILL'])
    expect(result.signal).toBe('SIGKILL')
    expect(result.stdout).toContain('got SIGINT\ngot SIGTERM\n')
  })

  it('stops at the signal the process exits on', async () => {
    const running = await start({}, { workspace: e2e.workspace, script: signals, env: { EXIT_ON: 'SIGINT' } })
    await running.waitForOutput('ready')
    const result = await running.cancel()
    expect(result.signalsSent).toEqual(['SIGINT'])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('got SIGINT')
  })
})
