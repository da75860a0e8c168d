// Symlinks in a layer as Lambda will see them once the zip is extracted under /opt: a target must
// stay under /opt (relative, or absolute into /opt/, as runtime layers link /opt/bin/php), it must
// not climb out on the way, and no entry may be written through a link (an extractor would
// follow it and write elsewhere). Links are resolved through the archive's own links, as the
// kernel would resolve them after extraction.
import path from 'node:path'
import type { ContentEntry, ContentList, Refuse } from './content-entry.js'

/** Lambda extracts a layer here (Lambda developer guide, "Packaging your layer content"). */
export const LAYER_ROOT = '/opt'

/** Links followed in one resolution before it counts as a loop: Linux's limit (MAXSYMLINKS, 40). */
const MAX_HOPS = 40

/** True when an absolute link target lies under /opt once normalised: it resolves after
 * extraction, into this layer or another one. Never throws. */
export function underLayerRoot(target: string): boolean {
  const normal = path.posix.normalize(target)
  return normal === LAYER_ROOT || normal.startsWith(`${LAYER_ROOT}/`)
}

/** The entries by their path key (see name-rules.ts pathKey), with every folder they imply. */
export interface ArchiveIndex {
  entries: ContentList
  /** Each key's entry, by its index in `entries` (entries are made on request, not kept). */
  byKey: Map<string, number>
  /** Keys of folders that exist once extracted: explicit entries and the parents of any entry. */
  folders: Set<string>
}

/** The entry at path key `key`, if any. Never throws. */
export function entryByKey(index: ArchiveIndex, key: string): ContentEntry | undefined {
  const at = index.byKey.get(key)
  return at === undefined ? undefined : index.entries.entry(at)
}

type Walked = { at: string[] } | { fails: 'climbs' | 'outside' | 'loop' }

/** Where a target starts: relative from the link's folder, absolute from the root when under /opt. */
function startOf(target: string, linkFolder: string[]): { at: string[]; parts: string[] } | undefined {
  if (!target.startsWith('/')) return { at: linkFolder, parts: target.split('/') }
  const parts = target.split('/').filter((p) => p !== '' && p !== '.')
  return parts[0] === LAYER_ROOT.slice(1) ? { at: [], parts: parts.slice(1) } : undefined
}

/** Follows `parts` from `at` inside the archive, through its links; any '..' above the root
 * climbs out of /opt. */
function walkParts(at: string[], parts: string[], index: ArchiveIndex, hops: { n: number }): Walked {
  const here = [...at]
  for (const part of parts) {
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (here.length === 0) return { fails: 'climbs' }
      here.pop()
      continue
    }
    here.push(part.normalize('NFC'))
    const link = entryByKey(index, here.join('/'))
    if (link?.kind !== 'symlink' || link.linkTarget === undefined) continue
    if (++hops.n > MAX_HOPS) return { fails: 'loop' }
    const start = startOf(link.linkTarget, here.slice(0, -1))
    if (!start) return { fails: 'outside' }
    const next = walkParts(start.at, start.parts, index, hops)
    if ('fails' in next) return next
    here.splice(0, here.length, ...next.at)
  }
  return { at: here }
}

/** A link whose target is not in the archive: it resolves only if another layer (or nothing) provides it. */
export interface DanglingLink {
  name: string
  target: string
}

function exists(index: ArchiveIndex, at: string[]): boolean {
  const key = at.join('/')
  return key === '' || index.byKey.has(key) || index.folders.has(key)
}

/** Checks one link; returns it when its target is not in the archive. */
function checkLink(entry: ContentEntry, key: string, index: ArchiveIndex, refuse: Refuse): DanglingLink | undefined {
  const target = entry.linkTarget ?? ''
  if (target === '' || target.includes('\0')) refuse(entry, 'is a symlink with an empty or invalid target')
  const start = startOf(target, key.split('/').slice(0, -1))
  if (!start) {
    refuse(
      entry,
      `is a symlink to '${target}', an absolute path outside ${LAYER_ROOT}: once extracted it would point into the runtime's own files`,
      `Use a relative target, or one under ${LAYER_ROOT}/ where layers are extracted`
    )
  }
  const walked = walkParts(start.at, start.parts, index, { n: 0 })
  if ('fails' in walked) {
    if (walked.fails === 'loop') refuse(entry, `is a symlink in a loop (to '${target}')`, 'Remove the loop')
    refuse(
      entry,
      `is a symlink to '${target}', which climbs out of ${LAYER_ROOT}, where Lambda extracts the layer`,
      'Point it inside the layer'
    )
  }
  return exists(index, walked.at) ? undefined : { name: entry.name, target }
}

/**
 * Checks every symlink entry: its target must resolve inside /opt, through the archive's own
 * links. Returns the links whose target is not in the archive (to warn about). Calls `refuse` for
 * an absolute target outside /opt, a target that climbs out of /opt, and a loop.
 */
export function checkLinks(index: ArchiveIndex, refuse: Refuse): DanglingLink[] {
  const dangling: DanglingLink[] = []
  for (const [key, i] of index.byKey) {
    const entry = index.entries.entry(i)
    if (entry.kind !== 'symlink') continue
    const missing = checkLink(entry, key, index, refuse)
    if (missing) dangling.push(missing)
  }
  return dangling
}
