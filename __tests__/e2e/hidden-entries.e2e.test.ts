// dist/index.js with a zip-file whose local records hold an entry the central directory does not
// list: extractors that seek (unzip) do not see it, extractors that stream (bsdtar reading a
// pipe) extract it. Such a zip is refused, naming zip-file and the offset, before any AWS call.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { craftZip, type CraftEntry } from '../helpers/craft-zip.js'
import { oidcEnv, readmeInputs, run, useEmulator } from './support.js'

const e2e = useEmulator()

const LISTED: CraftEntry[] = [
  { name: 'python/', mode: 0o040755 },
  { name: 'python/ok.py', data: 'OK = 1\n' }
]

/** The names an extractor that seeks (unzip, from the central directory) and one that streams
 * (bsdtar from a pipe, local headers in order) find in `file`. */
function namesSeen(file: string): { seeking: string[]; streaming: string[] } {
  const lines = (text: string) => text.split('\n').filter(Boolean)
  return {
    seeking: lines(execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' })),
    streaming: lines(execFileSync('sh', ['-c', 'cat "$1" | bsdtar -tf -', 'sh', file], { encoding: 'utf8' }))
  }
}

describe.each<[string, CraftEntry[], string, RegExp]>([
  [
    'first',
    [{ name: 'python/hidden_evil.py', data: 'import os\n', hidden: true }, ...LISTED],
    'python/hidden_evil.py',
    /bytes at offset 0 \(before the first entry, before entry 'python\/'\)/
  ],
  [
    'between listed entries, with a name that climbs out',
    [LISTED[0], { name: '../../../tmp/pwned.txt', data: 'x', hidden: true }, LISTED[1]],
    '../../../tmp/pwned.txt',
    /bytes at offset \d+ \(after entry 'python\/', before entry 'python\/ok.py'\)/
  ],
  [
    'last, a symlink to /etc/passwd',
    [...LISTED, { name: 'python/link', data: '/etc/passwd', mode: 0o120777, hidden: true }],
    'python/link',
    /bytes at offset \d+ \(after entry 'python\/ok.py', before the central directory\)/
  ]
])('a zip-file with an entry the central directory does not list, %s', (_label, entries, hidden, where) => {
  it('is refused naming zip-file and the offset, before any AWS call', async () => {
    const file = path.join(e2e.workspace, 'given', `${Math.random().toString(36).slice(2)}.zip`)
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, craftZip(entries))
    // The zip really hides the entry: only the streaming extractor sees it.
    const seen = namesSeen(file)
    expect(seen.seeking).not.toContain(hidden)
    expect(seen.streaming).toContain(hidden)
    const inputs = { ...readmeInputs(e2e.emu), 'working-directory': '', paths: '', 'zip-file': path.relative(e2e.workspace, file) }
    const result = await run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(1)
    const error = result.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? ''
    expect(error).toMatch(/::error::Input 'zip-file': \d+ /)
    expect(error).toMatch(where)
    expect(error).toContain('belong to no entry of the central directory: an extractor that streams the zip could find an entry there')
    expect(e2e.emu.requests).toEqual([])
    expect(result.summary).toContain("Input 'zip-file'")
  })
})
