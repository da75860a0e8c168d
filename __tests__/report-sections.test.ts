// The job summary's sections one by one: size against Lambda's limits, what is inside, what
// changed since the newest version, and the metadata.
import { describe, expect, it } from '@jest/globals'
import { compareEntries } from '../src/archive/inspect/compare.js'
import { packageFolder } from '../src/plan/layout.js'
import { changeSection, MAX_LISTED, sizeDelta } from '../src/report/changes.js'
import { bar, contentSection, folderSizes } from '../src/report/content.js'
import { metadataSection } from '../src/report/metadata.js'
import { signingSection } from '../src/report/signing.js'
import { percent, sizeSection } from '../src/report/size.js'
import { changes, failed, file, listing, MiB, outcome, previousWith, published, reused, version } from './helpers/report-fixtures.js'

describe('size', () => {
  it('puts the zip against the inline limit and the unzipped size against 262,144,000 bytes', () => {
    const lines = sizeSection(outcome({ archive: { path: '/z', size: 5 * MiB, sha256: 'abc=', unzippedSize: 20 * MiB, entryCount: 9 } }))
    expect(lines).toEqual([
      '#### Size',
      '',
      '- **Zipped:** 5.0 MiB (5,242,880 bytes), 10% of the 50 MiB Lambda takes in a direct upload.',
      '- **Unzipped:** 20.0 MiB (20,971,520 bytes): **8%** of the 262,144,000 bytes a function and all its layers may take together.',
      '- **CodeSha256:** `abc=`',
      ''
    ])
  })

  it('says the zip goes through S3 above the inline limit, and what to set without a bucket', () => {
    const big = { path: '/z', size: 60 * MiB, sha256: 'x', unzippedSize: 100 * MiB, entryCount: 9 }
    expect(sizeSection(outcome({ archive: big }, { s3Bucket: 'layers-{region}' }))[2]).toBe(
      '- **Zipped:** 60.0 MiB (62,914,560 bytes), above the 50 MiB Lambda takes in a direct upload; sent through `s3://layers-eu-west-1` and `s3://layers-us-east-1`.'
    )
    expect(sizeSection(outcome({ archive: big }))[2]).toBe(
      '- **Zipped:** 60.0 MiB (62,914,560 bytes), above the 50 MiB Lambda takes in a direct upload: set `s3-bucket`.'
    )
  })

  it('notes above 80% of the limit that the functions have little room left', () => {
    const near = { path: '/z', size: 40 * MiB, sha256: 'x', unzippedSize: 225 * MiB, entryCount: 9 }
    const text = sizeSection(outcome({ archive: near })).join('\n')
    expect(text).toContain('**90%** of the 262,144,000 bytes')
    expect(text).toContain(
      "> **Close to the limit.** A function's own code and its other layers count toward the same limit: a function using this layer has 25.0 MiB left for them."
    )
    const below = { ...near, unzippedSize: 200 * MiB }
    expect(sizeSection(outcome({ archive: below })).join('\n')).not.toContain('Close to the limit')
  })

  it('measures a layer refused as over the limit from its entries', () => {
    const text = sizeSection(
      outcome({ archive: undefined, listing: listing({ 'python/a/x.so': 200 * MiB, 'python/b/y.so': 60 * MiB }) })
    ).join('\n')
    expect(text).toContain('- **Unzipped:** 260.0 MiB (272,629,760 bytes) in 2 files: **104%** of the 262,144,000 bytes')
    expect(text).toContain('> **Over the limit.**')
    expect(text).not.toContain('Zipped')
  })

  it.each([
    [0, 100, '0%'],
    [1, 100_000, '<0.1%'],
    [16, 1000, '1.6%'],
    [5, 100, '5%'],
    [755, 1000, '76%']
  ])('percent(%d, %d) is %s', (part, whole, text) => expect(percent(part, whole)).toBe(text))
})

describe('what is inside', () => {
  it('lists package folders largest first, with a bar of the layer and a share of the limit', () => {
    const lines = contentSection({
      listing: listing({ 'python/small/a.py': 1 * MiB, 'python/numpy/core.so': 2 * MiB, 'python/numpy/x.so': 1 * MiB })
    })
    expect(lines).toEqual([
      '#### What is inside',
      '',
      '2 folders, largest first:',
      '',
      '| Folder | Unzipped | Files | Of the layer | Of the limit |',
      '|---|---:|---:|---|---:|',
      '| `python/numpy` | 3.0 MiB | 2 | ███████▌ 75% | 1.2% |',
      '| `python/small` | 1.0 MiB | 1 | ██▌ 25% | 0.4% |',
      ''
    ])
  })

  it('shows the ten largest and sums up the others', () => {
    const files: Record<string, number> = {}
    for (let i = 1; i <= 12; i++) files[`nodejs/node_modules/pkg${String(i).padStart(2, '0')}/index.js`] = i * 1000
    const text = contentSection({ listing: listing(files) }).join('\n')
    expect(text).toContain('The 10 largest of 12 folders, then the rest:')
    expect(text).toMatch(/\| `nodejs\/node_modules\/pkg12` \| 11\.7 KiB \| 1 \|/)
    expect(text).toContain('| 2 others | 2.9 KiB | 2 |')
    expect(text).not.toContain('pkg01`')
  })

  it('says nothing without entries or files', () => {
    expect(contentSection({})).toEqual([])
    expect(contentSection({ listing: listing({}) })).toEqual([])
  })

  it.each([
    ['python/numpy/core/x.so', 'python/numpy'],
    ['python/six.py', 'python/six.py'],
    ['python/lib/python3.12/site-packages/idna/core.py', 'python/lib/python3.12/site-packages/idna'],
    ['nodejs/node_modules/@aws-sdk/client-s3/dist/index.js', 'nodejs/node_modules/@aws-sdk/client-s3'],
    ['nodejs/node22/node_modules/lodash/lodash.js', 'nodejs/node22/node_modules/lodash'],
    ['nodejs/package.json', 'nodejs/package.json'],
    ['ruby/gems/3.4.0/gems/nokogiri-1.16/lib/n.rb', 'ruby/gems/3.4.0/gems/nokogiri-1.16'],
    ['java/lib/guava.jar', 'java/lib/guava.jar'],
    ['bin/ffmpeg', 'bin/ffmpeg'],
    ['bootstrap', 'bootstrap'],
    ['python/numpy/', 'python/numpy'],
    ['share/data/x/y.txt', 'share/data']
  ])('%s belongs to %s', (name, folder) => expect(packageFolder(name)).toBe(folder))

  it('counts files only, and draws slivers and whole bars', () => {
    expect(folderSizes([file('python/a/x', 5), { name: 'python/a/l', kind: 'symlink', size: 40 }])).toEqual([
      { folder: 'python/a', bytes: 5, files: 1 }
    ])
    expect([bar(0), bar(0.001), bar(0.5), bar(1)]).toEqual(['', '▏', '█████', '██████████'])
  })
})

describe('what changed', () => {
  it('gives counts, the size delta, package names first, the first entries, then the full list folded', () => {
    const lines = changeSection(outcome({ regions: [published('eu-west-1', 4, { previous: previousWith('eu-west-1', 3) })] }))
    expect(lines.slice(0, 14)).toEqual([
      '#### What changed since version 3',
      '',
      '**5 entries differ:** 2 added, 2 removed, 1 changed; 40 unchanged. Unzipped size: +120 B.',
      '',
      '- **Packages:** `python/chardet` removed, `python/idna` added and `python/requests` changed',
      '- **Added:** `python/idna/core.py` and `python/idna/`',
      '- **Removed:** `python/chardet/big5.py` and `python/chardet/`',
      '- **Changed:** `python/requests/api.py`',
      '',
      '<details><summary>All 5 entries that differ</summary>',
      '',
      '| Entry | Change | Size |',
      '|---|---|---:|',
      '| `python/idna/` | added |  |'
    ])
    expect(lines).toContain('| `python/requests/api.py` | content | 100 B → 120 B |')
  })

  it('says in one line when there is nothing to compare, or it could not be read', () => {
    const one = (previous: Parameters<typeof published>[2]) => changeSection(outcome({ regions: [published('eu-west-1', 1, previous)] }))
    expect(one({ previous: { state: 'none' } })).toEqual([
      '#### What changed',
      '',
      'The first version of this layer: there is nothing to compare with.',
      ''
    ])
    expect(one({ previous: { state: 'unread', reason: 'AccessDeniedException: not authorized' } })[2]).toBe(
      'The newest version could not be looked up to compare with: AccessDeniedException: not authorized'
    )
    const unreadZip = {
      ...previousWith('eu-west-1', 3),
      comparison: { compared: false as const, reason: 'its zip could not be read (HTTP 403 AccessDenied)' }
    }
    expect(one({ previous: unreadZip })[2]).toBe(
      'The content could not be compared with version 3: its zip could not be read (HTTP 403 AccessDenied).'
    )
  })

  it('says the content is the same, and which metadata differ', () => {
    const same = {
      state: 'found' as const,
      version: reused('eu-west-1', 9).version!,
      metadataChanges: ['description', 'license'],
      comparison: { compared: true as const, sameCode: true, changes: changes({ added: [], removed: [], changed: [], sizeDelta: 0 }) }
    }
    const text = changeSection(outcome({ regions: [published('eu-west-1', 10, { previous: same })] })).join('\n')
    expect(text).toContain('Same content as version 9 (the same CodeSha256).')
    expect(text).toContain('Metadata differs from version 9: description and license.')
  })

  it('tells regions that found the same once, and the others apart', () => {
    const regions = [
      published('eu-west-1', 4, { previous: previousWith('eu-west-1', 3) }),
      published('us-east-1', 4, { previous: previousWith('us-east-1', 3) }),
      published('ap-southeast-2', 1, { previous: { state: 'none' } })
    ]
    const text = changeSection(outcome({ regions })).join('\n')
    expect(text).toContain('#### What changed\n\n**eu-west-1, us-east-1:**')
    expect(text).toContain('**ap-southeast-2:**\n\nThe first version of this layer')
    expect(text.match(/entries differ/g)).toHaveLength(1)
  })

  it('names the regions of the one comparison when other regions have none (they failed)', () => {
    const regions = [published('eu-west-1', 2, { previous: previousWith('eu-west-1', 1) }), failed('us-east-1')]
    const text = changeSection(outcome({ regions })).join('\n')
    expect(text).toContain('#### What changed\n\n**eu-west-1:**\n\n**5 entries differ:**')
  })

  it('calls a package added or removed only when no entry of it was there before, or is after', () => {
    // The stored zip had python/old.py and python/idna/core.py, and no folder entries; ours has
    // them, m.py in place of old.py, and idna unchanged.
    const folder = (name: string) => ({ name, kind: 'directory' as const, mode: 0o755, size: 0, crc32: 0 })
    const idna = file('python/idna/core.py', 1)
    const moved = compareEntries(
      [file('python/old.py', 1), idna],
      [folder('python/'), folder('python/idna/'), idna, file('python/m.py', 1)]
    )
    const text = changeSection(outcome({ regions: [published('eu-west-1', 2, { previous: previousWith('eu-west-1', 1, moved) })] }))
    expect(text).toContain('- **Packages:** `python/idna` changed, `python/m.py` added and `python/old.py` removed')
  })

  it(`lists at most ${MAX_LISTED} entries in full`, () => {
    const many = Array.from({ length: MAX_LISTED + 5 }, (_, i) => file(`python/p/f${i}.py`, 1))
    const text = changeSection(
      outcome({
        regions: [published('eu-west-1', 2, { previous: previousWith('eu-west-1', 1, changes({ added: many, removed: [], changed: [] })) })]
      })
    ).join('\n')
    expect(text).toContain(
      '- **Added:** `python/p/f0.py`, `python/p/f1.py`, `python/p/f2.py`, `python/p/f3.py`, `python/p/f4.py` and 1,000 more'
    )
    expect(text).toContain('… and 5 more, not listed.')
    expect(text.split('\n').filter((l) => l.includes('| added |'))).toHaveLength(MAX_LISTED)
  })

  it('has no section in a dry run or when no region compared', () => {
    expect(changeSection(outcome({}, { dryRun: true }))).toEqual([])
    expect(changeSection(outcome({ regions: [published('eu-west-1', 1)] }))).toEqual([])
  })

  it.each([
    [0, 'no change'],
    [-512, '-512 B'],
    [2048, '+2.0 KiB (+2,048 bytes)']
  ])('sizeDelta(%d) is %s', (bytes, text) => expect(sizeDelta(bytes)).toBe(text))
})

describe('metadata', () => {
  it('shows only the fields given, and the commit and run', () => {
    const links = {
      commit: { sha: 'abc1234def', url: 'https://github.com/o/r/commit/abc1234def' },
      run: { id: '42', url: 'https://github.com/o/r/actions/runs/42' }
    }
    const lines = metadataSection({
      ...outcome({}, { description: 'Deps for *orders* <b>', licenseInfo: 'MIT', compatibleArchitectures: [] }),
      links
    })
    expect(lines).toEqual([
      '#### Metadata',
      '',
      '- **Description:** Deps for \\*orders\\* \\<b\\>',
      '- **License:** MIT',
      '- **Runtimes:** python3.12, python3.13',
      '- **Source:** commit [`abc1234`](https://github.com/o/r/commit/abc1234def), workflow run [42](https://github.com/o/r/actions/runs/42)',
      ''
    ])
  })
})

describe("a summary that stays under the runner's 1,024 KiB", () => {
  it('clips long names and lists entries up to a byte budget', () => {
    const long = (i: number) => `python/${String(i).padStart(4, '0')}/${'x'.repeat(60_000)}.py`
    const many = Array.from({ length: 20 }, (_, i) => file(long(i), 1))
    const text = changeSection(
      outcome({
        regions: [published('eu-west-1', 2, { previous: previousWith('eu-west-1', 1, changes({ added: many, removed: [], changed: [] })) })]
      })
    ).join('\n')
    expect(text).toContain(`\`python/0000/${'x'.repeat(187)}…\``)
    expect(text).toContain('… and 16 more, not listed.')
    expect(Buffer.byteLength(text)).toBeLessThan(300 * 1024)
  })
})

describe('singular and plural', () => {
  it('counts one file and one folder as such', () => {
    const one = outcome({ listing: listing({ 'python/a/x.py': 45 }) })
    expect(sizeSection(one).join('\n')).toContain(' in 1 file: ')
    expect(contentSection(one)[2]).toBe('1 folder:')
  })
})

describe('the code signing section', () => {
  const signer = 'arn:aws:signer:eu-west-1:123456789012:/signing-'
  const signedBy = (job: string) => ({ signingJobArn: `${signer}jobs/${job}`, signingProfileVersionArn: `${signer}profiles/P/v1` })
  it('names each signing job once, with the regions whose version it signed', () => {
    const regions = [
      published('eu-west-1', 4, { version: { ...version('eu-west-1', 4), ...signedBy('new') } }),
      published('us-east-1', 2, { version: { ...version('us-east-1', 2), ...signedBy('new') } }),
      { ...reused('ap-south-1', 9), version: { ...version('ap-south-1', 9), ...signedBy('old') } },
      failed('sa-east-1')
    ]
    expect(signingSection(outcome({ regions }))).toEqual([
      '#### Code signing',
      '',
      `- eu-west-1 and us-east-1: signed by job \`${signer}jobs/new\` with the profile version \`${signer}profiles/P/v1\` (signed zip CodeSha256 \`abc=\`)`,
      `- ap-south-1: signed by job \`${signer}jobs/old\` with the profile version \`${signer}profiles/P/v1\` (signed zip CodeSha256 \`abc=\`)`,
      ''
    ])
  })
  it('says nothing without signing, and what would sign in a dry run', () => {
    expect(signingSection(outcome({ regions: [published('eu-west-1', 4)] }))).toEqual([])
    expect(signingSection(outcome({}, { dryRun: true }))).toEqual([])
    const signing = { profileName: 'LayerSigner', timeoutSeconds: 300 }
    expect(signingSection(outcome({}, { dryRun: true, signing }))[2]).toBe(
      'Would sign the zip first with the AWS Signer profile `LayerSigner` in eu-west-1.'
    )
  })
})
