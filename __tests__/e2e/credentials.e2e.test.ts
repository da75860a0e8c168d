// dist/index.js and where its credentials come from, against the emulator answering as GitHub and
// AWS really do: a token service that fails now and then, AWS_PROFILE beside keys from an earlier
// step, sessions that expire in the middle of a run, several regions on one session.
import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { tempDir } from '../helpers/layer-tree.js'
import { logLines, oidcEnv, readmeInputs, run, ROLE, useEmulator, errorLine } from './support.js'

const e2e = useEmulator()

/** The ::error:: line the runner shows as the step's failure. */

/** An annotation is one line (newlines would show as %0A) and never has '..' where a fix is joined. */
function expectCleanAnnotation(line: string): void {
  expect(line).not.toMatch(/%0A|\.\. /)
}

describe('the GitHub OIDC token service failing', () => {
  it.each([
    ['an HTTP 500', { status: 500 }],
    ['a reset connection', { reset: true }]
  ])('retries after %s and publishes', async (_what, fault) => {
    e2e.emu.faults.add('GetIdToken', fault)
    const result = await run(readmeInputs(e2e.emu), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(0)
    expect(e2e.emu.requestsFor('GetIdToken')).toHaveLength(2)
    expect(result.stdout).toMatch(/GitHub OIDC token request attempt 1 failed \(.+\); retrying/)
    expect(result.outputs.published).toBe('true')
  })

  it('gives up after request-timeout-seconds of silence, reporting the timeout, not the permission', async () => {
    e2e.emu.faults.add('GetIdToken', { hang: true, times: 2 })
    const inputs = { ...readmeInputs(e2e.emu), 'request-timeout-seconds': '1', 'max-attempts': '2' }
    const result = await run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(1)
    const line = errorLine(result)
    expect(line).toContain("Could not get a GitHub OIDC token for audience 'sts.amazonaws.com': no answer within 1 s after 2 attempt(s).")
    expect(line).toContain('raise request-timeout-seconds')
    expect(line).not.toContain('id-token')
    expectCleanAnnotation(line)
    expect(e2e.emu.requestsFor('GetIdToken')).toHaveLength(2)
    expect(e2e.emu.requestsFor('AssumeRoleWithWebIdentity')).toEqual([])
  })

  it('reports the status when the service keeps failing', async () => {
    e2e.emu.faults.add('GetIdToken', { status: 500, times: 2 })
    const inputs = { ...readmeInputs(e2e.emu), 'max-attempts': '2' }
    const result = await run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(1)
    expect(errorLine(result)).toMatch(/: HTTP 500 after 2 attempt\(s\)\. GitHub's token service failed: re-run the job/)
    expect(errorLine(result)).not.toContain('id-token')
  })
})

describe('where credentials come from without role-to-assume', () => {
  it('takes the keys in the environment over AWS_PROFILE, warns naming both, and logs the account', async () => {
    const dir = await tempDir('aws-config')
    const credentialsFile = path.join(dir, 'credentials')
    await writeFile(credentialsFile, '[other]\naws_access_key_id = AKIAPROFILE000000001\naws_secret_access_key = profile-secret\n')
    await writeFile(path.join(dir, 'config'), '[profile other]\nregion = eu-west-1\n')
    e2e.emu.sts.identities.AKIAENVIRONMENT00001 = { account: '111111111111', arn: 'arn:aws:iam::111111111111:user/ci' }
    e2e.emu.sts.identities.AKIAPROFILE000000001 = { account: '222222222222', arn: 'arn:aws:iam::222222222222:user/other' }
    const inputs = { ...readmeInputs(e2e.emu), 'role-to-assume': '' }
    const result = await run(inputs, {
      workspace: e2e.workspace,
      env: {
        AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENT00001',
        AWS_SECRET_ACCESS_KEY: 'environment-secret',
        AWS_PROFILE: 'other',
        AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
        AWS_CONFIG_FILE: path.join(dir, 'config')
      }
    })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      /::warning::Both AWS_PROFILE \('other'\) and AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY are set: using the keys/
    )
    expect(logLines(result)).toContain('AWS calls run as arn:aws:iam::111111111111:user/ci (account 111111111111)')
    const signedWith = new Set(e2e.emu.requests.filter((r) => r.service === 'lambda').map((r) => r.accessKeyId))
    expect([...signedWith]).toEqual(['AKIAENVIRONMENT00001'])
    expect(result.stderr).not.toContain('Multiple credential sources detected')
  })
})

describe('credentials over a long run', () => {
  it('assumes the role again, with a fresh OIDC token, when the session expires mid-run', async () => {
    // The session ends after 3 s; the action waits 5 s between two reads of a function that is
    // updating, so the read after the wait needs a new session.
    e2e.emu.sts.sessionLifetimeSeconds = 3
    e2e.emu.addFunction({ name: 'my-fn', region: 'eu-west-1', pollsUntilDone: 1 })
    const result = await run({ ...readmeInputs(e2e.emu), 'update-functions': 'my-fn' }, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(0)
    const expired = e2e.emu.requests.filter((r) => /Expired/.test(JSON.stringify(r.fault ?? '')) || r.status === 403)
    expect(expired).toEqual([])
    const assumed = e2e.emu.requestsFor('AssumeRoleWithWebIdentity')
    expect(assumed.length).toBeGreaterThan(1)
    // Each session came from its own OIDC token: the 5-minute token is never reused.
    const tokens = assumed.map((r) => (r.body as Record<string, string>).WebIdentityToken)
    expect(new Set(tokens).size).toBe(tokens.length)
    expect(e2e.emu.requestsFor('GetFunctionConfiguration').length).toBeGreaterThan(0)
  })

  it('shares one session among all regions, and names the assumed role', async () => {
    const result = await run(
      { ...readmeInputs(e2e.emu), regions: 'eu-west-1, us-east-1, ap-southeast-2' },
      { workspace: e2e.workspace, env: oidcEnv(e2e.emu) }
    )
    expect(result.code).toBe(0)
    expect(e2e.emu.requestsFor('GetIdToken')).toHaveLength(1)
    expect(e2e.emu.requestsFor('AssumeRoleWithWebIdentity')).toHaveLength(1)
    expect(new Set(e2e.emu.requestsFor('PublishLayerVersion').map((r) => r.roleSessionName))).toEqual(new Set(['GitHubActions']))
    expect(logLines(result)).toContain(
      `AWS calls run as arn:aws:sts::123456789012:assumed-role/${ROLE.split('/')[1]}/GitHubActions (account 123456789012)`
    )
  })
})
