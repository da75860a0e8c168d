// The job summary rendered as GitHub renders it (GFM, through micromark, read back with parse5):
// tables are tables with as many cells in each row as in the header, no pipe in a name or an
// error splits a cell, every <details> closes and has its summary, hostile names and
// descriptions come out as the text they are, and the region and content tables fit 1,000 px.
import { describe, expect, it } from '@jest/globals'
import { packageFolder } from '../src/plan/layout.js'
import { stepFailure } from '../src/report/outcome.js'
import { earlyFailureMarkdown, summaryMarkdown } from '../src/report/summary.js'
import type { Outcome } from '../src/report/outcome.js'
import { detailsOf, markdownProblems, renderGfm, tablesOf, type RenderedTable } from './helpers/gfm.js'
import { changes, failed, file, listing, MiB, outcome, previousWith, published, reused, version } from './helpers/report-fixtures.js'

const HOSTILE = [
  'python/a|b.py',
  'python/`tick`.py',
  'python/</details>.py',
  'python/<script>x.py',
  'python/back\\|slash.py',
  'python/*bold*_x_.py'
]

const links = {
  commit: { sha: 'abc1234def', url: 'https://github.com/o/r/commit/abc1234def' },
  run: { id: '42', url: 'https://github.com/o/r/actions/runs/42' }
}

/** A release with every feature on: three regions (one failed after publishing), pruning,
 * functions, changes that name hostile entries, a hostile description. */
function release(): Outcome {
  const hostileChanges = changes({ added: [...changes().added, ...HOSTILE.map((n) => file(n, 10))] })
  const eu = published('eu-west-1', 12, {
    previous: previousWith('eu-west-1', 11, hostileChanges, ['description']),
    deleted: [9, 10].map((n) => `${version('eu-west-1', n).layerVersionArn}`),
    functions: ['orders-api-production', 'orders-worker-production'].map((target) => ({
      target,
      functionArn: '',
      region: 'eu-west-1',
      layers: [],
      changed: true
    }))
  })
  const us = {
    ...reused('us-east-1', 12),
    previous: previousWith('us-east-1', 12, changes({ added: [], removed: [], changed: [], sizeDelta: 0 }))
  }
  const ap = failed('ap-southeast-2', 'Could not move orders-api | the 6th layer\nFix: remove a layer', {
    version: version('ap-southeast-2', 3)
  })
  const files = Object.fromEntries([
    ['python/numpy/core/_multiarray_umath.so', 30 * MiB],
    ['python/lib/python3.12/site-packages/charset_normalizer/md.so', 2 * MiB],
    ...HOSTILE.map((n) => [n, 1000])
  ])
  return outcome(
    { regions: [eu, us, ap], listing: listing(files), links },
    {
      keepVersions: 3,
      updateFunctions: ['orders-api-production', 'orders-worker-production'],
      description: 'Deps | for *orders* <b>bold</b> </details>',
      licenseInfo: 'MIT'
    }
  )
}

const failureOutcome = outcome({
  archive: undefined,
  failure: stepFailure(
    new Error('AccessDenied: Not authorized | to perform sts:AssumeRoleWithWebIdentity\n</details>'),
    'Nothing was changed in AWS.',
    ['eu-west-1']
  )
})

const cases: [string, string][] = [
  ['a release with every feature', summaryMarkdown(release())],
  ['a dry run', summaryMarkdown(outcome({ listing: listing({ 'python/numpy/x.so': 3 * MiB, 'python/six.py': MiB }) }, { dryRun: true }))],
  ['a failure outside the regions', summaryMarkdown(failureOutcome)],
  ['a bad input', earlyFailureMarkdown(stepFailure(new Error("Input 'paths': '|' matches nothing"), 'Nothing was changed in AWS.'))],
  [
    'mode delete',
    summaryMarkdown(
      outcome(
        { archive: undefined, regions: [{ ...published('eu-west-1', 1), deleted: ['a:1', 'a:2'] }, failed('us-east-1')] },
        { mode: 'delete' }
      )
    )
  ]
]

/** The width a table takes in GitHub's layout, estimated: 7.5 px per character (14 px text;
 * code is narrower), 13 px of padding each side of a cell, 1 px borders. */
function estimatedWidth(t: RenderedTable): number {
  const columns = t.header.map((h, i) => Math.max(h.length, ...t.rows.map((r) => [...(r[i] ?? '')].length)))
  return columns.reduce((sum, chars) => sum + chars * 7.5 + 26 + 1, 1)
}

describe('rendered as GitHub renders it', () => {
  it.each(cases)('%s has whole tables and closed <details>', (_, markdown) => {
    expect(markdownProblems(markdown)).toEqual([])
  })

  it('keeps hostile entry names whole, each in one cell, and shows them as written', () => {
    const html = renderGfm(cases[0][1])
    const [list] = detailsOf(html)
    expect(list.summary).toBe(`All ${5 + HOSTILE.length} entries that differ`)
    expect(list.tables).toBe(1)
    const full = tablesOf(html).find((t) => t.header.join() === 'Entry,Change,Size') as RenderedTable
    for (const name of HOSTILE) expect(full.rows).toContainEqual([name, 'added', '10 B'])
    const inside = tablesOf(html).find((t) => t.header[0] === 'Folder') as RenderedTable
    for (const name of HOSTILE) expect(inside.rows.map((r) => r[0])).toContain(packageFolder(name))
    expect(inside.rows.map((r) => r[0])).toContain('python/<') // python/</details>.py is a file in the folder '<'
  })

  it('shows a description and an error as the text they are', () => {
    const rendered = renderGfm(cases[0][1])
    expect(rendered).not.toContain('<b>bold</b>')
    expect(rendered).toContain('Deps | for *orders* &lt;b&gt;bold&lt;/b&gt; &lt;/details&gt;')
    expect(renderGfm(cases[2][1])).toContain('AccessDenied: Not authorized | to perform sts:AssumeRoleWithWebIdentity &lt;/details&gt;.')
  })

  it('renders the sections of a release with their content', () => {
    const html = renderGfm(cases[0][1])
    const headings = [...html.matchAll(/<h[34]>(.*?)<\/h[34]>/g)].map((m) => m[1])
    expect(headings).toEqual([
      'Lambda layer <code>my-deps</code>: failed in 1 of 3 regions',
      'Failure',
      'Size',
      'What is inside',
      'What changed',
      'Metadata'
    ])
    const regions = tablesOf(html)[0]
    expect(regions.header).toEqual(['Region', 'Version', 'Result', 'Pruned', 'Functions moved'])
    expect(regions.rows).toEqual([
      ['eu-west-1', '12', 'published', 'versions 9 and 10', 'orders-api-production and orders-worker-production'],
      ['us-east-1', '12', 'reused', 'none', 'none here'],
      ['ap-southeast-2', '3', 'failed after publishing', '', '']
    ])
    expect(html).toContain(
      '<a href="https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/layers/my-deps/versions/12">12</a>'
    )
  })

  it('fits the region and content tables in 1,000 px', () => {
    const [regions, inside] = tablesOf(renderGfm(cases[0][1]))
    expect(estimatedWidth(regions)).toBeLessThanOrEqual(1000)
    expect(estimatedWidth(inside)).toBeLessThanOrEqual(1000)
  })

  it('finds the problems it is there to find', () => {
    expect(markdownProblems('| a | b |\n|---|---|\n| 1 | 2 | 3 |\n')).toEqual([expect.stringContaining('line 3 has 3 cells, its header 2')])
    expect(markdownProblems('<details><summary>x</summary>\n\ntext\n')).toEqual(['1 <details> and 0 </details>'])
    expect(markdownProblems('<details>\n\ntext\n\n</details>\n')).toEqual(['a <details> without a <summary>'])
    expect(markdownProblems('| a | b |\n| 1 | 2 |\n')).toEqual(['2 table lines in the source, 0 rendered as table rows'])
  })
})
