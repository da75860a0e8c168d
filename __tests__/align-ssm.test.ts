// Issue 14's pure parts: the filler zip that independent readers must accept, and what the job
// summary says of align-versions and ssm-parameter (their inputs: inputs-lifecycle.test.ts).
import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { listZipFile } from '../src/archive/inspect/local-zip.js'
import { FILLER_DESCRIPTION, makeFiller } from '../src/publish/filler.js'
import { fillersDone, misaligned, numbersApart } from '../src/regions/alignment-lines.js'
import { unfinishedRegion } from '../src/regions/fan-out.js'
import { outputsOf } from '../src/report/outputs.js'
import { summaryMarkdown } from '../src/report/summary.js'
import { outcome, published, reused, version } from './helpers/report-fixtures.js'

describe('the filler zip', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pll-filler-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('is a zip Info-ZIP and our reader accept, holding one small file that says what it is', async () => {
    const file = path.join(dir, 'filler.zip')
    writeFileSync(file, makeFiller('token-1').zip)
    const test = spawnSync('unzip', ['-t', file], { encoding: 'utf8' })
    expect(test.stdout).toContain('No errors detected')
    const listing = spawnSync('unzip', ['-p', file], { encoding: 'utf8' })
    expect(listing.stdout).toBe(`${FILLER_DESCRIPTION}\nrun token-1\n`)
    expect((await listZipFile(file)).map((e) => `${e.name} ${e.kind} ${e.mode.toString(8)}`)).toEqual([
      'publish-lambda-layer-placeholder.txt file 644'
    ])
  })

  it("has a CodeSha256 of each run's own: the same for one token, another for another", () => {
    expect(makeFiller('a').sha256).toBe(makeFiller('a').sha256)
    expect(makeFiller('a').sha256).not.toBe(makeFiller('b').sha256)
    expect(makeFiller().sha256).not.toBe(makeFiller().sha256)
  })

  it("carries a description within Lambda's 256 characters", () => {
    expect(FILLER_DESCRIPTION.length).toBeLessThanOrEqual(256)
  })
})

describe('what the step log says', () => {
  it("counts a round's fillers, with the region's total once there were earlier rounds", () => {
    expect(fillersDone(3, 3, 7)).toBe('3 filler version(s) published and deleted; the next version is 7')
    expect(fillersDone(1, 4, 9)).toBe('1 filler version(s) published and deleted (4 in this region so far); the next version is 9')
  })

  it("names the rounds of publishing again, and how many of them were the failed region's", () => {
    expect(misaligned({ region: 'us-east-1', version: { version: 10 }, withdrawn: 1 }, 13, 3).message).toBe(
      'align-versions: us-east-1 got version 10 while the other regions have 13, after 3 rounds of publishing again where a real version landed low (1 time in us-east-1): another run or person is publishing versions of this layer there at the same time'
    )
  })

  it('says when every region could reuse, but at different numbers', () => {
    const reuse = (n: number) => ({ same: true as const, version: version('r', n), reason: '', previous: { state: 'none' as const } })
    expect(
      numbersApart([
        { region: 'a', reuse: reuse(4) },
        { region: 'b', reuse: reuse(4) }
      ])
    ).toBeUndefined()
    expect(
      numbersApart([
        { region: 'a', reuse: reuse(4) },
        { region: 'b', reuse: reuse(2) }
      ])
    ).toBe(
      'align-versions: every region holds this content already, but at different version numbers (4 in a, 2 in b): publishing it again in every region, at one number'
    )
  })
})

describe('what the summary says', () => {
  const aligned = { alignVersions: true, ssmParameter: '/l/latest' }

  it('names the common number, the fillers, and the regions whose parameter was written', () => {
    const md = summaryMarkdown(
      outcome(
        {
          regions: [
            published('eu-west-1', 4, {
              parameter: {
                name: '/l/latest',
                version: 2,
                holds: 'arn:aws:lambda:eu-west-1:123456789012:layer:my-deps:4',
                outcome: 'written'
              }
            }),
            published('us-east-1', 4, {
              fillers: 3,
              parameter: {
                name: '/l/latest',
                version: 1,
                holds: 'arn:aws:lambda:us-east-1:123456789012:layer:my-deps:4',
                outcome: 'written'
              }
            })
          ]
        },
        aligned
      )
    )
    expect(md).toContain(
      '**Version 4 in every region** (align-versions). Published and deleted first, to reach it: 3 filler versions in us-east-1.\n\nSSM parameter `/l/latest` holds the version ARN in eu-west-1 and us-east-1.'
    )
  })

  it('names no common number when the numbers differ: none in the summary, layer-version empty', () => {
    const differing = outcome({ regions: [reused('eu-west-1', 4), reused('us-east-1', 2)] }, aligned)
    expect(summaryMarkdown(differing)).toContain(
      '**align-versions: the version numbers differ** (eu-west-1 4, us-east-1 2), so `layer-version` is empty: see the failures below.'
    )
    expect(outputsOf(differing)['layer-version']).toBe('')
    expect(outputsOf(outcome({ regions: [reused('eu-west-1', 4), reused('us-east-1', 2)] }))['layer-version']).toBe('4')
  })

  it('counts the real versions that landed low beside the fillers, and names the regions left apart', () => {
    const md = summaryMarkdown(
      outcome(
        {
          regions: [
            published('eu-west-1', 13, { fillers: 1, withdrawn: 1 }),
            published('us-east-1', 13, { fillers: 3 }),
            { region: 'eu-central-1', ok: false, error: 'align-versions: eu-central-1 got version 12' }
          ]
        },
        { ...aligned, regions: ['eu-west-1', 'us-east-1', 'eu-central-1'] }
      )
    )
    expect(md).toContain(
      '**Version 13 in each region that succeeded** (align-versions). Published and deleted first, to reach it: 1 filler version and 1 real version that landed below the others in eu-west-1; 3 filler versions in us-east-1. eu-central-1 did not get it (see below) and keeps its previous version and SSM parameter value: the regions differ until a run succeeds there.'
    )
  })

  it('says nothing with one region or without the inputs', () => {
    const one = summaryMarkdown(
      outcome({ regions: [published('eu-west-1', 4)] }, { ...aligned, regions: ['eu-west-1'], ssmParameter: undefined })
    )
    const off = summaryMarkdown(outcome({ regions: [published('eu-west-1', 4), published('us-east-1', 1)] }))
    for (const md of [one, off]) expect(md).not.toMatch(/align-versions|SSM parameter/)
  })

  it('says in a dry run that the number is aligned at publish time, and where the ARN would be written', () => {
    const md = summaryMarkdown(outcome({}, { ...aligned, dryRun: true }))
    expect(md).toContain(
      'Would publish a new version in eu-west-1 and us-east-1 with the same version number in every region (aligned at publish time), shared with 111122223333 and organization o-a1b2c3d4e5, then its version ARN written to the SSM parameter `/l/latest` in each of the 2 regions.'
    )
  })

  it('says in a dry run what pruning and update-functions would do too', () => {
    const md = summaryMarkdown(outcome({}, { dryRun: true, keepVersions: 3, updateFunctions: ['api', 'worker'] }))
    expect(md).toContain(
      'Would publish a new version in eu-west-1 and us-east-1, shared with 111122223333 and organization o-a1b2c3d4e5, then keep only the newest 3 versions, and move 2 functions to it.'
    )
  })

  it('names a filler that a cancelled run could not delete in time as left behind', () => {
    const result = unfinishedRegion('r', { filler: 'L:2', undone: [] }, 'h')
    expect(result).toMatchObject({
      ok: false,
      leftBehind: ['L:2'],
      error: 'cancelled before this region finished; a filler version may be live too'
    })
  })
})
