// Turns the `paths` and `exclude` inputs into the set of tree nodes that go into the layer.
// The inputs stage has refused absolute patterns and '..' already; what is checked here needs
// the disk: a pattern whose folder is a symlink could still lead out.
import path from 'node:path'
import { realpath } from 'node:fs/promises'
import picomatch from 'picomatch'
import { InputError } from '../errors.js'
import { escapes } from '../inputs/paths.js'
import { walk, type FsNode, type WalkOptions } from './walk.js'

/** What the selection of every `paths` entry shares: the walk options and the walks made so far. */
export interface Selection {
  walk: WalkOptions
  /** Walks by start folder, so '.' plus globs under it list the tree once per start only. */
  walks: Map<string, FsNode[]>
}

/** A `paths` entry (relative, without '..': see inputs/checks.ts) in normal form: '/'-separated,
 * no './' or trailing '/', '' for the whole working directory. Never throws. */
export function relativePattern(pattern: string): string {
  const normal = path.posix
    .normalize(pattern)
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '')
  return normal === '.' ? '' : normal
}

/** A predicate: is the tree path excluded? It is when it matches a pattern, or for folders also
 * with a trailing '/' ('cache/'). Never throws. */
export function excludeMatcher(patterns: string[]): (rel: string, isDirectory: boolean) => boolean {
  if (patterns.length === 0) return () => false
  const isMatch = picomatch(
    patterns.map((p) => p.replace(/^(\.\/)+/, '')),
    { dot: true }
  )
  return (rel, isDirectory) => isMatch(rel) || (isDirectory && isMatch(`${rel}/`))
}

/** Refuses a pattern whose folder part goes through a symlinked folder: it could lead out. */
async function checkFolder(root: string, folderRel: string, pattern: string): Promise<void> {
  if (folderRel === '' || folderRel === '.') return
  const folder = path.join(root, folderRel)
  const real = await realpath(folder).catch(() => undefined)
  if (real === undefined || real === folder) return // missing: reported as matching nothing
  const where = path.relative(root, real).split(path.sep).join('/')
  if (escapes(where)) throw new InputError('paths', `'${pattern}' resolves outside the working directory (to '${real}')`)
  throw new InputError('paths', `'${pattern}' goes through a symlinked folder; name the real folder '${where}' instead`)
}

function walkOnce(selection: Selection, startRel: string): FsNode[] {
  let walked = selection.walks.get(startRel)
  if (!walked) {
    walked = walk(selection.walk, startRel)
    selection.walks.set(startRel, walked)
  }
  return walked
}

/** The nodes matching a glob, plus everything inside matching folders, in the order given. One
 * pass, whatever that order: each path's verdict (it matches, or a folder above it does) is
 * worked out once and remembered for the nodes below it. Never throws. */
export function matchGlob(nodes: FsNode[], glob: string): FsNode[] {
  const isMatch = picomatch(glob, { dot: true })
  const verdicts = new Map<string, boolean>()
  const taken = (rel: string): boolean => {
    let verdict = verdicts.get(rel)
    if (verdict === undefined) {
      const slash = rel.lastIndexOf('/')
      verdict = isMatch(rel) || (slash > 0 && taken(rel.slice(0, slash)))
      verdicts.set(rel, verdict)
    }
    return verdict
  }
  return nodes.filter((node) => taken(node.rel))
}

/** The nodes one `paths` entry selects: a file, a whole folder, or glob matches ([] for none).
 * Throws InputError (paths) when the pattern's folder is reached through a symlink, and whatever
 * walk throws. */
export async function selectPattern(selection: Selection, pattern: string): Promise<FsNode[]> {
  const { root } = selection.walk
  const rel = relativePattern(pattern)
  const scan = picomatch.scan(rel)
  if (!scan.isGlob) {
    await checkFolder(root, path.posix.dirname(rel), pattern)
    return walkOnce(selection, rel)
  }
  const base = scan.base.replace(/\/+$/, '')
  await checkFolder(root, base, pattern)
  return matchGlob(walkOnce(selection, base), rel)
}
