// upsertPrComment with the real @actions/github octokit over HTTP against the emulator's GitHub
// REST comments: which requests were made and what the PR ends up showing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { commentBody, commentMarker, upsertPrComment, type PrContext } from '../../src/report/comment.js'
import { ActionError } from '../../src/errors.js'

let emu: Emulator
let octokit: ReturnType<typeof getOctokit>
const pr: PrContext = { eventName: 'pull_request', owner: 'my-org', repo: 'my-repo', prNumber: 7 }
const arn = (name: string, n: number) => `arn:aws:lambda:eu-west-1:123456789012:layer:${name}:${n}`
const body = (name: string, n: number) => commentBody(name, [{ region: 'eu-west-1', layerVersionArn: arn(name, n), published: true }])

beforeAll(async () => {
  emu = await startEmulator()
  octokit = getOctokit('test-token', { baseUrl: `${emu.url}/github` })
})
afterAll(async () => emu.close())
beforeEach(() => emu.reset())

const ops = () => emu.requests.filter((r) => r.service === 'github').map((r) => `${r.operation} ${r.status}`)
const commentsOn = (n: number) => emu.state.comments.filter((c) => c.issue_number === n)

/** Comments written by people (or, with `author`, by someone else), straight into the emulator's state. */
function seedComments(count: number, issue = 7, text = (i: number) => `comment ${i}`, author = (_i: number) => 'someone') {
  const now = '2026-01-01T00:00:00Z'
  for (let i = 0; i < count; i++) {
    emu.state.comments.push({
      owner: 'my-org',
      repo: 'my-repo',
      issue_number: issue,
      id: ++emu.state.counters.commentId,
      body: text(i),
      created_at: now,
      updated_at: now,
      user_login: author(i)
    })
  }
}

describe('upsertPrComment against the emulator', () => {
  it('creates the comment once, then edits it in place on the next run', async () => {
    seedComments(2)
    const first = await upsertPrComment(octokit, pr, 'my-deps', body('my-deps', 1))
    expect(first.action).toBe('created')
    expect(ops()).toEqual(['GraphQL 200', 'ListComments 200', 'CreateComment 201'])
    expect(emu.requestsFor('CreateComment')[0].path).toBe('/github/repos/my-org/my-repo/issues/7/comments')
    expect(emu.requestsFor('CreateComment')[0].headers.authorization).toMatch(/test-token/)

    emu.requests.length = 0
    const second = await upsertPrComment(octokit, pr, 'my-deps', body('my-deps', 2))
    expect(second).toEqual({ action: 'updated', id: first.id })
    expect(ops()).toEqual(['GraphQL 200', 'ListComments 200', 'UpdateComment 200'])
    const ours = commentsOn(7).filter((c) => c.body.includes(commentMarker('my-deps')))
    expect(ours).toHaveLength(1)
    expect(ours[0]).toMatchObject({ id: first.id, body: body('my-deps', 2) })
    expect(
      commentsOn(7)
        .map((c) => c.body)
        .slice(0, 2)
    ).toEqual(['comment 0', 'comment 1'])
  })

  it('gives a different layer its own comment', async () => {
    await upsertPrComment(octokit, pr, 'my-deps', body('my-deps', 1))
    const other = await upsertPrComment(octokit, pr, 'my-deps-extra', body('my-deps-extra', 1))
    expect(other.action).toBe('created')
    await upsertPrComment(octokit, pr, 'my-deps', body('my-deps', 2))
    expect(commentsOn(7).map((c) => c.body)).toEqual([body('my-deps', 2), body('my-deps-extra', 1)])
  })

  it("ignores the marker on another PR's comments", async () => {
    seedComments(1, 8, () => body('my-deps', 1))
    expect((await upsertPrComment(octokit, pr, 'my-deps', body('my-deps', 2))).action).toBe('created')
    expect(commentsOn(8)[0].body).toBe(body('my-deps', 1))
  })

  it('finds the marker on a later page and stops paging there', async () => {
    seedComments(
      250,
      7,
      (i) => (i === 130 ? body('my-deps', 1) : `comment ${i}`),
      (i) => (i === 130 ? 'github-actions[bot]' : 'someone')
    )
    const target = commentsOn(7)[130].id
    const result = await upsertPrComment(octokit, pr, 'my-deps', body('my-deps', 2))
    expect(result).toEqual({ action: 'updated', id: target })
    expect(emu.requestsFor('ListComments').map((r) => r.query.page ?? '1')).toEqual(['1', '2'])
    expect(emu.requestsFor('CreateComment')).toHaveLength(0)
    expect(commentsOn(7)[130].body).toBe(body('my-deps', 2))
  })

  it('reads every page before concluding there is no comment yet', async () => {
    seedComments(205)
    expect((await upsertPrComment(octokit, pr, 'my-deps', body('my-deps', 1))).action).toBe('created')
    expect(emu.requestsFor('ListComments')).toHaveLength(3)
    expect(commentsOn(7)).toHaveLength(206)
  })

  it('leaves a comment that carries the marker but was written by someone else alone', async () => {
    emu.addComment({
      owner: 'my-org',
      repo: 'my-repo',
      issue_number: 7,
      body: body('my-deps', 1),
      user: { login: 'mallory', type: 'User' }
    })
    const result = await upsertPrComment(octokit, pr, 'my-deps', body('my-deps', 2))
    expect(result.action).toBe('created')
    expect(commentsOn(7).map((c) => [c.user_login, c.body])).toEqual([
      ['mallory', body('my-deps', 1)],
      ['github-actions[bot]', body('my-deps', 2)]
    ])
  })

  it("finds its own comment as the identity a personal access token stands for, not the bot's", async () => {
    emu.github.tokens['test-token'] = { login: 'octocat', id: 583231, type: 'User', installation: false }
    seedComments(
      1,
      7,
      () => body('my-deps', 1),
      () => 'github-actions[bot]'
    )
    const first = await upsertPrComment(octokit, pr, 'my-deps', body('my-deps', 2))
    expect(first.action).toBe('created')
    expect((await upsertPrComment(octokit, pr, 'my-deps', body('my-deps', 3))).action).toBe('updated')
    expect(commentsOn(7).map((c) => [c.user_login, c.body])).toEqual([
      ['github-actions[bot]', body('my-deps', 1)],
      ['octocat', body('my-deps', 3)]
    ])
  })

  it('skips non-PR events without any request', async () => {
    const result = await upsertPrComment(octokit, { eventName: 'push', owner: 'my-org', repo: 'my-repo' }, 'my-deps', body('my-deps', 1))
    expect(result).toMatchObject({ action: 'skipped', reason: expect.stringContaining('push event') })
    expect(emu.requests).toHaveLength(0)
  })

  it('explains a 403 with the permission the job needs', async () => {
    emu.faults.add('CreateComment', { status: 403, message: 'Resource not accessible by integration' })
    const err = (await upsertPrComment(octokit, pr, 'my-deps', body('my-deps', 1)).catch((e) => e)) as ActionError
    expect(err).toBeInstanceOf(ActionError)
    expect(err.message).toMatch(/^Commenting on my-org\/my-repo#7 failed \(HTTP 403\): Resource not accessible by integration/)
    expect(err.fix).toContain('pull-requests: write')
    expect(commentsOn(7)).toHaveLength(0)
  })

  it('says why when the pull request comes from a fork', async () => {
    emu.faults.add('CreateComment', { status: 403, message: 'Resource not accessible by integration' })
    const err = (await upsertPrComment(octokit, { ...pr, fromFork: true }, 'my-deps', body('my-deps', 1)).catch((e) => e)) as ActionError
    expect(err.fix).toMatch(/comes from a fork.*read-only GITHUB_TOKEN.*workflow_run/)
  })
})
