// Plan stage: decides what goes into the layer zip (names, modes, sizes) without writing it, so
// every refusal and warning comes before any byte is compressed. The plan of a node_modules of
// 100,000 files is held in columns (entries.ts), not as an object per entry.
import { realpath } from 'node:fs/promises'
import { InputError } from '../errors.js'
import { limiter } from '../limiter.js'
import type { Settings } from '../settings.js'
import { checkContent } from './content-rules.js'
import type { EntryTable, PlannedEntries } from './entries.js'
import { checkUnzippedSize, type SizedEntry } from './limits.js'
import { entryName, mergedNode, mergePicks, plannedEntries, type Merged } from './merge.js'
import { compareNames, fsError, type EntryKind } from './names.js'
import { excludeMatcher, pickedCount, selectPattern, type Picked, type Selection } from './select.js'
import { checkSymlink } from './walk.js'

export type { ArchiveEntry, PlannedEntries } from './entries.js'
export { entryName, normalizeMode } from './merge.js'

/** Everything the archive stage needs to write the zip, and what to warn about. */
export interface ArchivePlan {
  /** In archive order: by name in UTF-8 byte order. */
  entries: PlannedEntries
  /** Sum of file sizes, in bytes. */
  unzippedSize: number
  warnings: string[]
}

/** The settings the plan reads, as the inputs stage checked them: the working directory exists
 * (inside the workspace), paths and exclude are relative without '..', the prefix is normalised. */
export type PlanOptions = Pick<Settings, 'workingDirectory' | 'paths' | 'prefix' | 'exclude' | 'compatibleRuntimes'>

/** The working directory with symlinks resolved: tree paths are relative to it. Whether it is a
 * folder inside the workspace the inputs stage checked; this fails only if it vanished since. */
async function resolveRoot(workingDirectory: string): Promise<string> {
  return realpath(workingDirectory).catch((err: unknown) => {
    throw fsError('resolve the working directory', workingDirectory, err)
  })
}

/** The nodes each `paths` entry picks. Throws InputError (paths) for a pattern that picks nothing. */
async function pickAll(opts: PlanOptions, root: string): Promise<Picked[]> {
  const selection: Selection = { walk: { root, excluded: excludeMatcher(opts.exclude) }, walks: new Map() }
  const picks: Picked[] = []
  for (const pattern of opts.paths) {
    const picked = await selectPattern(selection, pattern)
    if (pickedCount(picked) === 0) {
      const also = opts.exclude.length > 0 ? ' (or only excluded files)' : ''
      throw new InputError(
        'paths',
        `'${pattern}' matches nothing${also} in '${opts.workingDirectory}'`,
        'Give paths relative to working-directory; entries are split at commas and newlines, so write a comma in a name as [,] (python/a[,]b.py)'
      )
    }
    picks.push(picked)
  }
  return picks
}

/** Throws the problem of the first node, by path, that cannot go into a layer. Only now, once
 * paths and exclude have chosen, do special files and bad names count. */
function refuseProblems(merged: Merged): void {
  const problems: { rel: string; problem: Error }[] = []
  for (let i = 0; i < merged.rows.length; i++) {
    const problem = merged.picks[merged.which[i]].table.problem(merged.rows[i])
    if (problem) problems.push({ rel: mergedNode(merged, i).rel, problem })
  }
  const first = problems.sort((a, b) => compareNames(a.rel, b.rel))[0]
  if (first) throw first.problem
}

/** Bytes of the merged files. */
function filesBytes(merged: Merged): number {
  let sum = 0
  for (let i = 0; i < merged.rows.length; i++) {
    const table = merged.picks[merged.which[i]].table
    if (table.kind(merged.rows[i]) === 'file') sum += table.size(merged.rows[i])
  }
  return sum
}

/** The merged nodes as size reports list them (for a layer refused as over the limit). */
function sizedEntries(prefix: string, merged: Merged): SizedEntry[] {
  return Array.from(merged.rows, (_, i) => {
    const node = mergedNode(merged, i)
    const kind = node.kind as EntryKind
    return { name: entryName(prefix, node.rel, kind), kind, size: node.size }
  })
}

/**
 * Reads and checks every link entry's target (readlink, realpath), concurrently, and sets it on
 * the entry. Reports the first bad one in name order, whichever check finishes first: the same
 * tree gives the same error on every run. Throws what checkSymlink throws.
 */
async function checkLinks(root: string, entries: EntryTable): Promise<void> {
  const run = limiter(64)
  const links: { index: number; rel: string }[] = []
  for (let i = 0; i < entries.length; i++) {
    const entry = entries.entry(i)
    if (entry.kind === 'symlink') links.push({ index: i, rel: entry.path ?? '' })
  }
  const settled = await Promise.allSettled(links.map((link) => run(() => checkSymlink(root, link))))
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) throw failed.reason
  settled.forEach((r, i) => entries.setLink(links[i].index, (r as PromiseFulfilledResult<string>).value))
}

/**
 * The plan: every entry the zip will hold (prefix folders and ancestors included), sorted by
 * name, its unzipped size in bytes, and the content rules' warnings (see content-rules.ts).
 * Throws InputError (paths) for a pattern that matches nothing, ActionError for a layer over the
 * unzipped limit (OverLimitError) and for selected files, names and links that cannot go into a
 * layer (special files, names that are not UTF-8, and what the content rules refuse).
 */
export async function planArchive(opts: PlanOptions): Promise<ArchivePlan> {
  const root = await resolveRoot(opts.workingDirectory)
  const merged = mergePicks(await pickAll(opts, root))
  refuseProblems(merged)
  const unzippedSize = filesBytes(merged)
  checkUnzippedSize(unzippedSize, "The layer's files add up to", () => sizedEntries(opts.prefix, merged))
  const entries = plannedEntries(root, opts.prefix, merged)
  await checkLinks(root, entries)
  // The entries carry their path in the working directory (ArchiveEntry.path), which messages name.
  const warnings = checkContent(entries.finish(), { source: 'tree', runtimes: opts.compatibleRuntimes })
  return { entries, unzippedSize, warnings }
}
