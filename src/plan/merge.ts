// The nodes every `paths` entry picked, as one list in entry-name order: each pick is in that
// order already (the walk's), so they merge in one pass, a node picked twice counted once; then
// the planned entries, with the folders above them added where no pick holds them.
import { EntryTable } from './entries.js'
import { compareNames, type EntryKind } from './names.js'
import type { TreeNode } from './node-table.js'
import type { Picked } from './select.js'

/** The picked nodes in entry-name order: node i is row rows[i] of picks[which[i]]. */
export interface Merged {
  picks: Picked[]
  which: Uint16Array
  rows: Uint32Array
}

/** The zip entry name of a path relative to the working directory. Never throws. */
export function entryName(prefix: string, rel: string, kind: EntryKind): string {
  const name = prefix ? `${prefix}/${rel}` : rel
  return kind === 'directory' ? `${name}/` : name
}

/** The mode an entry gets in the zip. Lambda needs world-readable files (Lambda developer guide,
 * "Packaging your layer content"); owners and umasks must not leak in. Never throws. */
export function normalizeMode(kind: EntryKind, mode: number): number {
  if (kind === 'directory') return 0o755
  if (kind === 'symlink') return 0o777
  return mode & 0o111 ? 0o755 : 0o644
}

function rowAt(picked: Picked, i: number): number {
  return picked.rows ? picked.rows[i] : i
}

/** Where each pick is in the merge: its next position, and that node's sort key. */
interface Head {
  pick: number
  at: number
  key?: string
}

function keyOf(picked: Picked, at: number): string {
  const row = rowAt(picked, at)
  const rel = picked.table.rel(row)
  return picked.table.kind(row) === 'directory' ? `${rel}/` : rel
}

/** The picks as one list in entry-name order, each node once (a later pick's row where two
 * hold the same path). Never throws. */
export function mergePicks(picks: Picked[]): Merged {
  const counts = picks.map((p) => p.rows?.length ?? p.table.length)
  const total = counts.reduce((a, b) => a + b, 0)
  const which = new Uint16Array(total)
  const rows = new Uint32Array(total)
  let n = 0
  if (picks.length === 1) {
    for (let i = 0; i < counts[0]; i++) rows[n++] = rowAt(picks[0], i)
    return { picks, which, rows }
  }
  const heads: Head[] = picks.map((_, pick) => ({ pick, at: 0 }))
  for (const h of heads) if (h.at < counts[h.pick]) h.key = keyOf(picks[h.pick], h.at)
  for (;;) {
    let first: Head | undefined
    for (const h of heads) {
      if (h.key === undefined) continue
      const order = first?.key === undefined ? -1 : compareNames(h.key, first.key)
      if (order <= 0) first = h // equal keys: the later pick wins
    }
    if (first?.key === undefined) return { picks, which: which.subarray(0, n), rows: rows.subarray(0, n) }
    const key = first.key
    which[n] = first.pick
    rows[n++] = rowAt(picks[first.pick], first.at)
    for (const h of heads) {
      if (h.key !== key) continue
      h.at++
      h.key = h.at < counts[h.pick] ? keyOf(picks[h.pick], h.at) : undefined
    }
  }
}

/** Node i of `merged`, as an object. */
export function mergedNode(merged: Merged, i: number): TreeNode {
  return merged.picks[merged.which[i]].table.node(merged.rows[i])
}

/**
 * The planned entries of `merged` nodes (none may carry a problem), names under `prefix`, modes
 * normalised, with every folder above an entry added as an entry too (0755), prefix folders
 * included: in entry-name order, a folder comes before everything under it, so the folders
 * still open are a stack. Link targets are set later (setLink). Never throws.
 */
export function plannedEntries(root: string, prefix: string, merged: Merged): EntryTable {
  const table = new EntryTable(root, prefix)
  const open: string[] = []
  for (let i = 0; i < merged.rows.length; i++) {
    const node = mergedNode(merged, i)
    const kind = node.kind as EntryKind // only nodes with a problem are 'special'
    const name = entryName(prefix, node.rel, kind)
    while (open.length > 0 && !name.startsWith(open[open.length - 1])) open.pop()
    for (
      let slash = name.indexOf('/', open.at(-1)?.length ?? 0);
      slash >= 0 && slash < name.length - 1;
      slash = name.indexOf('/', slash + 1)
    ) {
      const folder = name.slice(0, slash + 1)
      table.add({ name: folder, kind: 'directory', mode: 0o755, size: 0, ino: 0, dev: 0 })
      open.push(folder)
    }
    table.add({ name, kind, mode: normalizeMode(kind, node.mode), size: node.size, ino: node.ino, dev: node.dev })
    if (kind === 'directory') open.push(name)
  }
  return table
}
