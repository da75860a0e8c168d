// scripts/release-version.sh: which tags make a release, and when the release workflow moves
// the major tag. Run against a throw-away git repository with tags.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseOutputFile } from '../scripts/run-action.js'
import { removeTempDirs, tempDir } from './helpers/layer-tree.js'

const script = path.resolve('scripts/release-version.sh')
let repo = ''

function git(...args: string[]): void {
  const result = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
}

beforeAll(async () => {
  repo = await tempDir('release')
  git('init', '--quiet')
  writeFileSync(path.join(repo, 'CHANGELOG.md'), '# Changelog\n\n## [1.2.0] - 2026-12-01\n## [1.1.1]\n## [1.1.0] - 2026-11-01\n')
  git('add', 'CHANGELOG.md')
  git('commit', '--quiet', '-m', 'release notes')
  for (const tag of ['v1', 'v1.1.0', 'v1.1.1', 'v1.2.0', 'v2.0.0-rc.1', 'v1.3.0-beta.1']) git('tag', tag)
})
afterAll(removeTempDirs)

function decide(tag: string, prerelease?: string) {
  const out = path.join(repo, 'github_output')
  writeFileSync(out, '')
  const args = prerelease === undefined ? [script, tag] : [script, tag, prerelease]
  const result = spawnSync('bash', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GITHUB_OUTPUT: out } })
  return { status: result.status, stdout: result.stdout, outputs: parseOutputFile(readFileSync(out, 'utf8')) }
}

describe('release-version.sh', () => {
  it('moves the major tag for the newest stable release of that major version', () => {
    expect(decide('v1.2.0')).toMatchObject({ status: 0, outputs: { version: '1.2.0', major: 'v1', move: 'true' } })
  })

  it.each([
    ['v1.1.1', undefined, '1.1.1', '::notice::v1.2.0 is newer than v1.1.1: v1 stays on v1.2.0'],
    ['v2.0.0-rc.1', undefined, '2.0.0-rc.1', '::notice::v2.0.0-rc.1 is a pre-release: v2 stays where it is'],
    ['v1.3.0-beta.1', undefined, '1.3.0-beta.1', '::notice::v1.3.0-beta.1 is a pre-release: v1 stays where it is'],
    ['v1.2.0', 'true', '1.2.0', '::notice::v1.2.0 is a pre-release: v1 stays where it is']
  ])('releases %s (prerelease flag %s) without moving the major tag', (tag, prerelease, version, notice) => {
    const result = decide(tag, prerelease)
    expect(result).toMatchObject({ status: 0, outputs: { version, move: 'false' } })
    expect(result.stdout).toContain(notice)
  })

  it('does nothing for a major tag, which the workflow moves itself', () => {
    expect(decide('v1')).toMatchObject({ status: 0, outputs: { version: '', major: 'v1', move: 'false' } })
  })

  it.each([
    ['v1.2', 'v1.2 is not a version tag'],
    ['v01.2.3', 'v01.2.3 is not a version tag'],
    ['1.2.3', '1.2.3 is not a version tag'],
    ['v1.0.0', "CHANGELOG.md has no '## [1.0.0]' section"]
  ])('refuses %s', (tag, error) => {
    const result = decide(tag)
    expect(result.status).toBe(1)
    expect(result.stdout).toContain(`::error::${error}`)
    expect(result.outputs).toEqual({})
  })
})
