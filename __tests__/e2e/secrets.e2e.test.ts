// The whole step log, success and failure, grepped for every secret value.
import { describe, expect, it } from '@jest/globals'
import { eventFile, logLines, oidcEnv, readmeInputs, run, unmaskedUses, type RunResult, useEmulator } from './support.js'

const githubToken = 'ghs_secretgithubtoken0000000001'
const e2e = useEmulator()

async function prEnv(): Promise<Record<string, string>> {
  return {
    ...oidcEnv(e2e.emu),
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: await eventFile({ number: 3, pull_request: { number: 3 } }),
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_API_URL: `${e2e.emu.url}/github`
  }
}

function secretsOf(): string[] {
  const creds = e2e.emu.sts.issued[0]
  return [
    githubToken,
    e2e.emu.oidc.issued[0].token,
    creds.accessKeyId,
    creds.secretAccessKey,
    creds.sessionToken,
    e2e.emu.oidc.requestToken
  ].filter((s): s is string => Boolean(s))
}

function expectClean(result: RunResult): void {
  // The runner's own request token is never printed, not even masked.
  expect(logLines(result).some((l) => l.includes(e2e.emu.oidc.requestToken))).toBe(false)
  expect(
    unmaskedUses(
      result,
      secretsOf().filter((s) => s !== e2e.emu.oidc.requestToken)
    )
  ).toEqual([])
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/Signature=|X-Amz-Signature|X-Amz-Security-Token|Credential=/)
}

describe('secrets in the step log', () => {
  it('are masked before use on a successful run with a PR comment', async () => {
    const inputs = { ...readmeInputs(e2e.emu), 'comment-on-pr': 'true', 'github-token': githubToken }
    const result = await run(inputs, { workspace: e2e.workspace, env: await prEnv() })
    expect(result.code).toBe(0)
    expect(e2e.emu.requestsFor('CreateComment')).toHaveLength(1)
    expectClean(result)
  })

  it('stay masked when AWS errors are printed', async () => {
    e2e.emu.faults.add('AddLayerVersionPermission', { status: 403, errorName: 'AccessDeniedException', message: 'User is not authorized' })
    const inputs = { ...readmeInputs(e2e.emu), 'comment-on-pr': 'true', 'github-token': githubToken }
    const result = await run(inputs, { workspace: e2e.workspace, env: await prEnv() })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('AccessDeniedException')
    expectClean(result)
  })
})
