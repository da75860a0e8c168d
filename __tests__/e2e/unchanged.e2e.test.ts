// dist/index.js with skip-unchanged on a tree: the files are compared with the newest version's
// stored central directory before anything is compressed. "Same" builds no zip at all (none is
// written, archive-path is empty, the outputs describe the reused version); a changed file is
// compressed; with several regions the zip is built once, only for the regions that publish.
import { describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileBase64Sha256, groupLines, logLines, oidcEnv, readmeInputs, run, useEmulator, type RunResult } from './support.js'

const e2e = useEmulator()

const skipUnchanged = (over: Record<string, string> = {}): Promise<RunResult> =>
  run(
    { ...readmeInputs(e2e.emu), 'skip-unchanged': 'true', ...over },
    { workspace: e2e.workspace, env: { ...oidcEnv(e2e.emu), RUNNER_DEBUG: '1' } }
  )

/** Zips the run left under RUNNER_TEMP (where the build writes one). */
async function zipsLeft(result: RunResult): Promise<string[]> {
  const dir = path.join(result.runnerTemp, 'publish-lambda-layer')
  return existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith('.zip')) : []
}

const builds = (result: RunResult): string[] => logLines(result).filter((l) => l.startsWith('Building the layer zip'))

describe('skip-unchanged before compression', () => {
  it('builds no zip when the newest version holds the same content; outputs name the reused version', async () => {
    const first = await skipUnchanged()
    expect(first.outputs.published).toBe('true')
    const second = await skipUnchanged()
    expect(second.code).toBe(0)
    expect(second.outputs).toMatchObject({
      published: 'false',
      'layer-version': '1',
      'archive-path': '',
      'code-sha256': first.outputs['code-sha256'],
      'code-size': first.outputs['code-size']
    })
    // The observable proof that nothing was compressed: no build started, no zip written.
    expect(builds(second)).toEqual([])
    expect(await zipsLeft(second)).toEqual([])
    expect(groupLines(second, 'eu-west-1: publish', true)).toContain(
      "Debug: Comparing the entries of version 1's zip with the files read (no zip built yet)"
    )
    expect(logLines(second)).toContain('Layer zip: not built, since no region published a new version (archive-path stays empty)')
    expect(second.summary).toContain('- **Zipped:** not built, since no region published a new version (compared without compressing).')
    expect(second.summary).toContain('- **Unzipped:** 33 B in 2 files')
    expect(second.summary).toContain(
      'Same entries as version 1 (names, modes, sizes and CRC-32s), read from the files without building a zip.'
    )
    expect(e2e.emu.requestsFor('PublishLayerVersion')).toHaveLength(1)
  })

  it('compresses and publishes when a file changed; archive-path is the zip published', async () => {
    await skipUnchanged()
    const added = path.join(e2e.workspace, 'layer/python/mydeps/new.py')
    await writeFile(added, 'NEW = True\n')
    try {
      const second = await skipUnchanged()
      expect(second.code).toBe(0)
      expect(second.outputs).toMatchObject({ published: 'true', 'layer-version': '2' })
      expect(builds(second)).toHaveLength(1)
      expect(second.outputs['archive-path']).toMatch(/publish-lambda-layer\/my-deps\.zip$/)
      expect(await fileBase64Sha256(second.outputs['archive-path'])).toBe(second.outputs['code-sha256'])
      const publish = groupLines(second, 'eu-west-1: publish')
      expect(publish.find((l) => l.startsWith('skip-unchanged: publishing'))).toContain('1 added (first: python/mydeps/new.py)')
      // Built where it was needed: in the publishing region's own group.
      expect(publish.filter((l) => l.startsWith('Building the layer zip'))).toHaveLength(1)
    } finally {
      await rm(added)
    }
  })

  it('builds the zip once, for the regions that publish, when the regions differ', async () => {
    await skipUnchanged() // version 1 in eu-west-1 only
    const regions = 'eu-west-1, us-east-1, ap-southeast-2'
    const result = await skipUnchanged({ regions })
    expect(result.code).toBe(0)
    expect(builds(result)).toHaveLength(1)
    const arns = JSON.parse(result.outputs['layer-version-arns']) as Record<string, string>
    expect(Object.keys(arns).sort()).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1'])
    // Single-valued outputs describe the first region, which reused its version 1.
    expect(result.outputs).toMatchObject({ published: 'false', 'layer-version': '1' })
    expect(result.outputs['archive-path']).not.toBe('')
    expect(
      e2e.emu
        .requestsFor('PublishLayerVersion')
        .map((r) => r.region)
        .sort()
    ).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1'])
    const again = await skipUnchanged({ regions })
    expect(builds(again)).toEqual([])
    expect(again.outputs['archive-path']).toBe('')
  })
})
