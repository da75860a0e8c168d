// The path rules every stage applies to what could lead out of its folder: inputs (paths,
// exclude, prefix), symlinks and folders met in the tree, and entry names of a given zip. Each
// returns a boolean and never throws; the caller names the input or entry in its error.
import path from 'node:path'

/** Absolute in any form a tool might honour: '/x', '\\x' (UNC, Windows root) or a drive 'C:'. Never throws. */
export function isAbsoluteLike(p: string): boolean {
  return /^[\\/]/.test(p) || /^[a-zA-Z]:/.test(p)
}

/** True when `p` has a '..' segment. Backslashes count as separators: some zip extractors and
 * every Windows tool read them so, which makes 'a\\..\\..\\x' a way out too. Never throws. */
export function hasParentSegment(p: string): boolean {
  return p.includes('..') && p.split(/[\\/]/).includes('..')
}

/** True when a normalised '/'-path (as path.relative or path.posix.join give it) leaves its
 * base: it is absolute or starts with '..'. Never throws. */
export function escapes(rel: string): boolean {
  return rel === '..' || rel.startsWith('../') || path.posix.isAbsolute(rel)
}
