// dist/index.js's job summary, section by section, as a release engineer reads it: size against
// Lambda's limits, the largest folders, what changed since the newest version (also without
// skip-unchanged), the metadata and run, failures with their fix and what AWS holds, and the
// failed-regions output. Every summary is also rendered as GitHub renders it (GFM).
import { describe, expect, it } from '@jest/globals'
import { truncate, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { makeTree } from '../helpers/layer-tree.js'
import { markdownProblems } from '../helpers/gfm.js'
import { oidcEnv, readmeInputs, ROLE, run, useEmulator, type RunResult } from './support.js'

const e2e = useEmulator()
const MiB = 1024 * 1024

/** A workspace whose layer/python holds `files` (path under python/ to content). */
async function workspace(files: Record<string, string>): Promise<string> {
  const spec = Object.fromEntries(Object.entries(files).map(([name, content]) => [`layer/python/${name}`, content]))
  return makeTree(spec)
}

const runner = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_SHA: 'abc1234def567', GITHUB_RUN_ID: '4242' }

async function publish(ws: string, over: Record<string, string> = {}, env: Record<string, string> = {}): Promise<RunResult> {
  const result = await run({ ...readmeInputs(e2e.emu), ...over }, { workspace: ws, env: { ...oidcEnv(e2e.emu), ...runner, ...env } })
  expect(markdownProblems(result.summary)).toEqual([])
  return result
}

/** The lines of one section of the summary (from its heading to the next). */
function sectionOf(summary: string, heading: string): string {
  const start = summary.indexOf(`#### ${heading}`)
  if (start < 0) return '\n'
  const next = summary.indexOf('\n#### ', start + 1)
  return `${summary.slice(start, next < 0 ? undefined : next).trimEnd()}\n`
}

describe('size and content', () => {
  it('lists a 3 MiB and a 1 MiB folder in that order, with their share of the layer and of the limit', async () => {
    const ws = await workspace({ 'big/data.bin': 'b'.repeat(3 * MiB), 'small/data.bin': 's'.repeat(MiB), 'small/__init__.py': '' })
    const result = await publish(ws)
    expect(result.code).toBe(0)
    const size = sectionOf(result.summary, 'Size')
    expect(size).toContain('of the 50 MiB Lambda takes in a direct upload.')
    expect(size).toContain(
      '- **Unzipped:** 4.0 MiB (4,194,304 bytes) in 3 files: **1.6%** of the 262,144,000 bytes a function and all its layers may take together.'
    )
    expect(size).not.toContain('Close to the limit')
    const inside = sectionOf(result.summary, 'What is inside')
    const rows = inside.split('\n').filter((l) => l.startsWith('| `'))
    expect(rows).toEqual(['| `python/big` | 3.0 MiB | 1 | ███████▌ 75% | 1.2% |', '| `python/small` | 1.0 MiB | 2 | ██▌ 25% | 0.4% |'])
  })

  it('shows the largest folders of a layer refused as over the unzipped limit, before any AWS call', async () => {
    const ws = await workspace({ 'torch/lib.so': '', 'numpy/core.so': '', 'six.py': 'x = 1\n' })
    // Sparse files: the plan measures sizes before it reads anything.
    await truncate(path.join(ws, 'layer/python/torch/lib.so'), 200 * MiB)
    await truncate(path.join(ws, 'layer/python/numpy/core.so'), 70 * MiB)
    const result = await publish(ws)
    expect(result.code).toBe(1)
    expect(e2e.emu.requests).toEqual([])
    expect(result.summary).toContain('### Lambda layer `my-deps`: failed')
    expect(result.summary).toContain(
      "- **Error:** The layer's files add up to 283,115,526 bytes unzipped, over Lambda's 262,144,000-byte limit"
    )
    expect(result.summary).toContain('- **Fix:** Leave out what the function does not need')
    expect(result.summary).toContain('- **In AWS:** Nothing was changed in AWS: the step stopped before any AWS call.')
    expect(result.summary).toContain('**108%** of the 262,144,000 bytes')
    const rows = sectionOf(result.summary, 'What is inside')
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => l.split(' | ')[0])
    expect(rows).toEqual(['| `python/torch`', '| `python/numpy`', '| `python/six.py`'])
  })
})

describe('what changed', () => {
  it('names the file changed, the one removed and the one added since the newest version, without skip-unchanged', async () => {
    const ws = await workspace({ 'pkg/__init__.py': '', 'pkg/changed.py': 'A = 1\n', 'pkg/removed.py': 'B = 1\n' })
    expect((await publish(ws)).summary).toContain('The first version of this layer: there is nothing to compare with.')
    await writeFile(path.join(ws, 'layer/python/pkg/changed.py'), 'A = 2000\n')
    await unlink(path.join(ws, 'layer/python/pkg/removed.py'))
    await writeFile(path.join(ws, 'layer/python/pkg/added.py'), 'C = 1\n')
    e2e.emu.requests.length = 0
    const result = await publish(ws)
    expect(result.code).toBe(0)
    expect(sectionOf(result.summary, 'What changed since version 1').split('\n')).toEqual(
      expect.arrayContaining([
        '**3 entries differ:** 1 added, 1 removed, 1 changed; 3 unchanged. Unzipped size: +3 B.',
        '- **Packages:** `python/pkg` changed',
        '- **Added:** `python/pkg/added.py`',
        '- **Removed:** `python/pkg/removed.py`',
        '- **Changed:** `python/pkg/changed.py`',
        '<details><summary>All 3 entries that differ</summary>',
        '| `python/pkg/added.py` | added | 6 B |',
        '| `python/pkg/removed.py` | removed | 6 B |',
        '| `python/pkg/changed.py` | content | 6 B → 9 B |'
      ])
    )
    // Before publishing version 2: one list (the run's baseline, which is the newest version), one
    // look at that version and one range read of its zip.
    const operations = e2e.emu.requests.map((r) => r.operation)
    expect(operations.slice(0, operations.indexOf('PublishLayerVersion')).filter((o) => !/Token|AssumeRole/.test(o))).toEqual([
      'ListLayerVersions',
      'GetLayerVersion',
      'GetLayerContent'
    ])
  })

  it('says in one line when the role may not read the newest version, and publishes all the same', async () => {
    await publish(e2e.workspace)
    e2e.emu.faults.add('GetLayerVersion', {
      status: 403,
      errorName: 'AccessDeniedException',
      message: 'not authorized to perform: lambda:GetLayerVersion'
    })
    const result = await publish(e2e.workspace)
    expect(result.code).toBe(0)
    expect(sectionOf(result.summary, 'What changed')).toBe(
      '#### What changed\n\nThe newest version could not be looked up to compare with: AccessDeniedException: not authorized to perform: lambda:GetLayerVersion\n'
    )
  })

  it('says in one line when the stored zip cannot be read', async () => {
    await publish(e2e.workspace)
    e2e.emu.faults.add('GetLayerContent', { status: 500, times: 3 })
    const result = await publish(e2e.workspace, { description: 'second' })
    expect(sectionOf(result.summary, 'What changed since version 1')).toContain(
      'Same content as version 1 (the same CodeSha256).\n\nMetadata differs from version 1: description.'
    )
    await writeFile(path.join(e2e.workspace, 'layer/python/mydeps/extra.py'), 'X = 1\n')
    try {
      const third = await publish(e2e.workspace, { description: 'second' })
      expect(sectionOf(third.summary, 'What changed since version 2')).toContain(
        'The content could not be compared with version 2: its zip could not be read (HTTP 500 InternalError, after 3 attempts).'
      )
    } finally {
      await unlink(path.join(e2e.workspace, 'layer/python/mydeps/extra.py'))
    }
  })
})

describe('metadata and dry run', () => {
  it('gives the description, license, runtimes, architectures, commit and run', async () => {
    const result = await publish(e2e.workspace, { description: 'Orders deps 1.2', 'license-info': 'MIT' })
    expect(sectionOf(result.summary, 'Metadata')).toBe(
      [
        '#### Metadata',
        '',
        '- **Description:** Orders deps 1.2',
        '- **License:** MIT',
        '- **Runtimes:** python3.12, python3.13',
        '- **Architectures:** x86_64',
        '- **Source:** commit [`abc1234`](https://github.com/o/r/commit/abc1234def567), workflow run [4242](https://github.com/o/r/actions/runs/4242)',
        ''
      ].join('\n')
    )
  })

  it('has the size and content sections in a dry run, and no change section', async () => {
    const result = await publish(e2e.workspace, { 'dry-run': 'true' })
    expect(result.code).toBe(0)
    expect(e2e.emu.requests).toEqual([])
    expect(result.summary).toContain('#### Size')
    expect(result.summary).toContain('| `python/mydeps` |')
    expect(result.summary).not.toMatch(/What changed|\| Region/)
  })
})

describe('failures', () => {
  it('writes the error and its fix for a bad input, and that nothing was changed', async () => {
    const result = await publish(e2e.workspace, { 'compatible-architectures': 'x86' })
    expect(result.code).toBe(1)
    expect(result.summary).toMatch(
      /^### Lambda layer `my-deps`: failed\n\n#### Failure\n\n- \*\*Error:\*\* Input 'compatible-architectures': 'x86' is not/
    )
    expect(result.summary).toContain(
      "- **Fix:** Change the step's 'compatible-architectures' input (under with:) to a value the rule allows."
    )
    expect(result.summary).toContain('- **In AWS:** Nothing was changed in AWS: the step stopped before any AWS call.')
    expect(result.outputs['failed-regions']).toBe('[]')
  })

  it('writes the error, the fix and the regions it kept from publishing when AssumeRole is denied', async () => {
    e2e.emu.sts.denyRoles.add(ROLE)
    const result = await publish(e2e.workspace, { regions: 'eu-west-1, us-east-1' })
    expect(result.code).toBe(1)
    const failure = sectionOf(result.summary, 'Failure')
    expect(failure).toMatch(/- \*\*Error:\*\* .*AccessDenied/)
    expect(failure).toMatch(/- \*\*Fix:\*\* Check the role's trust policy/)
    expect(failure).toContain('- **In AWS:** Nothing was changed in AWS: the step stopped before publishing.')
    expect(JSON.parse(result.outputs['failed-regions'])).toEqual(['eu-west-1', 'us-east-1'])
  })

  it('names the failed region in failed-regions and describes the first region that succeeded', async () => {
    e2e.emu.disabledRegions.add('us-east-1')
    const result = await publish(e2e.workspace, { regions: 'us-east-1, eu-west-1' })
    expect(result.code).toBe(1)
    expect(JSON.parse(result.outputs['failed-regions'])).toEqual(['us-east-1'])
    expect(result.outputs['layer-version-arn']).toBe('arn:aws:lambda:eu-west-1:123456789012:layer:my-deps:1')
    expect(result.summary).toContain('### Lambda layer `my-deps`: failed in 1 of 2 regions')
    expect(result.summary).toContain('| us-east-1 | none | failed |\n| eu-west-1 | 1 | published |')
    expect(sectionOf(result.summary, 'Failure')).toMatch(
      /^#### Failure\n\n- \*\*us-east-1:\*\* UnrecognizedClientException: .*opt-in region.* Left in AWS: no version from this run\.\n/
    )
  })
})
