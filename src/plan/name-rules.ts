// Entry names as extractors will write them. A name must land where it says, under /opt, on
// every extractor: no absolute name, '..', drive prefix, backslash or control character; and two
// entries must not become one path once extractors normalise them (Unicode NFC, './', '//'), nor
// may one path be a file (or a link) and a folder at once.
import { hasParentSegment, isAbsoluteLike } from '../inputs/paths.js'
import type { ContentEntry, ContentList, Refuse } from './content-entry.js'
import { entryByKey, type ArchiveIndex } from './link-rules.js'
import { CONTROL_CHARACTER, showName } from './names.js'

/** A drive prefix is one letter and a colon ('c:foo'); 'std::vector' is an ordinary name. */
const DRIVE = /^[a-zA-Z]:/

/** What is wrong with one name, completing "entry 'x' ..."; undefined when nothing is. Never throws. */
export function nameProblem(name: string): string | undefined {
  if (name === '') return 'has an empty name'
  if (DRIVE.test(name)) return `starts with a drive ('${name.slice(0, 2)}'), which extractors strip or refuse`
  if (isAbsoluteLike(name)) return 'has an absolute name and would be extracted outside /opt'
  if (hasParentSegment(name)) return "has a '..' segment and would be extracted outside /opt"
  const control = CONTROL_CHARACTER.exec(name)
  if (control) {
    return `has a control character (${showName(control[0])}) in its name, which extractors drop or replace: Info-ZIP's unzip writes 'a\\nb.py' as 'ab.py'`
  }
  if (name.includes('\\')) {
    return "has a backslash in its name: on Lambda's Linux it is part of the file name, not a folder separator as Windows tools meant, so nothing finds the file"
  }
  return undefined
}

const NON_ASCII = /[\u0080-\uffff]/
const DOT_SEGMENT = /(?:^|\/)\.(?:\/|$)/

/** The path an extractor ends up writing for `name`: Unicode NFC, without '.' or empty segments
 * and without the folder's trailing '/'. '' is the extraction root itself. Never throws. */
export function pathKey(name: string): string {
  // Most names are already their key (ASCII, no '.' or empty segment), but for a folder's '/'.
  if (!NON_ASCII.test(name) && name[0] !== '/' && !name.includes('//') && !DOT_SEGMENT.test(name)) {
    return name.endsWith('/') ? name.slice(0, -1) : name
  }
  return name
    .normalize('NFC')
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/')
}

function collision(entry: ContentEntry, other: ContentEntry): string {
  if (entry.name === other.name) return 'appears twice'
  const folder = (e: ContentEntry): boolean => e.kind === 'directory'
  if (folder(entry) !== folder(other))
    return `and '${showName(other.name)}' make one path both a folder and a ${folder(entry) ? other.kind : entry.kind}`
  if (entry.name.normalize('NFC') === other.name.normalize('NFC')) {
    const points = (name: string): string => name.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    return `('${points(entry.name)}') and '${showName(other.name)}' ('${points(other.name)}') differ only in Unicode normalisation: extractors such as libarchive write them as one file`
  }
  return `is the same path as '${showName(other.name)}' once './' and '//' are removed: one would overwrite the other`
}

/** Refuses a file or link entry that another entry needs as a folder. Walks up from the entry's
 * parent to the nearest folder entry, whose own check covers what lies above it (one lookup per
 * entry in a tree, where every folder is an entry). */
function checkAncestors(key: string, entry: ContentEntry, index: ArchiveIndex, refuse: Refuse): void {
  for (let slash = key.lastIndexOf('/'); slash > 0; slash = key.lastIndexOf('/', slash - 1)) {
    const folder = key.slice(0, slash)
    const above = entryByKey(index, folder)
    if (above?.kind === 'directory') return
    if (!above) {
      index.folders.add(folder)
      continue
    }
    if (above.kind === 'file') refuse(above, `is a file, and '${showName(entry.name)}' needs it to be a folder: a path cannot be both`)
    refuse(
      entry,
      `would be written through the symlink '${showName(above.name)}' (to '${above.linkTarget ?? ''}'): an extractor follows the link and writes the file wherever it points`,
      'Remove the link or the entries under it'
    )
  }
}

/**
 * Checks every name and indexes the entries by path key. Returns the index. Calls `refuse` for a
 * name nameProblem rejects, two entries with one path (exact, NFC or './'/'//' duplicates, or a
 * file and a folder), and an entry under a file or a symlink entry.
 */
export function indexNames(entries: ContentList, refuse: Refuse): ArchiveIndex {
  const index: ArchiveIndex = { entries, byKey: new Map(), folders: new Set() }
  for (let i = 0; i < entries.length; i++) {
    const entry = entries.entry(i)
    const problem = nameProblem(entry.name)
    if (problem) refuse(entry, problem)
    const key = pathKey(entry.name)
    if (key === '') {
      if (entry.kind === 'directory') continue // './': the extraction root itself
      refuse(entry, "has no name once './' and '//' are removed")
    }
    const other = entryByKey(index, key)
    if (other) refuse(entry, collision(entry, other))
    index.byKey.set(key, i)
  }
  for (const [key, i] of index.byKey) {
    const entry = entries.entry(i)
    if (entry.kind === 'directory') index.folders.add(key)
    checkAncestors(key, entry, index, refuse)
  }
  return index
}
