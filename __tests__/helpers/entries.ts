// Planned entries from a list written out in a test, for the writer that takes a plan's entries.
import type { ArchiveEntry, PlannedEntries } from '../../src/plan/plan.js'

/** `entries` as a plan holds them. */
export function entryList(entries: ArchiveEntry[]): PlannedEntries {
  return { length: entries.length, entry: (i) => entries[i], [Symbol.iterator]: () => entries[Symbol.iterator]() }
}
