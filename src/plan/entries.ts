// The planned zip entries, kept in columns like the walk's nodes (node-table.ts says why): names
// in one string, numbers in typed arrays, link targets in a map. Each entry is made as an object
// only when asked for, and let go at once by the writer and the content rules.
import { NUMBERS, StatColumns } from './columns.js'
import type { EntryKind } from './names.js'
import { treePath } from './walk.js'

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
   * (0 for the folders a prefix or the plan adds). */
  ino: number
  dev: number
  /** The path in the working directory, which messages name; undefined for a prefix folder. */
  path?: string
}

/** The entries of a plan in archive order, each made on request. */
export interface PlannedEntries extends Iterable<ArchiveEntry> {
  readonly length: number
  /** Entry `index` (from 0 to length - 1), a new object on each call. */
  entry(index: number): ArchiveEntry
}

const KINDS: readonly EntryKind[] = ['file', 'directory', 'symlink']

/** An entry of a table: its path and source are derived from the name, not stored. */
class TableEntry implements ArchiveEntry {
  constructor(
    readonly name: string,
    readonly kind: EntryKind,
    readonly mode: number,
    readonly size: number,
    readonly ino: number,
    readonly dev: number,
    readonly linkTarget: string | undefined,
    private readonly root: string,
    /** UTF-16 units of the prefix and its '/' that start every name below the prefix folders. */
    private readonly prefixLength: number
  ) {}

  /** The path relative to the working directory; '' for a prefix folder. */
  private get rel(): string {
    if (this.name.length <= this.prefixLength) return ''
    return this.name.slice(this.prefixLength, this.kind === 'directory' ? -1 : undefined)
  }

  get source(): string {
    return treePath(this.root, this.rel)
  }

  get path(): string | undefined {
    return this.rel || undefined
  }
}

/** Entries added in archive order, then read back; names become one string at `finish`. */
export class EntryTable extends StatColumns implements PlannedEntries {
  private text = ''
  private finished = false
  /** Where each name starts in `text` (UTF-16 units), and one past the last. */
  private starts = new Uint32Array(this.kinds.length + 1)
  private readonly links = new Map<number, string>()

  /** Entries of a tree at `root`, names starting with `prefix` (normalised, '' for none). */
  constructor(
    private readonly root: string,
    private readonly prefix: string
  ) {
    super()
  }

  /** Adds the next entry; returns its index. Never throws. */
  add(entry: Omit<ArchiveEntry, 'source' | 'linkTarget' | 'path'>): number {
    const index = this.addRow(entry.name, KINDS.indexOf(entry.kind), entry)
    this.starts[index + 1] = this.starts[index] + entry.name.length
    return index
  }

  protected override grow(rows: number): void {
    super.grow(rows)
    const starts = new Uint32Array(rows + 1)
    starts.set(this.starts)
    this.starts = starts
  }

  /** Entry `index` is a link to `target`: its size becomes the target's bytes. */
  setLink(index: number, target: string): void {
    this.links.set(index, target)
    this.setSize(index, Buffer.byteLength(target))
  }

  /** Ends adding (on the first read): the names become one string, read by slices, and their
   * buffer goes. Returns the table. */
  finish(): this {
    if (this.finished) return this
    this.text = this.takeTexts()
    this.finished = true
    return this
  }

  entry(index: number): ArchiveEntry {
    if (index < 0 || index >= this.length) throw new RangeError(`no entry ${index} in a plan of ${this.length}`)
    if (!this.finished) this.finish()
    const at = index * NUMBERS
    const name = this.text.slice(this.starts[index], this.starts[index + 1])
    const { numbers: n, prefix } = this
    const kind = KINDS[this.kinds[index]]
    const prefixLength = prefix ? prefix.length + 1 : 0
    return new TableEntry(name, kind, this.modes[index], n[at], n[at + 1], n[at + 2], this.links.get(index), this.root, prefixLength)
  }

  *[Symbol.iterator](): Iterator<ArchiveEntry> {
    for (let i = 0; i < this.length; i++) yield this.entry(i)
  }
}
