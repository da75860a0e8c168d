// dist/index.js for the lifecycle: several regions, skip-unchanged, pruning, delete mode,
// function updates and the PR comment, against the emulator.
import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { eventFile, groupLines, oidcEnv, publishAsAnotherTool, readmeInputs, run, start, until, useEmulator, errorLine } from './support.js'

const e2e = useEmulator()

const arn = (region: string, name = 'my-deps') => `arn:aws:lambda:${region}:123456789012:layer:${name}`
const versionsIn = (region: string, name = 'my-deps') => e2e.emu.layerVersions(region, name).map((v: { Version: number }) => v.Version)

/** The runner environment of a pull_request event for PR #7. */
async function pullRequestEnv(): Promise<Record<string, string>> {
  const eventPath = await eventFile({ action: 'synchronize', number: 7, pull_request: { number: 7 } })
  return {
    ...oidcEnv(e2e.emu),
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_API_URL: `${e2e.emu.url}/github`
  }
}

describe('several regions', () => {
  it('publishes in every region and reports each', async () => {
    const result = await run(
      { ...readmeInputs(e2e.emu), regions: 'eu-west-1, us-east-1, ap-southeast-2' },
      { workspace: e2e.workspace, env: oidcEnv(e2e.emu) }
    )
    expect(result.code).toBe(0)
    expect(JSON.parse(result.outputs['layer-version-arns'])).toEqual({
      'eu-west-1': `${arn('eu-west-1')}:1`,
      'us-east-1': `${arn('us-east-1')}:1`,
      'ap-southeast-2': `${arn('ap-southeast-2')}:1`
    })
    expect(result.outputs['layer-version-arn']).toBe(`${arn('eu-west-1')}:1`)
    const publishRegions = e2e.emu
      .requestsFor('PublishLayerVersion')
      .map((r) => r.region)
      .sort()
    expect(publishRegions).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1'])
    expect(e2e.emu.requestsFor('AddLayerVersionPermission')).toHaveLength(6)
    expect(e2e.emu.requestsFor('AssumeRoleWithWebIdentity')).toHaveLength(1)
    for (const region of ['eu-west-1', 'us-east-1', 'ap-southeast-2']) expect(result.summary).toContain(`| ${region} | 1 | published |`)
  })

  it('keeps going when one region fails, then fails the step with a table of failures', async () => {
    e2e.emu.disabledRegions.add('us-east-1')
    const result = await run(
      { ...readmeInputs(e2e.emu), regions: 'eu-west-1, us-east-1, ap-southeast-2' },
      { workspace: e2e.workspace, env: oidcEnv(e2e.emu) }
    )
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /::error::1 of 3 regions failed:%0A {2}us-east-1: UnrecognizedClientException: The security token included in the request is invalid/
    )
    expect(Object.keys(JSON.parse(result.outputs['layer-version-arns']))).toEqual(['eu-west-1', 'ap-southeast-2'])
    expect(versionsIn('eu-west-1')).toEqual([1])
    expect(versionsIn('ap-southeast-2')).toEqual([1])
    expect(result.summary).toContain('| us-east-1 | none | failed |')
    expect(result.summary).toMatch(/- \*\*us-east-1:\*\* UnrecognizedClientException: .* Left in AWS: no version from this run\./)
    expect(JSON.parse(result.outputs['failed-regions'])).toEqual(['us-east-1'])
  })
})

describe('scheduled rebuild: skip-unchanged and keep-versions', () => {
  it('reuses the newest version when nothing changed, and reconciles its sharing', async () => {
    const inputs = { ...readmeInputs(e2e.emu), 'skip-unchanged': 'true', principals: '111122223333' }
    const first = await run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(first.outputs.published).toBe('true')
    const second = await run({ ...inputs, principals: '111122223333, o-a1b2c3d4e5' }, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(second.code).toBe(0)
    expect(second.outputs).toMatchObject({ published: 'false', 'layer-version-arn': `${arn('eu-west-1')}:1`, 'layer-version': '1' })
    expect(e2e.emu.requestsFor('PublishLayerVersion')).toHaveLength(1)
    // The account statement was there already; the organization one is added to version 1.
    const grants = e2e.emu.requestsFor('AddLayerVersionPermission').map((r) => (r.body as { StatementId: string }).StatementId)
    expect(grants.filter((g) => g === 'publish-lambda-layer-org-o-a1b2c3d4e5')).toHaveLength(1)
    expect(second.summary).toContain('### Lambda layer `my-deps`: unchanged, version 1 reused')
    expect(second.summary).toContain(
      '#### What changed since version 1\n\nSame entries as version 1 (names, modes, sizes and CRC-32s), read from the files without building a zip.'
    )
  })

  it('publishes when the content changed, then prunes to keep-versions', async () => {
    const inputs = { ...readmeInputs(e2e.emu), 'skip-unchanged': 'true', 'keep-versions': '2' }
    for (let i = 0; i < 3; i++) {
      await writeFile(path.join(e2e.workspace, 'layer/python/mydeps/version.py'), `V = ${i}\n`)
      // A day between rebuilds: keep-versions spares versions made less than 15 minutes before.
      e2e.emu.ageLayerVersions('eu-west-1', 'my-deps', 24 * 60 * 60_000)
      const result = await run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
      expect(result.outputs.published).toBe('true')
    }
    expect(versionsIn('eu-west-1')).toEqual([3, 2])
    expect(e2e.emu.requestsFor('DeleteLayerVersion').map((r) => r.path)).toEqual(['/2018-10-31/layers/my-deps/versions/1'])
  })
})

describe('deletions that fail or are cancelled partway', () => {
  const deletedOutput = (result: { outputs: Record<string, string> }) => JSON.parse(result.outputs['deleted-versions']) as string[]

  it('a prune that fails for one version: reports the ones deleted, and names the one left with its error', async () => {
    await publishAsAnotherTool(e2e.emu, 'eu-west-1', 6)
    e2e.emu.faults.add('DeleteLayerVersion', { status: 500 })
    const result = await run(
      { ...readmeInputs(e2e.emu), 'keep-versions': '1', 'max-attempts': '1' },
      { workspace: e2e.workspace, env: oidcEnv(e2e.emu) }
    )
    expect(result.code).toBe(1)
    const [, left] = versionsIn('eu-west-1')
    expect(versionsIn('eu-west-1')).toEqual([7, left])
    const gone = [6, 5, 4, 3, 2, 1].filter((n) => n !== left)
    expect(deletedOutput(result)).toEqual(gone.map((n) => `${arn('eu-west-1')}:${n}`))
    expect(errorLine(result.stdout)).toContain(
      `Deleting version ${left} of my-deps failed (version ${left}: ServiceException: An internal error occurred.); versions ${gone.join(', ')} deleted`
    )
    expect(result.summary).toContain('| eu-west-1 | 7 | failed after publishing | 5 versions |')
  })

  it('mode: delete that fails for one version: the same, and the row says what went', async () => {
    await publishAsAnotherTool(e2e.emu, 'eu-west-1', 6)
    e2e.emu.faults.add('DeleteLayerVersion', { status: 500 })
    const result = await run(
      { ...readmeInputs(e2e.emu), mode: 'delete', 'max-attempts': '1' },
      { workspace: e2e.workspace, env: oidcEnv(e2e.emu) }
    )
    expect(result.code).toBe(1)
    expect(versionsIn('eu-west-1')).toHaveLength(1)
    expect(deletedOutput(result)).toHaveLength(5)
    expect(result.summary).toContain('| eu-west-1 | failed after deleting 5 versions |')
    expect(errorLine(result.stdout)).toMatch(
      /Deleting version \d of my-deps failed \(version \d: ServiceException: An internal error occurred\.\); versions [\d, ]+ deleted/
    )
  })

  it('mode: delete cancelled partway: says which were deleted and which not, never the raw AbortError', async () => {
    await publishAsAnotherTool(e2e.emu, 'eu-west-1', 6)
    // Deletes go four at a time: the first three to arrive pass, then every other one waits.
    e2e.emu.faults.add('DeleteLayerVersion', { delayMs: 0, times: 3 })
    e2e.emu.faults.add('DeleteLayerVersion', { hold: 'deletes', times: 3 })
    const running = await start({ ...readmeInputs(e2e.emu), mode: 'delete' }, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    await until(() => versionsIn('eu-west-1').length === 3 && e2e.emu.holds.waiting().includes('deletes'))
    const result = await running.cancel()
    expect(result.code).toBe(1)
    // The first four deletes start together (the Lambda pace lets a burst of 10 through), so
    // which three land first varies; what is reported must match what is gone, newest first.
    const left = versionsIn('eu-west-1')
    const gone = [6, 5, 4, 3, 2, 1].filter((n) => !left.includes(n))
    expect(left).toHaveLength(3)
    expect(deletedOutput(result)).toEqual(gone.map((n) => `${arn('eu-west-1')}:${n}`))
    expect(errorLine(result.stdout)).toContain(
      `Deleting versions of my-deps stopped: the run was cancelled; versions ${gone.join(', ')} deleted, versions ${left.join(', ')} not`
    )
    expect(`${result.stdout}${result.summary}`).not.toContain('AbortError')
    expect(result.summary).toContain(`| eu-west-1 | failed after deleting versions ${gone[0]}, ${gone[1]} and ${gone[2]} |`)
  })
})

describe('release: update functions', () => {
  it('moves a function to the new version, keeping its other layers in order', async () => {
    const other = 'arn:aws:lambda:eu-west-1:123456789012:layer:other:3'
    e2e.emu.addFunction({ region: 'eu-west-1', name: 'api', layers: [other] })
    await run(readmeInputs(e2e.emu), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    const seeded = e2e.emu.getFunction('eu-west-1', 'api')
    if (!seeded) throw new Error('function not seeded')
    seeded.config.Layers = [{ Arn: `${arn('eu-west-1')}:1` }, { Arn: other }]
    await writeFile(path.join(e2e.workspace, 'layer/python/mydeps/version.py'), 'V = "release"\n')
    const env = { ...oidcEnv(e2e.emu), RUNNER_DEBUG: '1' }
    const result = await run({ ...readmeInputs(e2e.emu), 'update-functions': 'api' }, { workspace: e2e.workspace, env })
    expect(result.code).toBe(0)
    const update = e2e.emu.requestsFor('UpdateFunctionConfiguration')[0]
    expect(update.body).toMatchObject({ Layers: [`${arn('eu-west-1')}:2`, other] })
    expect(result.summary).toContain('| Region | Version | Result | Functions moved |')
    expect(result.summary).toContain('| eu-west-1 | 2 | published | api |')
    // The step log: the region's functions stage in a group of its own, with each call's debug line.
    const functions = groupLines(result, 'eu-west-1: functions', true)
    expect(functions).toContain(`api: now uses version 2 (was ${arn('eu-west-1')}:1)`)
    expect(functions).toContainEqual(
      expect.stringMatching(/^Debug: lambda UpdateFunctionConfiguration in eu-west-1, attempt 1: HTTP 200 in \d+ ms$/)
    )
    expect(result.stdout).toContain('eu-west-1: moving 1 function(s) to version 2')
  })
})

describe('release: a function that cannot take the layer', () => {
  it('fails naming the function, but still reports the version that went live', async () => {
    const full = [1, 2, 3, 4, 5].map((n) => `arn:aws:lambda:eu-west-1:123456789012:layer:l${n}:1`)
    e2e.emu.addFunction({ region: 'eu-west-1', name: 'crowded', layers: full })
    const result = await run(
      { ...readmeInputs(e2e.emu), 'update-functions': 'crowded' },
      { workspace: e2e.workspace, env: oidcEnv(e2e.emu) }
    )
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/::error::1 of 1 region failed:.*my-deps:1 is published and shared, then: .*crowded/)
    expect(JSON.parse(result.outputs['layer-version-arns'])).toEqual({ 'eu-west-1': `${arn('eu-west-1')}:1` })
    expect(e2e.emu.requestsFor('UpdateFunctionConfiguration')).toEqual([])
    expect(versionsIn('eu-west-1')).toEqual([1])
  })
})

describe('PR preview: comment and delete', () => {
  it('creates one comment, updates it in place, and deletes every version on close', async () => {
    const env = await pullRequestEnv()
    const inputs = {
      ...readmeInputs(e2e.emu),
      'layer-name': 'my-deps-pr-7',
      'comment-on-pr': 'true',
      'github-token': 'ghs_e2etoken0000000001'
    }
    const opened = await run(inputs, { workspace: e2e.workspace, env })
    expect(opened.code).toBe(0)
    await writeFile(path.join(e2e.workspace, 'layer/python/mydeps/version.py'), 'V = "pr"\n')
    await run(inputs, { workspace: e2e.workspace, env })
    expect(e2e.emu.state.comments).toHaveLength(1)
    expect(e2e.emu.state.comments[0].body).toContain(`${arn('eu-west-1', 'my-deps-pr-7')}:2`)
    expect(e2e.emu.requestsFor('CreateComment')).toHaveLength(1)
    expect(e2e.emu.requestsFor('UpdateComment')).toHaveLength(1)
    expect(opened.stdout).toContain('::add-mask::ghs_e2etoken0000000001')

    const closed = await run({ ...inputs, mode: 'delete' }, { workspace: e2e.workspace, env })
    expect(closed.code).toBe(0)
    expect(JSON.parse(closed.outputs['deleted-versions'])).toEqual([2, 1].map((n) => `${arn('eu-west-1', 'my-deps-pr-7')}:${n}`))
    expect(versionsIn('eu-west-1', 'my-deps-pr-7')).toEqual([])
    expect(groupLines(closed, 'eu-west-1: delete')).toEqual(['Deleted 2 version(s) of my-deps-pr-7: 2, 1'])
    expect(e2e.emu.requestsFor('PublishLayerVersion')).toHaveLength(2)
    expect(e2e.emu.state.comments).toHaveLength(1)

    const again = await run({ ...inputs, mode: 'delete' }, { workspace: e2e.workspace, env })
    expect(again.code).toBe(0)
    expect(again.outputs['deleted-versions']).toBe('[]')
  })

  it('skips the comment with a notice on other events', async () => {
    const result = await run(
      { ...readmeInputs(e2e.emu), 'comment-on-pr': 'true', 'github-token': 'ghs_x' },
      { workspace: e2e.workspace, env: { ...oidcEnv(e2e.emu), GITHUB_EVENT_NAME: 'push', GITHUB_REPOSITORY: 'octo-org/octo-repo' } }
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toContain("::notice::comment-on-pr: 'push' is not a pull request event")
    expect(e2e.emu.requests.filter((r) => r.service === 'github')).toEqual([])
  })

  it('warns, and still succeeds, when the comment cannot be written', async () => {
    const env = { ...(await pullRequestEnv()), GITHUB_API_URL: `${e2e.emu.url}/github-down` }
    const result = await run(
      { ...readmeInputs(e2e.emu), 'comment-on-pr': 'true', 'github-token': 'ghs_x' },
      { workspace: e2e.workspace, env }
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/::warning::Could not write the PR comment: .*pull-requests: write/)
    expect(result.outputs.published).toBe('true')
  })
})
