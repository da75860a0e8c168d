// The content rules on their own: what they refuse (and how the message names the entry for a
// tree and for a zip-file), and what they warn about, at most ten names per warning.
import { describe, expect, it } from '@jest/globals'
import { checkContent, type ContentEntry, type ContentSource } from '../src/plan/content-rules.js'
import { ActionError, InputError } from '../src/errors.js'
import { nameProblem, pathKey } from '../src/plan/name-rules.js'
import { underLayerRoot } from '../src/plan/link-rules.js'

const file = (name: string, mode = 0o644): ContentEntry => ({ name, kind: 'file', mode })
const dir = (name: string, mode = 0o755): ContentEntry => ({ name, kind: 'directory', mode })
const link = (name: string, linkTarget: string): ContentEntry => ({ name, kind: 'symlink', mode: 0o777, linkTarget })

function check(entries: ContentEntry[], runtimes: string[] = [], source: ContentSource = 'zip-file'): string[] {
  return checkContent(entries, { source, runtimes })
}

function refusal(entries: ContentEntry[], source: ContentSource = 'zip-file'): string {
  try {
    check(entries, [], source)
  } catch (err) {
    return (err as Error).message
  }
  throw new Error('not refused')
}

describe('names', () => {
  it.each([
    ['python\\acme\\__init__.py', 'has a backslash in its name'],
    ['a\nb.py', 'has a control character (\\n) in its name'],
    ['python/x\u0085.py', 'has a control character (\\u0085)'],
    ['python/x\u007f', 'has a control character (\\u007f)'],
    ['c:foo', "starts with a drive ('c:')"],
    ['/etc/passwd', 'has an absolute name'],
    ['python/../../x', "has a '..' segment"],
    ['', 'has an empty name']
  ])('refuses %j', (name, problem) => {
    expect(nameProblem(name)).toContain(problem)
  })

  it.each(['std::vector', 'python/c:x', 'python/caf\u00e9.py', 'a..b', '.hidden', 'python/ünïcode/日本.py'])('accepts %j', (name) => {
    expect(nameProblem(name)).toBeUndefined()
  })

  it('keys names as extractors write them', () => {
    expect(pathKey('./python//pkg/./a.py')).toBe('python/pkg/a.py')
    expect(pathKey('python/')).toBe('python')
    expect(pathKey('e\u0301.py')).toBe('\u00e9.py')
  })

  it('names the zip-file input and the entry, or the tree path, with control characters shown', () => {
    expect(refusal([file('python/a\nb.py')])).toMatch(/^Input 'zip-file': entry 'python\/a\\nb\.py' has a control character/)
    const tree = { ...file('python/a\nb.py'), path: 'a\nb.py' }
    expect(refusal([tree], 'tree')).toMatch(/^'a\\nb\.py' has a control character/)
    expect(() => check([file('x\\y')])).toThrow(InputError)
    expect(() => check([file('x\\y')], [], 'tree')).toThrow(ActionError)
  })
})

describe('one path, one entry', () => {
  it.each<[string, ContentEntry[], string]>([
    ['an exact duplicate', [file('a.py'), file('a.py')], "entry 'a.py' appears twice"],
    ['NFC beside NFD', [file('python/caf\u00e9.py'), file('python/cafe\u0301.py')], 'differ only in Unicode normalisation'],
    ["'./' and '//'", [file('python/a.py'), file('./python//a.py')], "is the same path as 'python/a.py' once './' and '//' are removed"],
    ['a file and a folder entry', [file('python/a'), dir('python/a/')], 'make one path both a folder and a file'],
    [
      'a file a later entry needs as a folder',
      [file('python/a'), file('python/a/b.py')],
      "entry 'python/a' is a file, and 'python/a/b.py' needs it to be a folder"
    ],
    [
      'a file an earlier entry needs as a folder',
      [file('python/a/b.py'), file('python/a')],
      "entry 'python/a' is a file, and 'python/a/b.py' needs it"
    ],
    [
      'an entry written through a link',
      [link('python/l', '..'), file('python/l/x.py')],
      "entry 'python/l/x.py' would be written through the symlink 'python/l'"
    ],
    [
      'an entry written through a link to a folder inside',
      [dir('python/pkg/'), link('python/l', 'pkg'), file('python/l/x.py')],
      'through the symlink'
    ]
  ])('refuses %s', (_name, entries, message) => {
    expect(refusal(entries)).toContain(message)
  })

  it('takes a root folder entry ./ for the extraction root', () => {
    expect(check([dir('./'), file('python/a.py')], ['python3.12'])).toEqual([])
  })
})

describe('symlinks', () => {
  it.each<[string, ContentEntry[], string]>([
    [
      'an absolute target outside /opt',
      [link('python/evil', '/etc/passwd')],
      "is a symlink to '/etc/passwd', an absolute path outside /opt"
    ],
    ['/opt/.. out', [link('bin/x', '/opt/../etc/passwd')], 'climbs out of /opt'],
    ['a relative target climbing out', [link('python/evil', '../../etc/passwd')], 'climbs out of /opt'],
    [
      'a target climbing out through another link',
      [dir('a/'), link('a/up', '..'), link('a/evil', 'up/../x')],
      "entry 'a/evil' is a symlink to 'up/../x', which climbs out"
    ],
    ['a loop', [link('a', 'b'), link('b', 'a')], 'is a symlink in a loop'],
    ['an empty target', [link('a', '')], 'empty or invalid target']
  ])('refuses %s', (_name, entries, message) => {
    expect(refusal(entries)).toContain(message)
  })

  it('accepts links inside the layer and absolute links into /opt, warning when the target is not in the archive', () => {
    const entries = [
      file('bin/php-8.3'),
      link('bin/php', 'php-8.3'),
      link('bin/composer', '/opt/bin/php'),
      link('bin/ext', '/opt/bref/bin/ext'),
      link('lib/libz.so', '../lib/libz.so.1'),
      file('lib/libz.so.1')
    ]
    expect(check(entries)).toEqual([
      "1 symlink points to something not in this archive, so it will dangle under /opt unless another layer provides it: 'bin/ext' -> '/opt/bref/bin/ext'"
    ])
  })

  it('knows what lies under /opt', () => {
    expect(underLayerRoot('/opt/bin/php')).toBe(true)
    expect(underLayerRoot('/opt')).toBe(true)
    expect(underLayerRoot('/opt/../etc')).toBe(false)
    expect(underLayerRoot('/optional/x')).toBe(false)
  })
})

describe('warnings', () => {
  it('names at most ten entries Lambda cannot read, then counts the rest', () => {
    const locked = Array.from({ length: 12 }, (_, i) => file(`python/m${String(i).padStart(2, '0')}.py`, 0o600))
    const [warning] = check([dir('python/', 0o700), ...locked])
    expect(warning).toMatch(/^13 entries have modes Lambda's runtime user cannot read/)
    expect(warning).toContain("'python/' (0700), 'python/m00.py' (0600)")
    expect(warning).toContain("'python/m08.py' (0600) and 3 more")
    expect(warning).not.toContain('m09')
  })

  it('warns about a bootstrap that is not executable, only for a provided runtime', () => {
    const entries = [file('bootstrap', 0o644)]
    expect(check(entries, ['provided.al2023'])).toEqual([
      "'bootstrap' is not executable (mode 0644): under provided.al2023 Lambda runs it to start the runtime and cannot; give it mode 0755"
    ])
    expect(check(entries, ['python3.12']).some((w) => w.includes('bootstrap'))).toBe(false)
    expect(check([file('bootstrap', 0o755)], ['provided.al2023'])).toEqual([])
  })

  it('warns about the runtime layout and an archive without files, for either source', () => {
    for (const source of ['tree', 'zip-file'] as const) {
      expect(checkContent([dir('python/'), file('python/a.py')], { source, runtimes: ['nodejs22.x'] })[0]).toContain(
        'No entry is under a folder nodejs22.x reads'
      )
      expect(checkContent([dir('python/')], { source, runtimes: [] })).toEqual(['The archive holds no files, only folders or links'])
    }
  })
})
