// The tree as the walk found it, in columns. A node_modules of 100,000 files would otherwise be
// 100,000 objects and path strings that outlive V8's young-generation collections, and on Node 24
// every such survivor grows the young generation toward its 64 MB maximum (measured: 67 MB of new
// space for 100,000 kept names, 8 MB for 10,000). Here paths are UTF-8 in one growing buffer and
// numbers sit in typed arrays, outside the JavaScript heap; only a node's problem is an object.
import type { ActionError } from '../errors.js'
import { NUMBERS, StatColumns, type StatFields } from './columns.js'
import type { EntryKind } from './names.js'

/** What a tree node is; 'special' for FIFOs, sockets and devices, never an entry. */
export type NodeKind = EntryKind | 'special'

const KINDS: readonly NodeKind[] = ['file', 'directory', 'symlink', 'special']

/** One node as lstat saw it. */
export interface NodeFields extends StatFields {
  kind: NodeKind
  /** Why this node cannot go into a layer, when it cannot; refused only if it is selected. */
  problem?: ActionError
}

/** A node with its path: '/'-separated, relative to the tree's root. */
export interface TreeNode extends NodeFields {
  rel: string
}

/** Growable columns of tree nodes, in the order added. */
export class NodeTable extends StatColumns {
  private readonly problems = new Map<number, ActionError>()

  /** Adds a node at path `rel`; returns its row. Never throws. */
  add(rel: string, node: NodeFields): number {
    const row = this.addRow(rel, KINDS.indexOf(node.kind), node)
    if (node.problem) this.problems.set(row, node.problem)
    return row
  }

  /** The path of row `row` (a new string on each call). */
  rel(row: number): string {
    return this.textOf(row)
  }

  kind(row: number): NodeKind {
    return KINDS[this.kinds[row]]
  }

  /** Row `row` as an object (for the few nodes that need one: links, problems, a refused layer). */
  node(row: number): TreeNode {
    const at = row * NUMBERS
    const [size, ino, dev] = [this.numbers[at], this.numbers[at + 1], this.numbers[at + 2]]
    return { rel: this.rel(row), kind: this.kind(row), mode: this.modes[row], size, ino, dev, problem: this.problems.get(row) }
  }

  /** Why row `row` cannot go into a layer, if it cannot. */
  problem(row: number): ActionError | undefined {
    return this.problems.get(row)
  }
}
