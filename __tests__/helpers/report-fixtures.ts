// Outcomes for the report tests: the README's settings, a zip, versions, region results and
// comparisons with a previous version, each made to order.
import type { EntryChanges } from '../../src/archive/inspect/compare.js'
import type { EntrySummary } from '../../src/archive/inspect/listing.js'
import { readSettings } from '../../src/inputs/read.js'
import type { SizedEntry } from '../../src/plan/limits.js'
import type { Previous } from '../../src/publish/previous.js'
import type { RegionResult, RegionSuccess } from '../../src/regions/fan-out.js'
import type { Outcome } from '../../src/report/outcome.js'
import type { Settings } from '../../src/settings.js'

/** The README example's settings, as the inputs stage reads them (in two regions; the working
 * directory is this checkout). */
export const settings: Settings = readSettings({
  getInput: (name) =>
    ({
      'layer-name': 'my-deps',
      paths: 'python',
      'compatible-runtimes': 'python3.12, python3.13',
      'compatible-architectures': 'x86_64',
      principals: '111122223333\no-a1b2c3d4e5',
      'aws-region': 'eu-west-1',
      regions: 'eu-west-1, us-east-1'
    })[name] ?? '',
  env: {}
}).settings

export const archive = { path: '/tmp/my-deps.zip', size: 2048, sha256: 'abc=', unzippedSize: 4096, entryCount: 3 }

export const MiB = 1024 * 1024

export const layerArn = (region: string, name = 'my-deps'): string => `arn:aws:lambda:${region}:123456789012:layer:${name}`

export const version = (region: string, n: number) => ({
  layerArn: layerArn(region),
  layerVersionArn: `${layerArn(region)}:${n}`,
  version: n,
  codeSha256: 'abc=',
  codeSize: 2048
})

/** A region that published version `n`, shared with the README's principals. */
export function published(region: string, n: number, over: Partial<RegionSuccess> = {}): RegionSuccess {
  return {
    region,
    ok: true,
    version: version(region, n),
    published: true,
    shares: [
      { statementId: 's1', principal: '111122223333', label: '111122223333', added: true },
      { statementId: 's2', principal: '*', organizationId: 'o-a1b2c3d4e5', label: 'organization o-a1b2c3d4e5', added: true }
    ],
    deleted: [],
    functions: [],
    notes: [],
    ...over
  }
}

/** A region that reused version `n`. */
export function reused(region: string, n: number): RegionSuccess {
  return { ...published(region, n), published: false, reused: `version ${n} has the same CodeSha256` }
}

export function failed(region: string, error = 'ServiceException: boom', over: Partial<RegionResult> = {}): RegionResult {
  return { region, ok: false, error, ...over } as RegionResult
}

/** A file entry of `bytes` bytes. */
export function file(name: string, bytes: number, crc32 = 1): EntrySummary {
  return { name, kind: 'file', mode: 0o644, size: bytes, crc32 }
}

export function folder(name: string): EntrySummary {
  return { name, kind: 'directory', mode: 0o755, size: 0, crc32: 0 }
}

/** Entries of `files` (name to bytes), with the folders above them. */
export function listing(files: Record<string, number>): SizedEntry[] {
  const folders = new Set<string>()
  for (const name of Object.keys(files)) {
    const parts = name.split('/')
    for (let i = 1; i < parts.length; i++) folders.add(`${parts.slice(0, i).join('/')}/`)
  }
  return [...[...folders].map(folder), ...Object.entries(files).map(([name, bytes]) => file(name, bytes))]
}

/** Changes from a previous version: one entry of each kind unless told otherwise. */
export function changes(over: Partial<EntryChanges> = {}): EntryChanges {
  return {
    added: [folder('python/idna/'), file('python/idna/core.py', 300)],
    removed: [folder('python/chardet/'), file('python/chardet/big5.py', 200)],
    changed: [
      {
        name: 'python/requests/api.py',
        before: file('python/requests/api.py', 100, 1),
        after: file('python/requests/api.py', 120, 2),
        fields: ['size', 'crc32']
      }
    ],
    unchanged: 40,
    sizeDelta: 120,
    packagesAdded: ['python/idna'],
    packagesRemoved: ['python/chardet'],
    ...over
  }
}

/** The previous version `n` of `region`, compared entry by entry. */
export function previousWith(region: string, n: number, entryChanges: EntryChanges = changes(), metadataChanges: string[] = []): Previous {
  return {
    state: 'found',
    version: version(region, n),
    metadataChanges,
    comparison: { compared: true, sameCode: false, changes: entryChanges }
  }
}

/** An outcome of the README's settings with `over` applied. */
export function outcome(over: Partial<Outcome> = {}, settingsOver: Partial<Settings> = {}): Outcome {
  return { settings: { ...settings, ...settingsOver }, archive, regions: [], ...over }
}
