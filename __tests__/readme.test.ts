// action.yml is the single source of truth; the README tables must say the same.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}

const action = parse(readFileSync('action.yml', 'utf8')) as ActionYml
const readme = readFileSync('README.md', 'utf8')

/** Rows of the markdown table under a heading: first cell (unquoted) -> second cell. */
function tableUnder(heading: string): Map<string, string[]> {
  const start = readme.indexOf(`${heading}\n`)
  expect(start).toBeGreaterThanOrEqual(0)
  const rows = new Map<string, string[]>()
  for (const line of readme.slice(start).split('\n').slice(2)) {
    if (line.startsWith('|---')) continue
    if (!line.startsWith('|')) {
      if (rows.size > 0) break
      continue
    }
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim())
    rows.set(cells[0].replace(/`/g, ''), cells.slice(1))
  }
  rows.delete('input')
  rows.delete('output')
  return rows
}

/** How the README writes an action.yml default. */
function readmeDefault(name: string, spec: ActionYml['inputs'][string]): string {
  if (spec.required) return 'required'
  if (name === 'aws-region') return '`AWS_REGION` / `AWS_DEFAULT_REGION`'
  return spec.default ? `\`${spec.default}\`` : 'empty'
}

describe('README tables match action.yml', () => {
  it('runs on node24 from dist/index.js', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('lists every input, in order, with its default', () => {
    const rows = tableUnder('### Inputs')
    expect([...rows.keys()]).toEqual(Object.keys(action.inputs))
    for (const [name, spec] of Object.entries(action.inputs)) {
      expect([name, rows.get(name)?.[0]]).toEqual([name, readmeDefault(name, spec)])
    }
  })

  it('lists every output, in order', () => {
    expect([...tableUnder('### Outputs').keys()]).toEqual(Object.keys(action.outputs))
  })

  it('shows the two commands first', () => {
    const firstBlock = readme.slice(0, readme.indexOf('## Usage'))
    expect(firstBlock).toContain('npm ci && npm run demo')
    expect(firstBlock).toContain('npm ci && npm test')
  })
})

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-')
}

describe('README table of contents', () => {
  it('lists every ## and ### heading, in order and nested, with its anchor', () => {
    const outsideCode = readme.split(/^```.*$/m).filter((_, i) => i % 2 === 0)
    const headings = outsideCode
      .join('\n')
      .split('\n')
      .flatMap((line) => {
        const m = /^(##|###) (.+)$/.exec(line)
        return m ? [`${m[1] === '##' ? '' : '  '}- [${m[2]}](#${anchor(m[2])})`] : []
      })
    const contents = readme
      .slice(0, readme.indexOf('## Usage'))
      .split('\n')
      .filter((line) => /^ *- \[/.test(line))
    expect(contents).toEqual(headings)
  })
})

describe('README example workflows', () => {
  it.each(['release', 'scheduled-rebuild', 'pr-preview', 'public-multi-region'])('shows examples/%s.yml as it is', (name) => {
    const file = readFileSync(`examples/${name}.yml`, 'utf8').trimEnd()
    expect(readme).toContain(`([\`examples/${name}.yml\`](examples/${name}.yml))\n\n\`\`\`yaml\n${file}\n\`\`\``)
  })
})
