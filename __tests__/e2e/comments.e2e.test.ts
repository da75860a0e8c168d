// dist/index.js and its sticky PR comment against the emulator's GitHub, whose comments carry
// their author as GitHub's do: only the token's own comment is edited, and a fork's read-only
// token gets the fork's hint.
import { describe, expect, it } from '@jest/globals'
import { eventFile, oidcEnv, readmeInputs, run, start, useEmulator, errorLine } from './support.js'

const e2e = useEmulator()

/** The runner environment of a pull_request event for PR #7 of octo-org/octo-repo. */
async function pullRequestEnv(headRepo = 'octo-org/octo-repo'): Promise<Record<string, string>> {
  const pull_request = { number: 7, head: { repo: { full_name: headRepo } }, base: { repo: { full_name: 'octo-org/octo-repo' } } }
  return {
    ...oidcEnv(e2e.emu),
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: await eventFile({ action: 'synchronize', number: 7, pull_request }),
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_API_URL: `${e2e.emu.url}/github`
  }
}

const inputs = () => ({ ...readmeInputs(e2e.emu), 'comment-on-pr': 'true', 'github-token': 'ghs_token' })
const comments = () => e2e.emu.state.comments.map((c) => ({ by: c.user_login, v1: c.body.includes(':1`') }))

describe('the sticky PR comment', () => {
  it('edits only a comment the token itself wrote, not one where someone pasted the marker', async () => {
    e2e.emu.addComment({
      owner: 'octo-org',
      repo: 'octo-repo',
      issue_number: 7,
      body: '<!-- publish-lambda-layer:my-deps -->\nlooks like the bot',
      user: { login: 'mallory', type: 'User' }
    })
    const env = await pullRequestEnv()
    const first = await run(inputs(), { workspace: e2e.workspace, env })
    expect(first.code).toBe(0)
    expect(comments()).toEqual([
      { by: 'mallory', v1: false },
      { by: 'github-actions[bot]', v1: true }
    ])
    const second = await run(inputs(), { workspace: e2e.workspace, env })
    expect(second.code).toBe(0)
    expect(e2e.emu.state.comments.map((c) => c.user_login)).toEqual(['mallory', 'github-actions[bot]'])
    expect(e2e.emu.state.comments[0].body).toBe('<!-- publish-lambda-layer:my-deps -->\nlooks like the bot')
    expect(e2e.emu.state.comments[1].body).toContain('my-deps:2')
    expect(e2e.emu.requestsFor('UpdateComment')).toHaveLength(1)
  })

  it("shows the fork's hint when a fork's read-only token cannot comment", async () => {
    e2e.emu.faults.add('CreateComment', { status: 403, message: 'Resource not accessible by integration' })
    const result = await run(inputs(), { workspace: e2e.workspace, env: await pullRequestEnv('contributor/octo-repo') })
    expect(result.code).toBe(0)
    const warning = result.stdout.split('\n').find((l) => l.startsWith('::warning::Could not write the PR comment')) ?? ''
    expect(warning).toContain('(HTTP 403): Resource not accessible by integration')
    expect(warning).toContain('This pull request comes from a fork, and its runs get a read-only GITHUB_TOKEN')
    expect(warning).not.toMatch(/%0A|\.\. /)
  })
})

describe('a GitHub API that does not answer', () => {
  it('gives the comment up after request-timeout-seconds, as a warning: the layer is published', async () => {
    e2e.emu.faults.add('GraphQL', { hang: true, times: 5 })
    const result = await run({ ...inputs(), 'request-timeout-seconds': '2' }, { workspace: e2e.workspace, env: await pullRequestEnv() })
    expect(result.code).toBe(0)
    const warning = result.stdout.split('\n').find((l) => l.startsWith('::warning::Could not write the PR comment')) ?? ''
    expect(warning).toContain('no answer within 2 s (request-timeout-seconds)')
    expect(warning).not.toContain('HTTP 500')
    expect(e2e.emu.layerVersions('eu-west-1', 'my-deps')).toHaveLength(1)
  })

  it("stops at the runner's cancel while the comment hangs, and says so in the summary", async () => {
    e2e.emu.faults.add('GraphQL', { hang: true, times: 5 })
    const running = await start(inputs(), { workspace: e2e.workspace, env: await pullRequestEnv() })
    await e2e.emu.waitForRequest('GraphQL')
    const result = await running.cancel()
    expect(result.signalsSent).toEqual(['SIGINT'])
    expect(result.code).toBe(1)
    expect(result.summary).toContain('published')
    expect(result.summary).toContain('**The run was cancelled (SIGINT)** while it wrote the PR comment')
    expect(errorLine(result.stdout)).toContain('The run was cancelled (SIGINT) while it wrote the PR comment')
    expect(result.stdout).toMatch(/::warning::Could not write the PR comment: .*the run was cancelled/)
    // The layer work had finished: the version stays, published and shared.
    expect(e2e.emu.layerVersions('eu-west-1', 'my-deps')).toHaveLength(1)
    expect(result.outputs['layer-version-arn']).toMatch(/my-deps:1$/)
  })
})
