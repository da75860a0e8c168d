// Plan stage: decides what goes into the layer zip (names, modes, sizes) without writing it, so
// every refusal and warning comes before any byte is compressed.
import path from 'node:path'
import { realpath } from 'node:fs/promises'
import { InputError } from '../errors.js'
import { checkContent, type ContentEntry } from './content-rules.js'
import { compareNames, fsError, type EntryKind } from './names.js'
import { excludeMatcher, selectPattern, type Selection } from './select.js'
import { checkUnzippedSize } from './limits.js'
import { limiter } from '../limiter.js'
import type { Settings } from '../settings.js'
import { checkReadable, checkSymlink, type FsNode } from './walk.js'

/** One planned zip entry. */
export interface ArchiveEntry {
  /** Zip entry name: '/'-separated, prefix applied, folders end with '/'. */
  name: string
  /** Absolute path on disk (the working directory for prefix folders). */
  source: string
  kind: EntryKind
  /** Normalised: files 0o644, executables 0o755, folders 0o755, symlinks 0o777. */
  mode: number
  /** Bytes of a file, of a link's target text; 0 for folders. */
  size: number
  /** A symlink's own target text (relative, or absolute under /opt). */
  linkTarget?: string
  /** Inode and device numbers lstat gave when planning: the writer reads only that very file
   * (0 for the folders a prefix adds). */
  ino: number
  dev: number
}

/** Everything the archive stage needs to write the zip, and what to warn about. */
export interface ArchivePlan {
  /** Sorted by name in UTF-8 byte order. */
  entries: ArchiveEntry[]
  /** Sum of file sizes, in bytes. */
  unzippedSize: number
  warnings: string[]
}

/** The settings the plan reads, as the inputs stage checked them: the working directory exists
 * (inside the workspace), paths and exclude are relative without '..', the prefix is normalised. */
export type PlanOptions = Pick<Settings, 'workingDirectory' | 'paths' | 'prefix' | 'exclude' | 'compatibleRuntimes'>

/** The mode an entry gets in the zip. Lambda needs world-readable files (Lambda developer guide,
 * "Packaging your layer content"); owners and umasks must not leak in. Never throws. */
export function normalizeMode(kind: EntryKind, mode: number): number {
  if (kind === 'directory') return 0o755
  if (kind === 'symlink') return 0o777
  return mode & 0o111 ? 0o755 : 0o644
}

/** The zip entry name of a path relative to the working directory. Never throws. */
export function entryName(prefix: string, rel: string, kind: EntryKind): string {
  const name = prefix ? `${prefix}/${rel}` : rel
  return kind === 'directory' ? `${name}/` : name
}

/** The folders a prefix creates: 'a/b' -> ['a/', 'a/b/']. Never throws. */
export function prefixFolders(prefix: string): string[] {
  const parts = prefix.split('/').filter((p) => p !== '')
  return parts.map((_, i) => `${parts.slice(0, i + 1).join('/')}/`)
}

/** The working directory with symlinks resolved: tree paths are relative to it. Whether it is a
 * folder inside the workspace the inputs stage checked; this fails only if it vanished since. */
async function resolveRoot(workingDirectory: string): Promise<string> {
  return realpath(workingDirectory).catch((err: unknown) => {
    throw fsError('resolve the working directory', workingDirectory, err)
  })
}

function parentRel(rel: string): string {
  const slash = rel.lastIndexOf('/')
  return slash < 0 ? '' : rel.slice(0, slash)
}

/** Folders above selected nodes become entries too, so they get 0755 when extracted. */
function addAncestors(selected: Map<string, FsNode>, root: string): void {
  for (const rel of [...selected.keys()]) {
    for (let dir = parentRel(rel); dir !== '' && !selected.has(dir); dir = parentRel(dir)) {
      selected.set(dir, { rel: dir, abs: path.join(root, dir), kind: 'directory', mode: 0o755, size: 0, ino: 0, dev: 0 })
    }
  }
}

/** A selected node's entry (planArchive has refused nodes with a problem). */
function toEntry(prefix: string, node: FsNode): ArchiveEntry {
  const kind = node.kind as EntryKind // only nodes with a problem are 'special'
  if (kind === 'file') checkReadable(node)
  const { ino, dev, size } = node
  return { name: entryName(prefix, node.rel, kind), source: node.abs, kind, mode: normalizeMode(kind, node.mode), size, ino, dev }
}

/** Links are checked (readlink, realpath) before they become entries. */
async function toLinkEntry(root: string, prefix: string, node: FsNode): Promise<ArchiveEntry> {
  const linkTarget = await checkSymlink(root, node)
  return { ...toEntry(prefix, node), size: Buffer.byteLength(linkTarget), linkTarget }
}

/**
 * Checks links concurrently but reports the first bad one in name order, whichever check
 * finishes first: the same tree gives the same error on every run.
 */
async function checkLinks(root: string, prefix: string, links: FsNode[]): Promise<ArchiveEntry[]> {
  const run = limiter(64)
  const sorted = [...links].sort((a, b) => compareNames(a.rel, b.rel))
  const settled = await Promise.allSettled(sorted.map((n) => run(() => toLinkEntry(root, prefix, n))))
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) throw failed.reason
  return settled.map((r) => (r as PromiseFulfilledResult<ArchiveEntry>).value)
}

/** The content rules see each entry with its path in the working directory, for messages. */
function contentEntries(root: string, entries: ArchiveEntry[]): ContentEntry[] {
  return entries.map((e) => ({
    name: e.name,
    kind: e.kind,
    mode: e.mode,
    linkTarget: e.linkTarget,
    path: path.relative(root, e.source) || undefined
  }))
}

/**
 * The plan: every entry the zip will hold (prefix folders and ancestors included), sorted by
 * name, its unzipped size in bytes, and the content rules' warnings (see content-rules.ts).
 * Throws InputError (paths) for a pattern that matches nothing, ActionError for a layer over the
 * unzipped limit and for selected files, names and links that cannot go into a layer (special
 * files, names that are not UTF-8, and what the content rules refuse).
 */
export async function planArchive(opts: PlanOptions): Promise<ArchivePlan> {
  const root = await resolveRoot(opts.workingDirectory)
  const { prefix } = opts
  const selection: Selection = { walk: { root, excluded: excludeMatcher(opts.exclude) }, walks: new Map() }
  const selected = new Map<string, FsNode>()
  for (const pattern of opts.paths) {
    const nodes = await selectPattern(selection, pattern)
    if (nodes.length === 0) {
      const also = opts.exclude.length > 0 ? ' (or only excluded files)' : ''
      throw new InputError(
        'paths',
        `'${pattern}' matches nothing${also} in '${opts.workingDirectory}'`,
        'Give paths relative to working-directory; entries are split at commas and newlines, so write a comma in a name as [,] (python/a[,]b.py)'
      )
    }
    for (const node of nodes) selected.set(node.rel, node)
  }
  addAncestors(selected, root)
  const nodes = [...selected.values()]
  // Only now, once paths and exclude have chosen, do special files and bad names count.
  const problem = nodes.filter((n) => n.problem).sort((a, b) => compareNames(a.rel, b.rel))[0]?.problem
  if (problem) throw problem
  const unzippedSize = nodes.reduce((sum, n) => (n.kind === 'file' ? sum + n.size : sum), 0)
  checkUnzippedSize(unzippedSize, "The layer's files add up to", () =>
    nodes.map((n) => ({ name: entryName(prefix, n.rel, n.kind as EntryKind), kind: n.kind as EntryKind, size: n.size }))
  )
  const entries = nodes.filter((n) => n.kind !== 'symlink').map((n) => toEntry(prefix, n))
  entries.push(
    ...(await checkLinks(
      root,
      prefix,
      nodes.filter((n) => n.kind === 'symlink')
    ))
  )
  for (const name of prefixFolders(prefix)) entries.push({ name, source: root, kind: 'directory', mode: 0o755, size: 0, ino: 0, dev: 0 })
  entries.sort((a, b) => compareNames(a.name, b.name))
  const warnings = checkContent(contentEntries(root, entries), { source: 'tree', runtimes: opts.compatibleRuntimes })
  return { entries, unzippedSize, warnings }
}
