// Rows kept in columns, for the walk's nodes (node-table.ts) and the plan's entries (entries.ts):
// a text per row as UTF-8 in one growing buffer, the lstat numbers in typed arrays. node-table.ts
// says why columns and not objects.

/** Numbers per row in `numbers`: size, inode, device. */
export const NUMBERS = 3
/** Rows the columns hold before they first grow. */
const FIRST_ROWS = 256

/** A row's lstat facts besides its kind. */
export interface StatFields {
  /** Permission bits. */
  mode: number
  /** Bytes of a file, or of a link's target text; 0 for folders. */
  size: number
  /** Inode and device numbers: the reader proves with them that it reads this very file. */
  ino: number
  dev: number
}

/** A typed array of `rows * per` items holding `from`'s items first. Never throws. */
function widen<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(from: T, rows: number, per = 1): T {
  const to = new (from.constructor as new (n: number) => T)(rows * per)
  to.set(from)
  return to
}

/** Growable columns: kind (as an index the subclass gives), mode, size, inode, device, and a text. */
export abstract class StatColumns {
  private texts = Buffer.allocUnsafeSlow(64 * 1024)
  /** Bytes of the texts written so far. */
  protected used = 0
  /** Where each row's text ends, in bytes. */
  protected ends = new Uint32Array(FIRST_ROWS)
  protected kinds = new Uint8Array(FIRST_ROWS)
  protected modes = new Uint16Array(FIRST_ROWS)
  protected numbers = new Float64Array(FIRST_ROWS * NUMBERS)
  /** Rows so far. */
  length = 0

  /** Appends a row with `text` and kind number `kind`; returns its row. Never throws. */
  protected addRow(text: string, kind: number, fields: StatFields): number {
    if (this.length === this.kinds.length) this.grow(this.kinds.length * 2)
    if (this.used + text.length * 3 > this.texts.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.texts.length * 2, this.used + text.length * 3))
      this.texts.copy(bigger, 0, 0, this.used)
      this.texts = bigger
    }
    const row = this.length++
    this.used += this.texts.write(text, this.used, 'utf8')
    this.ends[row] = this.used
    this.kinds[row] = kind
    this.modes[row] = fields.mode
    const at = row * NUMBERS
    this.numbers[at] = fields.size
    this.numbers[at + 1] = fields.ino
    this.numbers[at + 2] = fields.dev
    return row
  }

  /** Widens every column to `rows` rows; a subclass with columns of its own widens them too. */
  protected grow(rows: number): void {
    this.ends = widen(this.ends, rows)
    this.kinds = widen(this.kinds, rows)
    this.modes = widen(this.modes, rows)
    this.numbers = widen(this.numbers, rows, NUMBERS)
  }

  /** The text of row `row` (a new string on each call). */
  protected textOf(row: number): string {
    return this.texts.toString('utf8', row === 0 ? 0 : this.ends[row - 1], this.ends[row])
  }

  /** All texts as one string; the buffer goes, so no row can be added after. */
  protected takeTexts(): string {
    const all = this.texts.toString('utf8', 0, this.used)
    this.texts = Buffer.alloc(0)
    return all
  }

  /** Bytes of row `row`'s file or link target. */
  size(row: number): number {
    return this.numbers[row * NUMBERS]
  }

  /** Sets row `row`'s size to `bytes`. */
  protected setSize(row: number, bytes: number): void {
    this.numbers[row * NUMBERS] = bytes
  }
}
