import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

// @actions/github builds its `context` from the runner's variables when first imported, so
// they are set before comment.js (and with it @actions/github) is loaded.
const eventFile = path.join(mkdtempSync(path.join(tmpdir(), 'pll-event-')), 'event.json')
writeFileSync(eventFile, JSON.stringify({ action: 'synchronize', pull_request: { number: 42 } }))
const runnerEnv = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventFile, GITHUB_REPOSITORY: 'my-org/my-repo' }
const saved = Object.fromEntries(Object.keys(runnerEnv).map((k) => [k, process.env[k]]))
Object.assign(process.env, runnerEnv)
afterAll(() => {
  rmSync(path.dirname(eventFile), { recursive: true, force: true })
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
})
const { commentBody, commentMarker, prContextFromGithub, upsertPrComment } = await import('../src/report/comment.js')

const arn = (region: string, n: number) => `arn:aws:lambda:${region}:123456789012:layer:my-deps:${n}`

describe('commentMarker', () => {
  it('is a hidden HTML comment naming the layer', () => {
    expect(commentMarker('my-deps')).toBe('<!-- publish-lambda-layer:my-deps -->')
  })

  it('does not match a layer whose name extends it', () => {
    expect(commentMarker('my-deps-pr-1').includes(commentMarker('my-deps'))).toBe(false)
  })
})

describe('commentBody', () => {
  it('starts with the marker and has one row per region', () => {
    const body = commentBody('my-deps', [
      { region: 'eu-west-1', layerVersionArn: arn('eu-west-1', 3), published: true },
      { region: 'us-east-1', layerVersionArn: arn('us-east-1', 2), published: false },
      { region: 'ap-south-1', error: 'AccessDeniedException: not | allowed\nhere' }
    ])
    expect(body).toBe(
      [
        '<!-- publish-lambda-layer:my-deps -->',
        '### Lambda layer `my-deps`',
        '',
        '| region | layer version | status |',
        '|---|---|---|',
        `| eu-west-1 | \`${arn('eu-west-1', 3)}\` | published |`,
        `| us-east-1 | \`${arn('us-east-1', 2)}\` | reused (unchanged) |`,
        '| ap-south-1 | - | failed: AccessDeniedException: not \\| allowed here |',
        ''
      ].join('\n')
    )
  })

  it('lists deleted versions when the preview was removed', () => {
    const body = commentBody('my-deps-pr-7', [], { deleted: { deleted: [arn('eu-west-1', 1), arn('eu-west-1', 2)], failedRegions: [] } })
    expect(body.startsWith('<!-- publish-lambda-layer:my-deps-pr-7 -->\n')).toBe(true)
    expect(body).not.toContain('| region |')
    expect(body).toContain('The preview layer was removed: 2 versions deleted.')
    expect(body).toContain(`- \`${arn('eu-west-1', 1)}\`\n- \`${arn('eu-west-1', 2)}\``)
  })

  it('says so when there was nothing left to delete', () => {
    expect(commentBody('x', [], { deleted: { deleted: [], failedRegions: [] } })).toContain('no versions were left to delete')
  })

  it('never says the preview was removed when a region failed', () => {
    const rows = [
      { region: 'eu-west-1', deleted: [arn('eu-west-1', 1)] },
      { region: 'us-east-1', error: 'AccessDeniedException: no' }
    ]
    const body = commentBody('x', rows, { deleted: { deleted: [arn('eu-west-1', 1)], failedRegions: ['us-east-1'] } })
    expect(body).toContain('| eu-west-1 | - | 1 version deleted |')
    expect(body).toContain(
      `Could not remove the preview layer in us-east-1: its versions there may still be live. 1 version deleted:\n\n- \`${arn('eu-west-1', 1)}\``
    )
    expect(body).not.toContain('removed:')
  })
})

describe('prContextFromGithub', () => {
  type Payload = {
    pull_request?: { number: number; head?: { repo: { full_name: string } | null }; base?: { repo: { full_name: string } } }
  }
  const ctx = (eventName: string, payload: Payload) => ({
    eventName,
    payload,
    repo: { owner: 'o', repo: 'r' }
  })

  it.each([
    ['pull_request', { pull_request: { number: 5 } }, 5],
    ['pull_request_target', { pull_request: { number: 6 } }, 6],
    ['push', {}, undefined],
    ['workflow_dispatch', { pull_request: { number: 9 } }, undefined],
    ['pull_request', {}, undefined]
  ])('%s %j -> PR %s', (eventName, payload, prNumber) => {
    expect(prContextFromGithub(ctx(eventName, payload))).toMatchObject({ eventName, owner: 'o', repo: 'r', prNumber })
  })

  it.each([
    [{ number: 5, head: { repo: { full_name: 'someone/r' } }, base: { repo: { full_name: 'o/r' } } }, true],
    [{ number: 5, head: { repo: { full_name: 'o/r' } }, base: { repo: { full_name: 'o/r' } } }, false],
    [{ number: 5, head: { repo: null } }, false],
    [{ number: 5 }, false]
  ])('tells a pull request from a fork: %j -> %s', (pull_request, fromFork) => {
    expect(prContextFromGithub(ctx('pull_request', { pull_request })).fromFork).toBe(fromFork)
  })

  it("reads @actions/github's context by default", () => {
    expect(prContextFromGithub()).toEqual({ eventName: 'pull_request', owner: 'my-org', repo: 'my-repo', prNumber: 42, fromFork: false })
  })
})

describe('upsertPrComment on other events', () => {
  it('skips with a reason and makes no request', async () => {
    const octokit = new Proxy(
      {},
      {
        get: () => {
          throw new Error('no request expected')
        }
      }
    )
    const result = await upsertPrComment(octokit as never, { eventName: 'push', owner: 'o', repo: 'r' }, 'my-deps', 'body')
    expect(result).toEqual({ action: 'skipped', reason: 'comment-on-pr only comments on pull_request events; this run is a push event' })
  })
})
