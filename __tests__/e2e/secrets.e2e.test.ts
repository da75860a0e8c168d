// The whole step log, success and failure, grepped for every secret value.
import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { eventFile, logLines, oidcEnv, pythonWorkspace, readmeInputs, run, unmaskedUses, type RunResult, useEmulator } from './support.js'

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

/** The secrets of the run checked: the last one's credentials and OIDC token. */
function secretsOf(): string[] {
  const creds = e2e.emu.sts.issued[e2e.emu.sts.issued.length - 1]
  return [
    githubToken,
    e2e.emu.oidc.issued[e2e.emu.oidc.issued.length - 1].token,
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

  it('stay masked with step debug logging on: every AWS and GitHub call logged, the stored zip read', async () => {
    const inputs = { ...readmeInputs(e2e.emu), 'comment-on-pr': 'true', 'github-token': githubToken, 'skip-unchanged': 'true' }
    const other = await pythonWorkspace()
    await writeFile(path.join(other, 'layer/python/mydeps/__init__.py'), 'VALUE = 41\n')
    expect((await run(inputs, { workspace: other, env: await prEnv() })).code).toBe(0)
    const result = await run(inputs, { workspace: e2e.workspace, env: { ...(await prEnv()), RUNNER_DEBUG: '1' } })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      /^::debug::s3 GetObject \(the stored zip's last \d+ bytes\) in eu-west-1, attempt 1: HTTP 206 in \d+ ms$/m
    )
    expect(result.stdout).toMatch(/^::debug::GitHub API POST \/graphql, attempt 1: HTTP 200 in \d+ ms$/m)
    expect(result.stdout).toMatch(
      /^::debug::GitHub API PATCH \/repos\/\{owner\}\/\{repo\}\/issues\/comments\/\{comment_id\}, attempt 1: HTTP 200 in \d+ ms$/m
    )
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
