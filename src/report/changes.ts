// The "what changed" section: the content published against the newest version before the run
// (publish/previous.ts, read in the region stage): counts, the size delta, the package folders
// touched, then the first entries of each kind, and the full list folded away. Regions that
// found the same are told once.
import type { EntryChange, EntryChanges } from '../archive/inspect/compare.js'
import type { EntrySummary } from '../archive/inspect/listing.js'
import { packageFolder } from '../plan/layout.js'
import type { Previous } from '../publish/previous.js'
import { andList, clip, code, details, plural, section, table, text } from './markdown.js'
import { successes, type Outcome } from './outcome.js'
import { formatBytes } from './size.js'

/** Entry names shown per kind of change, and package folders shown, before "and N more". */
const FIRST_ENTRIES = 5
const FIRST_PACKAGES = 10
/** Rows of the full list, and the bytes they may take: a node_modules rebuild can change tens of
 * thousands of entries, and the runner drops a step's whole job summary above 1,024 KiB
 * ("$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k"). */
export const MAX_LISTED = 1000
const LIST_BYTES = 256 * 1024

/** "+2.0 KiB (+2,048 bytes)", "-512 B", "no change". Never throws. */
export function sizeDelta(bytes: number): string {
  if (bytes === 0) return 'no change'
  const sign = bytes > 0 ? '+' : '-'
  const abs = Math.abs(bytes)
  return abs < 1024 ? `${sign}${abs} B` : `${sign}${formatBytes(abs)} (${sign}${abs.toLocaleString('en-US')} bytes)`
}

/** `names` shown as code, the first `count` of them, then "and N more". */
function firstOf(names: string[], count: number): string {
  const shown = names.slice(0, count).map((n) => code(clip(n)))
  return names.length > count ? `${shown.join(', ')} and ${(names.length - count).toLocaleString('en-US')} more` : andList(shown)
}

type PackageState = 'added' | 'removed' | 'changed'

/** Each package folder touched, by name: added (no entry of it before), removed (none after) or
 * changed. A folder that holds other packages touched (the runtime folder `python/`, whose entry
 * one zip has and the other lacks) is left out: the packages in it say what changed. */
function packages(changes: EntryChanges): [string, PackageState][] {
  const states = new Map<string, PackageState>()
  for (const { name } of [...changes.changed, ...changes.added, ...changes.removed]) states.set(packageFolder(name), 'changed')
  for (const folder of changes.packagesAdded) if (states.has(folder)) states.set(folder, 'added')
  for (const folder of changes.packagesRemoved) if (states.has(folder)) states.set(folder, 'removed')
  const touched = [...states.keys()]
  for (const folder of touched) if (touched.some((other) => other.startsWith(`${folder}/`))) states.delete(folder)
  return [...states.entries()].sort(([a], [b]) => (a < b ? -1 : 1))
}

/** What differs in a changed entry: "content", "mode 0644 → 0755", "file → symlink". */
function differences(change: EntryChange): string {
  const octal = (mode: number) => mode.toString(8).padStart(4, '0')
  const parts: string[] = []
  if (change.fields.includes('kind')) parts.push(`${change.before.kind} → ${change.after.kind}`)
  if (change.fields.includes('size') || change.fields.includes('crc32')) parts.push('content')
  if (change.fields.includes('mode')) parts.push(`mode ${octal(change.before.mode)} → ${octal(change.after.mode)}`)
  return parts.join(', ')
}

/** The full list of entries that differ, in name order within each kind, at most MAX_LISTED rows. */
function fullList(changes: EntryChanges): string[] {
  const size = (e: EntrySummary) => (e.kind === 'directory' ? '' : formatBytes(e.size))
  const rows = [
    ...changes.added.map((e) => [code(e.name), 'added', size(e)]),
    ...changes.removed.map((e) => [code(e.name), 'removed', size(e)]),
    ...changes.changed.map((c) => [code(c.name), differences(c), `${size(c.before)} → ${size(c.after)}`])
  ]
  let bytes = 0
  const listed = rows.slice(0, MAX_LISTED).filter((row) => (bytes += row.join('').length) <= LIST_BYTES)
  const rest = rows.length - listed.length
  const columns = [{ title: 'Entry' }, { title: 'Change' }, { title: 'Size', right: true }]
  const more = rest > 0 ? ['', text(`… and ${rest.toLocaleString('en-US')} more, not listed.`)] : []
  return details(`All ${plural(rows.length, 'entry', 'entries')} that differ`, [...table(columns, listed), ...more])
}

/** The first names of each kind of change, files before folders. */
function firstNames(changes: EntryChanges): string[] {
  const names = (entries: { name: string }[]) =>
    [...entries].sort((a, b) => Number(a.name.endsWith('/')) - Number(b.name.endsWith('/'))).map((e) => e.name)
  const kinds: [string, { name: string }[]][] = [
    ['Added', changes.added],
    ['Removed', changes.removed],
    ['Changed', changes.changed]
  ]
  return kinds.filter(([, list]) => list.length > 0).map(([word, list]) => `- **${word}:** ${firstOf(names(list), FIRST_ENTRIES)}`)
}

/** The entries that differ: counts and size delta, then (after `metadata`) the package folders,
 * the first names, and the full list folded. */
function entryLines(changes: EntryChanges, metadata: string[]): string[] {
  const counts = [
    [changes.added.length, 'added'],
    [changes.removed.length, 'removed'],
    [changes.changed.length, 'changed']
  ] as const
  const differing = changes.added.length + changes.removed.length + changes.changed.length
  const shown = counts.filter(([n]) => n > 0).map(([n, word]) => `${n.toLocaleString('en-US')} ${word}`)
  const verb = differing === 1 ? 'differs' : 'differ'
  const byPackage = packages(changes).map(([folder, state]) => `${code(clip(folder))} ${state}`)
  const packageLine =
    byPackage.length > FIRST_PACKAGES
      ? `${byPackage.slice(0, FIRST_PACKAGES).join(', ')} and ${byPackage.length - FIRST_PACKAGES} more`
      : andList(byPackage)
  return [
    `**${plural(differing, 'entry', 'entries')} ${verb}:** ${shown.join(', ')}; ${changes.unchanged.toLocaleString('en-US')} unchanged. Unzipped size: ${sizeDelta(changes.sizeDelta)}.`,
    '',
    ...(metadata.length > 0 ? [...metadata, ''] : []),
    `- **Packages:** ${packageLine}`,
    ...firstNames(changes),
    '',
    ...fullList(changes)
  ]
}

/** What one region's previous version says, in lines; `built` when our zip exists (with
 * skip-unchanged and the same entries everywhere, none is built: the files were read instead). */
function previousLines(previous: Previous, built: boolean): string[] {
  if (previous.state === 'none') return ['The first version of this layer: there is nothing to compare with.']
  if (previous.state === 'unread') return [`The newest version could not be looked up to compare with: ${text(previous.reason)}`]
  const label = `version ${previous.version.version}`
  const { comparison, metadataChanges } = previous
  const metadata = metadataChanges.length > 0 ? [`Metadata differs from ${label}: ${andList(metadataChanges)}.`] : []
  const withMetadata = (line: string) => (metadata.length > 0 ? [line, '', ...metadata] : [line])
  if (!comparison.compared) return withMetadata(`The content could not be compared with ${label}: ${text(comparison.reason)}.`)
  if (comparison.sameCode) return withMetadata(`Same content as ${label} (the same CodeSha256).`)
  const { changes } = comparison
  if (changes.added.length + changes.removed.length + changes.changed.length === 0)
    return withMetadata(
      `Same entries as ${label} (names, modes, sizes and CRC-32s), ${built ? 'in other zip bytes' : 'read from the files without building a zip'}.`
    )
  return entryLines(changes, metadata)
}

/** Regions that found the same previous version with the same differences share one text. */
function key(previous: Previous): string {
  if (previous.state !== 'found') return JSON.stringify(previous)
  const { comparison: c } = previous
  const facts = c.compared
    ? [c.sameCode, c.changes.added.length, c.changes.removed.length, c.changes.changed.length, c.changes.sizeDelta]
    : [c.reason]
  return JSON.stringify([previous.version.version, previous.metadataChanges, facts])
}

/** The change section: for each group of regions that found the same, what changed since the
 * newest version before the run; [] in a dry run, in mode: delete and when no region got that
 * far. Never throws. */
export function changeSection(outcome: Outcome): string[] {
  const groups = new Map<string, { regions: string[]; previous: Previous }>()
  for (const r of successes(outcome)) {
    if (!r.previous) continue
    const k = key(r.previous)
    const group = groups.get(k) ?? { regions: [], previous: r.previous }
    group.regions.push(r.region)
    groups.set(k, group)
  }
  const all = [...groups.values()]
  const built = outcome.archive?.sha256 !== undefined
  // One group for every region: no region label. Regions that failed early have no comparison,
  // so a single group then names its regions.
  if (all.length === 1 && all[0].regions.length === outcome.regions.length) {
    const [{ previous }] = all
    return section(
      previous.state === 'found' ? `What changed since version ${previous.version.version}` : 'What changed',
      previousLines(previous, built)
    )
  }
  return section(
    'What changed',
    all.flatMap((g) => [`**${g.regions.join(', ')}:**`, '', ...previousLines(g.previous, built), ''])
  )
}
