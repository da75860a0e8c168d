// Whether two listings hold the same layer, and what changed between them: added, removed and
// changed entries by name, kind, mode, size and CRC-32. Compressed sizes, methods, offsets,
// timestamps and the archive comment are ignored: they depend on the writer (and a signature
// may live in the comment), not on what Lambda extracts.
import { packageFolder } from '../../plan/layout.js'
import { compareNames } from '../../plan/names.js'
import type { EntrySummary } from './listing.js'

/** An entry present in both listings whose content or attributes differ. */
export interface EntryChange {
  name: string
  before: EntrySummary
  after: EntrySummary
  /** Which fields differ. */
  fields: ('kind' | 'mode' | 'size' | 'crc32')[]
}

/** What changed from one listing (`before`, e.g. the stored version) to another (`after`, what
 * the action would publish); each list in entry-name order (UTF-8 bytes). */
export interface EntryChanges {
  added: EntrySummary[]
  removed: EntrySummary[]
  changed: EntryChange[]
  /** Entries the same in both. */
  unchanged: number
  /** Unzipped bytes after minus before (files and link targets). */
  sizeDelta: number
  /** Package folders (plan/layout.ts packageFolder) with entries after but none before, and
   * before but none after, sorted: a package is new or gone only then, not when its folder
   * entry alone appears (a zip written without folder entries, compared with one with them). */
  packagesAdded: string[]
  packagesRemoved: string[]
}

const FIELDS = ['kind', 'mode', 'size', 'crc32'] as const

const byName = (a: { name: string }, b: { name: string }): number => compareNames(a.name, b.name)

/** The changes from `before` to `after`, matched by exact entry name. Never throws. */
export function compareEntries(before: EntrySummary[], after: EntrySummary[]): EntryChanges {
  const old = new Map(before.map((e) => [e.name, e]))
  const changes: EntryChanges = { added: [], removed: [], changed: [], unchanged: 0, sizeDelta: 0, packagesAdded: [], packagesRemoved: [] }
  for (const entry of after) {
    const was = old.get(entry.name)
    old.delete(entry.name)
    if (!was) {
      changes.added.push(entry)
      continue
    }
    const fields = FIELDS.filter((f) => was[f] !== entry[f])
    if (fields.length > 0) changes.changed.push({ name: entry.name, before: was, after: entry, fields })
    else changes.unchanged++
  }
  changes.removed = [...old.values()]
  const bytes = (list: EntrySummary[]): number => list.reduce((sum, e) => sum + (e.kind === 'directory' ? 0 : e.size), 0)
  changes.sizeDelta = bytes(after) - bytes(before)
  const folders = (list: EntrySummary[]) => new Set(list.map((e) => packageFolder(e.name)))
  const [had, has] = [folders(before), folders(after)]
  changes.packagesAdded = [...has].filter((f) => !had.has(f)).sort()
  changes.packagesRemoved = [...had].filter((f) => !has.has(f)).sort()
  changes.added.sort(byName)
  changes.removed.sort(byName)
  changes.changed.sort(byName)
  return changes
}

/** True when nothing was added, removed or changed. Never throws. */
export function sameEntries(changes: EntryChanges): boolean {
  return changes.added.length + changes.removed.length + changes.changed.length === 0
}

/** The changes in a few words for a log line: "2 added, 1 changed (first: python/x.py)". Never throws. */
export function describeChanges(changes: EntryChanges): string {
  if (sameEntries(changes)) return 'no entry differs'
  const parts = [
    [changes.added, 'added'],
    [changes.removed, 'removed'],
    [changes.changed, 'changed']
  ] as const
  const counts = parts.filter(([list]) => list.length > 0).map(([list, word]) => `${list.length} ${word}`)
  const first = [...changes.added, ...changes.removed, ...changes.changed].sort(byName)[0]
  return `${counts.join(', ')} (first: ${first.name})`
}
