// The tree as the walk found it, in columns. A node_modules of 100,000 files would otherwise be
// 100,000 objects and path strings that outlive V8's young-generation collections, and on Node 24
// every such survivor grows the young generation toward its 64 MB maximum (measured: 67 MB of new
// space for 100,000 kept names, 8 MB for 10,000). Here paths are UTF-8 in one growing buffer and
// numbers sit in typed arrays, outside the JavaScript heap; only a node's problem is an object.
import type { ActionError } from '../errors.js'
import type { EntryKind } from './names.js'

/** What a tree node is; 'special' for FIFOs, sockets and devices, never an entry. */
export type NodeKind = EntryKind | 'special'

const KINDS: readonly NodeKind[] = ['file', 'directory', 'symlink', 'special']

/** One node as lstat saw it. */
export interface NodeFields {
  kind: NodeKind
  /** Permission bits. */
  mode: number
  /** Bytes of a file, or of a link's target text; 0 for folders. */
  size: number
  /** Inode and device numbers: the reader proves with them that it reads this very file. */
  ino: number
  dev: number
  /** Why this node cannot go into a layer, when it cannot; refused only if it is selected. */
  problem?: ActionError
}

/** A node with its path: '/'-separated, relative to the tree's root. */
export interface TreeNode extends NodeFields {
  rel: string
}

/** Numbers per row: size, inode, device. */
const NUMBERS = 3

/** Growable columns of tree nodes, in the order added. */
export class NodeTable {
  private paths = Buffer.allocUnsafeSlow(64 * 1024)
  private used = 0
  private ends = new Uint32Array(256)
  private kinds = new Uint8Array(256)
  private modes = new Uint16Array(256)
  private numbers = new Float64Array(256 * NUMBERS)
  private readonly problems = new Map<number, ActionError>()
  /** Rows so far. */
  length = 0

  /** Adds a node at path `rel`; returns its row. Never throws. */
  add(rel: string, node: NodeFields): number {
    if (this.length === this.ends.length) this.grow()
    if (this.used + rel.length * 3 > this.paths.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.paths.length * 2, this.used + rel.length * 3))
      this.paths.copy(bigger, 0, 0, this.used)
      this.paths = bigger
    }
    const row = this.length++
    this.used += this.paths.write(rel, this.used, 'utf8')
    this.ends[row] = this.used
    this.kinds[row] = KINDS.indexOf(node.kind)
    this.modes[row] = node.mode
    const at = row * NUMBERS
    this.numbers[at] = node.size
    this.numbers[at + 1] = node.ino
    this.numbers[at + 2] = node.dev
    if (node.problem) this.problems.set(row, node.problem)
    return row
  }

  private grow(): void {
    const size = this.ends.length * 2
    const widen = <T extends Uint32Array | Uint8Array | Uint16Array | Float64Array>(from: T, make: (n: number) => T, per = 1): T => {
      const to = make(size * per)
      to.set(from)
      return to
    }
    this.ends = widen(this.ends, (n) => new Uint32Array(n))
    this.kinds = widen(this.kinds, (n) => new Uint8Array(n))
    this.modes = widen(this.modes, (n) => new Uint16Array(n))
    this.numbers = widen(this.numbers, (n) => new Float64Array(n), NUMBERS)
  }

  /** The path of row `row` (a new string on each call). */
  rel(row: number): string {
    return this.paths.toString('utf8', row === 0 ? 0 : this.ends[row - 1], this.ends[row])
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

  /** Bytes of row `row`'s file or link target. */
  size(row: number): number {
    return this.numbers[row * NUMBERS]
  }

  /** Why row `row` cannot go into a layer, if it cannot. */
  problem(row: number): ActionError | undefined {
    return this.problems.get(row)
  }
}
