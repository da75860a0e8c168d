// dist/index.js: what a run reports when a step fails after its version went live (outputs,
// summary, PR comment), and what a failed mode: delete says on the PR. The report names what
// exists in AWS, never less and never more.
import { describe, expect, it } from '@jest/globals'
import { eventFile, oidcEnv, readmeInputs, run, start, useEmulator } from './support.js'

const e2e = useEmulator()
const ARN = 'arn:aws:lambda:eu-west-1:123456789012:layer:my-deps'
const versions = (name = 'my-deps') => e2e.emu.layerVersions('eu-west-1', name).map((v: { Version: number }) => v.Version)

/** The runner environment of a pull_request event for PR #7 (closed when `closed`). */
async function pullRequestEnv(closed = false): Promise<Record<string, string>> {
  const pull_request = {
    number: 7,
    head: { repo: { full_name: 'octo-org/octo-repo' } },
    base: { repo: { full_name: 'octo-org/octo-repo' } }
  }
  return {
    ...oidcEnv(e2e.emu),
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: await eventFile({ action: closed ? 'closed' : 'synchronize', number: 7, pull_request }),
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_API_URL: `${e2e.emu.url}/github`
  }
}
const commenting = { 'comment-on-pr': 'true', 'github-token': 'ghs_token' }
const comment = () => e2e.emu.state.comments[0]?.body ?? ''

describe('a step after sharing fails: the live version stays in every output', () => {
  it('a function that does not exist: outputs, summary and PR comment name the published, shared version', async () => {
    const inputs = { ...readmeInputs(e2e.emu), ...commenting, 'update-functions': 'nosuchfn' }
    const result = await run(inputs, { workspace: e2e.workspace, env: await pullRequestEnv() })
    expect(result.code).toBe(1)
    expect(versions()).toEqual([1])
    expect(result.outputs).toMatchObject({
      'layer-arn': ARN,
      'layer-version-arn': `${ARN}:1`,
      'layer-version': '1',
      published: 'true',
      'layer-version-arns': JSON.stringify({ 'eu-west-1': `${ARN}:1` }),
      'failed-regions': '["eu-west-1"]'
    })
    expect(result.outputs['code-sha256']).toBe(e2e.emu.layerVersions('eu-west-1', 'my-deps')[0].CodeSha256)
    expect(result.summary).toContain('Shared with 111122223333 and organization o-a1b2c3d4e5.')
    expect(result.summary).toContain('| eu-west-1 | 1 | failed after publishing |')
    expect(comment()).toMatch(new RegExp(`\\| eu-west-1 \\| \`${ARN}:1\` \\| failed: .*nosuchfn`))
  })

  it('a reused version: published is false, and the summary says it was reused', async () => {
    const inputs = { ...readmeInputs(e2e.emu), 'skip-unchanged': 'true' }
    await run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    const result = await run({ ...inputs, 'update-functions': 'nosuchfn' }, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ 'layer-version-arn': `${ARN}:1`, published: 'false' })
    expect(result.summary).toContain('| eu-west-1 | 1 | failed after reusing |')
    expect(result.stdout).toContain(`${ARN}:1 is reused and shared, then:`)
  })

  it('cancelled during the function update: the outputs name the version that stays live', async () => {
    e2e.emu.addFunction({ region: 'eu-west-1', name: 'api' })
    e2e.emu.faults.add('GetFunctionConfiguration', { hold: 'functions' })
    const running = await start(
      { ...readmeInputs(e2e.emu), 'update-functions': 'api' },
      { workspace: e2e.workspace, env: oidcEnv(e2e.emu) }
    )
    await e2e.emu.waitForRequest('GetFunctionConfiguration')
    const result = await running.cancel()
    expect(result.code).toBe(1)
    expect(versions()).toEqual([1])
    expect(result.outputs).toMatchObject({ 'layer-version-arn': `${ARN}:1`, 'layer-version': '1', published: 'true' })
    expect(result.summary).toContain('Shared with 111122223333 and organization o-a1b2c3d4e5.')
  })
})

describe('mode: delete that fails', () => {
  it('the PR comment and the summary title say the preview was not removed', async () => {
    const name = 'my-deps-pr-7'
    const inputs = { ...readmeInputs(e2e.emu), 'layer-name': name, ...commenting }
    const env = await pullRequestEnv()
    await run(inputs, { workspace: e2e.workspace, env })
    expect(comment()).toContain(`${ARN}-pr-7:1`)
    e2e.emu.faults.add('ListLayerVersions', { status: 403, errorName: 'AccessDeniedException', message: 'not authorized' })
    const closed = await run({ ...inputs, mode: 'delete' }, { workspace: e2e.workspace, env: await pullRequestEnv(true) })
    expect(closed.code).toBe(1)
    expect(versions(name)).toEqual([1])
    expect(comment()).toContain('| eu-west-1 | - | failed: AccessDeniedException: not authorized (from ListLayerVersions) |')
    expect(comment()).toContain('Could not remove the preview layer in eu-west-1: its versions there may still be live.')
    expect(comment()).not.toContain('was removed')
    expect(closed.summary.split('\n')[0]).toBe('### Lambda layer `my-deps-pr-7`: delete failed')
  })

  it('a delete that succeeds says so, region by region', async () => {
    const name = 'my-deps-pr-7'
    const inputs = { ...readmeInputs(e2e.emu), 'layer-name': name, ...commenting }
    await run(inputs, { workspace: e2e.workspace, env: await pullRequestEnv() })
    const closed = await run({ ...inputs, mode: 'delete' }, { workspace: e2e.workspace, env: await pullRequestEnv(true) })
    expect(closed.code).toBe(0)
    expect(comment()).toContain('| eu-west-1 | - | 1 version deleted |')
    expect(comment()).toContain(`The preview layer was removed: 1 version deleted.\n\n- \`${ARN}-pr-7:1\``)
  })
})
