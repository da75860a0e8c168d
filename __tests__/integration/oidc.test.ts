// fetchIdToken over real HTTP against the emulator's GitHub OIDC token service, failing as the
// real service has been seen to fail: 500, reset connections, silence.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { ActionError } from '../../src/errors.js'
import { fetchIdToken, type IdTokenOptions } from '../../src/aws/oidc.js'

let emu: Emulator
beforeAll(async () => {
  emu = await startEmulator()
})
afterAll(() => emu.close())
beforeEach(() => emu.reset())

function options(overrides: Partial<IdTokenOptions> = {}) {
  const masked: string[] = []
  const logged: string[] = []
  const opts: IdTokenOptions = {
    audience: 'sts.amazonaws.com',
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: `${emu.url}/oidc/token?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: emu.oidc.requestToken },
    timeoutSeconds: 1,
    maxAttempts: 3,
    firstBackoffMs: 10,
    mask: (t) => masked.push(t),
    log: (m) => logged.push(m),
    ...overrides
  }
  return { opts, masked, logged }
}

const tokenRequests = () => emu.requestsFor('GetIdToken')

describe('fetchIdToken', () => {
  it('gets a token for the audience and masks it', async () => {
    const { opts, masked } = options()
    const token = await fetchIdToken(opts)
    expect(token).toBe(emu.oidc.issued[0].token)
    expect(emu.oidc.issued[0].claims.aud).toBe('sts.amazonaws.com')
    expect(masked).toEqual([token])
  })

  it.each([
    ['an HTTP 500', { status: 500 }],
    ['a reset connection', { reset: true }],
    ['a dropped connection', { drop: true }],
    ['silence', { hang: true }]
  ])('retries after %s and gets the token', async (_what, fault) => {
    emu.faults.add('GetIdToken', fault)
    const { opts, logged } = options()
    const token = await fetchIdToken(opts)
    expect(emu.oidc.issued.map((i: { token: string }) => i.token)).toEqual([token])
    expect(tokenRequests()).toHaveLength(2)
    expect(logged).toEqual([expect.stringMatching(/^GitHub OIDC token request attempt 1 failed/)])
  })

  it('reports the status, not the permission, when the service keeps failing', async () => {
    emu.faults.add('GetIdToken', { status: 503, times: 3 })
    const err = (await fetchIdToken(options().opts).catch((e: unknown) => e)) as ActionError
    expect(err).toBeInstanceOf(ActionError)
    expect(err.message).toBe("Could not get a GitHub OIDC token for audience 'sts.amazonaws.com': HTTP 503 after 3 attempt(s)")
    expect(err.fix).toMatch(/token service failed: re-run/)
    expect(err.fix).not.toMatch(/id-token/)
    expect(tokenRequests()).toHaveLength(3)
  })

  it('gives up after request-timeout-seconds of silence per attempt and says so', async () => {
    emu.faults.add('GetIdToken', { hang: true, times: 2 })
    const err = (await fetchIdToken(options({ maxAttempts: 2 }).opts).catch((e: unknown) => e)) as ActionError
    expect(err.message).toMatch(/: no answer within 1 s after 2 attempt\(s\)$/)
    expect(err.fix).toMatch(/reach the host of ACTIONS_ID_TOKEN_REQUEST_URL.*request-timeout-seconds/)
  })

  it('does not retry a refused request token, and never says it does', async () => {
    const { opts, logged } = options()
    opts.env = { ...opts.env, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong' }
    const err = (await fetchIdToken(opts).catch((e: unknown) => e)) as ActionError
    expect(err.message).toMatch(/: HTTP 401$/)
    expect(err.fix).toMatch(/refused ACTIONS_ID_TOKEN_REQUEST_TOKEN/)
    expect(tokenRequests()).toHaveLength(1)
    expect(logged).toEqual([])
  })

  it.each([
    [{}, /\(ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN missing\)/],
    [{ ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/x?a=1' }, /\(ACTIONS_ID_TOKEN_REQUEST_TOKEN missing\)/]
  ])('blames the missing id-token permission only when the variables are missing %#', async (env, named) => {
    const err = (await fetchIdToken(options({ env }).opts).catch((e: unknown) => e)) as ActionError
    expect(err.message).toMatch(named)
    expect(err.fix).toMatch(/permissions: id-token: write/)
    expect(tokenRequests()).toHaveLength(0)
  })
})
