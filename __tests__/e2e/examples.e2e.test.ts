// The README's example workflows: each publish-lambda-layer step, with its `with:` block as
// written in examples/, run through dist/index.js against the emulator.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { makeTree } from '../helpers/layer-tree.js'
import { eventFile, oidcEnv, publishAsAnotherTool, run, useEmulator } from './support.js'

interface Step {
  uses?: string
  with?: Record<string, string | number | boolean>
}
interface Workflow {
  jobs: Record<string, { steps: Step[] }>
}

const e2e = useEmulator()

/** The `with:` inputs of the action's step in one job, expressions filled from `values`. */
function stepInputs(file: string, job: string, values: Record<string, string>): Record<string, string> {
  const workflow = parse(readFileSync(path.join('examples', file), 'utf8')) as Workflow
  const step = workflow.jobs[job].steps.find((s) => s.uses?.includes('/publish-lambda-layer@'))
  if (!step?.with) throw new Error(`${file}: job ${job} has no publish-lambda-layer step`)
  const inputs: Record<string, string> = {}
  for (const [name, raw] of Object.entries(step.with)) {
    inputs[name] = String(raw).replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
      if (!(expr in values)) throw new Error(`${file}: no test value for \${{ ${expr} }}`)
      return values[expr]
    })
  }
  return inputs
}

async function eventEnv(name: string, payload: object, extra: Record<string, string> = {}) {
  return {
    ...oidcEnv(e2e.emu),
    GITHUB_EVENT_NAME: name,
    GITHUB_EVENT_PATH: await eventFile(payload),
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_API_URL: `${e2e.emu.url}/github`,
    ...extra
  }
}

const withEmulator = (inputs: Record<string, string>) => ({ ...inputs, 'endpoint-url': e2e.emu.url })

describe('examples/release.yml', () => {
  it('publishes, shares and moves both functions on a tag push', async () => {
    e2e.emu.addFunction({ region: 'eu-west-1', name: 'orders-api', layers: [] })
    e2e.emu.addFunction({ region: 'eu-west-1', name: 'orders-worker', layers: [] })
    const inputs = stepInputs('release.yml', 'publish', { 'github.ref_name': 'v1.2.3' })
    const result = await run(withEmulator(inputs), { workspace: e2e.workspace, env: await eventEnv('push', { ref: 'refs/tags/v1.2.3' }) })
    expect(result.code).toBe(0)
    expect(result.outputs['layer-version-arn']).toBe('arn:aws:lambda:eu-west-1:123456789012:layer:my-deps:1')
    expect(e2e.emu.requestsFor('PublishLayerVersion')[0].body).toMatchObject({ Description: 'my-deps v1.2.3' })
    expect(e2e.emu.requestsFor('AddLayerVersionPermission')).toHaveLength(2)
    const updated = e2e.emu
      .requestsFor('UpdateFunctionConfiguration')
      .map((r) => r.path)
      .sort()
    expect(updated).toEqual(['/2015-03-31/functions/orders-api/configuration', '/2015-03-31/functions/orders-worker/configuration'])
  })
})

describe('examples/scheduled-rebuild.yml', () => {
  it('publishes in four regions, then reuses them when nothing changed', async () => {
    const inputs = withEmulator(stepInputs('scheduled-rebuild.yml', 'rebuild', {}))
    const env = await eventEnv('schedule', { schedule: '17 4 * * 1' })
    const first = await run(inputs, { workspace: e2e.workspace, env })
    expect(first.code).toBe(0)
    expect(Object.keys(JSON.parse(first.outputs['layer-version-arns']))).toEqual([
      'eu-west-1',
      'eu-central-1',
      'us-east-1',
      'ap-southeast-2'
    ])
    const second = await run(inputs, { workspace: e2e.workspace, env })
    expect(second.code).toBe(0)
    expect(second.outputs.published).toBe('false')
    expect(e2e.emu.requestsFor('PublishLayerVersion')).toHaveLength(4)
  })
})

describe('examples/pr-preview.yml', () => {
  it('publishes a per-PR layer with a comment, and deletes it when the PR closes', async () => {
    const values = { 'github.event.pull_request.number': '42' }
    const token = { 'github-token': 'ghs_exampletoken000001' } // the runner fills ${{ github.token }}
    const opened = await eventEnv('pull_request', { action: 'opened', number: 42, pull_request: { number: 42 } })
    const publish = await run(withEmulator({ ...stepInputs('pr-preview.yml', 'publish', values), ...token }), {
      workspace: e2e.workspace,
      env: opened
    })
    expect(publish.code).toBe(0)
    expect(publish.outputs['layer-version-arn']).toBe('arn:aws:lambda:eu-west-1:123456789012:layer:my-deps-pr-42:1')
    expect(e2e.emu.state.comments).toEqual([expect.objectContaining({ issue_number: 42 })])

    const closed = await eventEnv('pull_request', { action: 'closed', number: 42, pull_request: { number: 42 } })
    const cleanup = await run(withEmulator({ ...stepInputs('pr-preview.yml', 'cleanup', values), ...token }), {
      workspace: e2e.workspace,
      env: closed
    })
    expect(cleanup.code).toBe(0)
    expect(JSON.parse(cleanup.outputs['deleted-versions'])).toEqual(['arn:aws:lambda:eu-west-1:123456789012:layer:my-deps-pr-42:1'])
    expect(e2e.emu.layerVersions('eu-west-1', 'my-deps-pr-42')).toEqual([])
    expect(e2e.emu.state.comments).toHaveLength(1)
    expect(e2e.emu.state.comments[0].body).toContain('my-deps-pr-42:1')
  })
})

describe('examples/public-multi-region.yml', () => {
  it('publishes one version number in six regions, public, and writes each region its SSM parameter', async () => {
    // Three earlier releases went to us-east-1 only; the other regions are new.
    const old = { name: 'nodejs/node_modules/left-pad/index.js', data: 'module.exports = 0\n' }
    await publishAsAnotherTool(e2e.emu, 'us-east-1', 3, { file: old })
    const workspace = await makeTree({ 'layer/nodejs/node_modules/left-pad/index.js': 'module.exports = (s) => s\n' })
    const inputs = withEmulator(stepInputs('public-multi-region.yml', 'publish', { 'github.event.release.tag_name': 'v2.0.0' }))
    const result = await run(inputs, {
      workspace,
      env: await eventEnv('release', { action: 'published', release: { tag_name: 'v2.0.0' } })
    })
    expect(result.code).toBe(0)
    expect(result.outputs['layer-version']).toBe('4')
    const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1']
    const arns = JSON.parse(result.outputs['layer-version-arns']) as Record<string, string>
    expect(arns).toEqual(Object.fromEntries(regions.map((r) => [r, `arn:aws:lambda:${r}:123456789012:layer:my-deps:4`])))
    for (const region of regions) {
      expect(e2e.emu.layerVersions(region, 'my-deps')[0]).toMatchObject({ Version: 4, Description: 'my-deps v2.0.0' })
      expect(e2e.emu.parameter(region, '/layers/my-deps/latest')?.versions.at(-1)?.Value).toBe(arns[region])
    }
    const grants = e2e.emu.requestsFor('AddLayerVersionPermission').map((r) => (r.body as { StatementId: string }).StatementId)
    expect(grants).toEqual(regions.map(() => 'publish-lambda-layer-everyone'))
    expect(result.summary).toContain('**Version 4 in every region** (align-versions).')
  })
})
