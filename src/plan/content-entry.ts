// What the content rules look at: one entry of a layer, whether it comes from the tree the action
// is about to zip or from a zip the user gave (zip-file), and how a rule refuses one.
import type { EntryKind } from './names.js'

/** One entry as the content rules see it. */
export interface ContentEntry {
  /** Zip entry name: '/'-separated, folders end with '/'. */
  name: string
  kind: EntryKind
  /** Permission bits as the entry carries them (a built tree's are normalised already). */
  mode: number
  /** A symlink's target text. */
  linkTarget?: string
  /** For a built tree: the path relative to the working directory, which messages name. */
  path?: string
}

/** Entries as the rules read them, one at a time: a zip's listing, or a plan's columns (a
 * node_modules of 100,000 entries is never 100,000 objects at once). */
export interface ContentList {
  readonly length: number
  /** Entry `index` (from 0 to length - 1). */
  entry(index: number): ContentEntry
}

/** `entries` as a ContentList. Never throws. */
export function contentList(entries: ContentEntry[] | ContentList): ContentList {
  return Array.isArray(entries) ? { length: entries.length, entry: (i) => entries[i] } : entries
}

/** Throws the error for `entry` breaking a rule; `rule` completes "entry 'x' ...", `fix` says
 * what to do (a default per source when absent). */
export type Refuse = (entry: ContentEntry, rule: string, fix?: string) => never
