// dist/index.js with a zip-file that breaks, or strains, the content rules: each zip is crafted
// byte by byte in the test (helpers/craft-zip.ts, a writer apart from the action's own), as the
// tools in public reports made them. Refusals name zip-file and the entry and call nothing in
// AWS; warnings name the entries and the layer is still published.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { craftZip, type CraftEntry } from '../helpers/craft-zip.js'
import { markdownProblems, renderedText } from '../helpers/gfm.js'
import { logLines, oidcEnv, readmeInputs, run, useEmulator, type RunResult, errorLine } from './support.js'

const e2e = useEmulator()

const LINK = 0o120777
const PY = { name: 'python/mod.py', data: 'X = 1\n' }
/** Files with these names, each with some content. */
const files = (...names: string[]): CraftEntry[] => names.map((name, i) => ({ name, data: `V = ${i}\n` }))

/** Writes the zip into the workspace and runs the action on it, with `over` inputs. */
async function runWith(entries: CraftEntry[], over: Record<string, string> = {}, comment: string | Buffer = ''): Promise<RunResult> {
  const file = path.join(e2e.workspace, 'given', `${Math.random().toString(36).slice(2)}.zip`)
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, craftZip(entries, comment))
  const inputs = { ...readmeInputs(e2e.emu), 'working-directory': '', paths: '', 'zip-file': path.relative(e2e.workspace, file), ...over }
  return run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
}

const warnings = (r: RunResult): string[] => logLines(r).filter((l) => l.startsWith('::warning::'))

describe.each<[string, CraftEntry[], string]>([
  [
    'backslash names, as Windows tools write them',
    [{ name: 'python\\acme\\__init__.py', data: 'x' }],
    "entry 'python\\acme\\__init__.py' has a backslash in its name"
  ],
  [
    'a symlink out of the layer',
    [PY, { name: 'python/evil', data: '/etc/passwd', mode: LINK }],
    "entry 'python/evil' is a symlink to '/etc/passwd', an absolute path outside /opt"
  ],
  [
    'a symlink climbing out',
    [PY, { name: 'python/up', data: '../../../etc', mode: LINK }],
    "entry 'python/up' is a symlink to '../../../etc', which climbs out of /opt"
  ],
  [
    'an entry written through a link entry',
    [
      { name: 'python/l', data: '..', mode: LINK },
      { name: 'python/l/x.py', data: 'x' }
    ],
    "entry 'python/l/x.py' would be written through the symlink 'python/l' (to '..')"
  ],
  [
    'a file and a folder with one name',
    files('python/a', 'python/a/b.py'),
    "entry 'python/a' is a file, and 'python/a/b.py' needs it to be a folder"
  ],
  [
    'an encrypted entry',
    [{ ...PY, flags: 0x0001 }],
    "entry 'python/mod.py' is encrypted: Lambda extracts a layer without a password and cannot read it"
  ],
  ['a control character in a name', files('python/a\nb.py', 'python/ab.py'), "entry 'python/a\\nb.py' has a control character (\\n)"],
  [
    'names that differ only in Unicode normalisation',
    files('python/caf\u00e9.py', 'python/cafe\u0301.py'),
    "entry 'python/cafe\u0301.py' ('python/cafe\\u0301.py') and 'python/caf\u00e9.py' ('python/caf\\u00e9.py') differ only in Unicode normalisation"
  ],
  [
    "names equal once './' and '//' are removed",
    [PY, { name: './python//mod.py', data: 'X = 2\n' }],
    "entry './python//mod.py' is the same path as 'python/mod.py' once './' and '//' are removed"
  ],
  ['a drive prefix', [{ name: 'c:python/mod.py', data: 'x' }], "entry 'c:python/mod.py' starts with a drive ('c:')"],
  [
    'a folder-type entry without a trailing /',
    [PY, { name: 'python/pkg', mode: 0o040755 }],
    "entry 'python/pkg' is a folder by its attributes but its name does not end with '/'"
  ],
  [
    'a local header name other than the directory name',
    [{ ...PY, localName: 'python/evil.py' }],
    "entry 'python/mod.py' has a local header that differs from the central directory in its name ('python/evil.py')"
  ]
])('a zip-file with %s', (_label, entries, message) => {
  it('is refused, naming zip-file and the entry, before any AWS call, in the log and the job summary', async () => {
    const result = await runWith(entries)
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain(`Input 'zip-file': ${message}`)
    expect(e2e.emu.requests).toEqual([])
    expect(markdownProblems(result.summary)).toEqual([])
    const shown = renderedText(result.summary)
    expect(shown).toContain(`Error: Input 'zip-file': ${message}`)
    expect(shown).toContain('Fix: ')
    expect(shown).toContain('In AWS: Nothing was changed in AWS: the step stopped before any AWS call.')
  })
})

describe('a zip-file with a stale digest comment', () => {
  it('is refused: the comment claims content it does not hold', async () => {
    // A zip this action built, then edited by a tool that kept its comment.
    const built = await run({ ...readmeInputs(e2e.emu), 'dry-run': 'true' }, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    const comment = (await readFile(built.outputs['archive-path'])).subarray(-107)
    expect(comment.toString()).toMatch(/^publish-lambda-layer content-digest=sha256:/)
    const result = await runWith(
      [
        { name: 'python/', mode: 0o040755 },
        { name: 'python/mydeps/__init__.py', data: 'VALUE = 666\n' }
      ],
      {},
      comment
    )
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain(
      "Input 'zip-file': carries a publish-lambda-layer content digest in its comment that does not match its entries"
    )
    expect(errorLine(result)).toContain('remove the comment (zip -z)')
    expect(e2e.emu.requests).toEqual([])
  })
})

describe('a zip-file that is a FIFO', () => {
  it('is refused at once instead of hanging the step', async () => {
    execFileSync('mkfifo', [path.join(e2e.workspace, 'pipe.zip')])
    const inputs = { ...readmeInputs(e2e.emu), 'working-directory': '', paths: '', 'zip-file': 'pipe.zip' }
    const result = await run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain("Input 'zip-file': 'pipe.zip' is not a file")
  })
})

describe('warnings about a zip-file that is still published', () => {
  it('names entries Lambda cannot read (a zip made under umask 077), ten at most, then a count', async () => {
    const files = Array.from({ length: 12 }, (_, i) => ({
      name: `python/m${String(i).padStart(2, '0')}.py`,
      data: `V = ${i}\n`,
      mode: 0o100600
    }))
    const result = await runWith([{ name: 'python/', mode: 0o040700 }, ...files])
    expect(result.code).toBe(0)
    expect(result.outputs.published).toBe('true')
    const [warning] = warnings(result)
    expect(warning).toContain("13 entries have modes Lambda's runtime user cannot read")
    expect(warning).toContain("'python/' (0700), 'python/m00.py' (0600)")
    expect(warning).toContain("'python/m08.py' (0600) and 3 more")
  })

  it('gives a zip with content only under python/ the layout warning a built archive gets, for nodejs22.x', async () => {
    const result = await runWith([{ name: 'python/', mode: 0o040755 }, PY], { 'compatible-runtimes': 'nodejs22.x' })
    expect(result.code).toBe(0)
    expect(warnings(result)).toEqual([
      '::warning::No entry is under a folder nodejs22.x reads: expected nodejs/node_modules/, nodejs/node22/node_modules/, bin/ or lib/ (set prefix: nodejs/node_modules?)'
    ])
  })

  it('warns about a bootstrap that is not executable under a provided runtime', async () => {
    const result = await runWith([{ name: 'bootstrap', data: '#!/bin/sh\n', mode: 0o100644 }], { 'compatible-runtimes': 'provided.al2023' })
    expect(result.code).toBe(0)
    expect(warnings(result)).toEqual([
      "::warning::'bootstrap' is not executable (mode 0644): under provided.al2023 Lambda runs it to start the runtime and cannot; give it mode 0755"
    ])
  })

  it('warns about non-ASCII names without the UTF-8 flag and stored entries with data descriptors', async () => {
    const result = await runWith([
      PY,
      { name: 'python/caf\u00e9.py', data: 'x', utf8: false },
      { name: 'python/streamed.py', data: 'y', method: 0, flags: 0x0008 }
    ])
    expect(result.code).toBe(0)
    expect(warnings(result)).toEqual([
      expect.stringContaining(
        "Non-ASCII names without the zip's UTF-8 flag (bit 11): some extractors read them as code page 437 and write other names; rebuild with a tool that sets the flag: 'python/caf\u00e9.py'"
      ),
      expect.stringContaining(
        "Stored (uncompressed) entries whose sizes follow their data in a data descriptor: streaming extractors cannot find where they end: 'python/streamed.py'"
      )
    ])
  })

  it("accepts absolute links into /opt and names like 'std::vector', warning about a target not in the layer", async () => {
    const result = await runWith(
      [
        { name: 'bin/', mode: 0o040755 },
        { name: 'bin/php', data: '/opt/bref/bin/php', mode: LINK },
        { name: 'include/std::vector', data: 'template' }
      ],
      { 'compatible-runtimes': 'provided.al2023' }
    )
    expect(result.code).toBe(0)
    expect(warnings(result)).toContain(
      "::warning::1 symlink points to something not in this archive, so it will dangle under /opt unless another layer provides it: 'bin/php' -> '/opt/bref/bin/php'"
    )
    expect(e2e.emu.requestsFor('PublishLayerVersion')).toHaveLength(1)
  })
})
