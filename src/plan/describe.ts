// The plan in a line, for the step log's debug lines.
import type { EntryKind } from './names.js'
import type { ArchivePlan } from './plan.js'

/** "Plan: 12 entries (9 files, 2 folders, 1 symlink), 4096 bytes of files, 1 warning(s)". Never throws. */
export function describePlan(plan: ArchivePlan): string {
  const kinds = new Map<EntryKind, number>()
  for (const e of plan.entries) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1)
  const words: [EntryKind, string][] = [
    ['file', 'file'],
    ['directory', 'folder'],
    ['symlink', 'symlink']
  ]
  const counts = words.map(([kind, word]) => `${kinds.get(kind) ?? 0} ${word}${kinds.get(kind) === 1 ? '' : 's'}`).join(', ')
  return `Plan: ${plan.entries.length} entries (${counts}), ${plan.unzippedSize} bytes of files, ${plan.warnings.length} warning(s)`
}
