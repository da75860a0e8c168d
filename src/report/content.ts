// The content section: what takes the space, by package folder (plan/layout.ts packageFolder:
// `python/numpy`, `nodejs/node_modules/aws-sdk`), largest first, each with a bar of its share of
// the layer and its share of Lambda's unzipped limit. A text bar renders wherever Markdown does
// (job summary, e-mail, a copied table), unlike a chart.
import { packageFolder } from '../plan/layout.js'
import { UNZIPPED_LIMIT_BYTES, type SizedEntry } from '../plan/limits.js'
import { clip, code, plural, section, table, text } from './markdown.js'
import type { Outcome } from './outcome.js'
import { fileBytes, formatBytes, percent } from './size.js'

/** Rows the section shows before it sums up the rest. */
export const TOP_FOLDERS = 10

/** The bytes and files under one package folder. */
export interface FolderSize {
  folder: string
  bytes: number
  files: number
}

/** The package folders of `entries` holding files, largest first (ties by name). Never throws. */
export function folderSizes(entries: SizedEntry[]): FolderSize[] {
  const sizes = new Map<string, FolderSize>()
  for (const e of entries) {
    if (e.kind !== 'file') continue
    const folder = packageFolder(e.name)
    const known = sizes.get(folder) ?? { folder, bytes: 0, files: 0 }
    known.bytes += e.size
    known.files++
    sizes.set(folder, known)
  }
  return [...sizes.values()].sort((a, b) => b.bytes - a.bytes || (a.folder < b.folder ? -1 : 1))
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉']
const BAR_CELLS = 10

/** A bar of `share` (0 to 1) in BAR_CELLS cells of eighths; a sliver shows as one eighth. Never throws. */
export function bar(share: number): string {
  const eighths = share > 0 ? Math.max(1, Math.round(Math.min(share, 1) * BAR_CELLS * 8)) : 0
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]
}

function row(label: string, bytes: number, files: number, total: number): string[] {
  const share = `${bar(bytes / total)} ${percent(bytes, total)}`
  return [label, formatBytes(bytes), files.toLocaleString('en-US'), share, percent(bytes, UNZIPPED_LIMIT_BYTES)]
}

/** The content section: the TOP_FOLDERS largest package folders, then the rest summed up; []
 * when the entries are unknown or hold no file. Never throws. */
export function contentSection(outcome: Pick<Outcome, 'listing'>): string[] {
  const folders = outcome.listing ? folderSizes(outcome.listing) : []
  const total = outcome.listing ? fileBytes(outcome.listing) : 0
  if (folders.length === 0 || total === 0) return []
  const top = folders.slice(0, TOP_FOLDERS)
  const rest = folders.slice(TOP_FOLDERS)
  const rows = top.map((f) => row(code(clip(f.folder)), f.bytes, f.files, total))
  if (rest.length > 0) {
    const sum = (key: 'bytes' | 'files') => rest.reduce((s, f) => s + f[key], 0)
    rows.push(row(text(`${plural(rest.length, 'other')}`), sum('bytes'), sum('files'), total))
  }
  const columns = [
    { title: 'Folder' },
    { title: 'Unzipped', right: true },
    { title: 'Files', right: true },
    { title: 'Of the layer' },
    { title: 'Of the limit', right: true }
  ]
  const lead =
    rest.length > 0
      ? `The ${TOP_FOLDERS} largest of ${plural(folders.length, 'folder')}, then the rest:`
      : `${plural(folders.length, 'folder')}${folders.length > 1 ? ', largest first' : ''}:`
  return section('What is inside', [lead, '', ...table(columns, rows)])
}
