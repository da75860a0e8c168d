// One set of content rules for every layer, called by the plan (a tree about to be zipped) and by
// the zip-file inspection alike, so a rule cannot exist on one path only. It refuses what an
// extractor would misplace (names, links; see name-rules.ts and link-rules.ts) and warns about
// what Lambda would extract but not use: where runtimes look, modes its runtime user cannot read,
// a custom runtime's bootstrap that cannot run, links to what the archive lacks.
import { ActionError, InputError } from '../errors.js'
import { contentList, type ContentEntry, type ContentList, type Refuse } from './content-entry.js'
import { layoutWarnings } from './layout.js'
import { checkLinks, type DanglingLink } from './link-rules.js'
import { indexNames, pathKey } from './name-rules.js'
import { showName } from './names.js'

export type { ContentEntry, ContentList } from './content-entry.js'

/** Where the entries come from: a tree the action zips, or the zip-file input. */
export type ContentSource = 'tree' | 'zip-file'

/** What the rules need besides the entries. */
export interface ContentOptions {
  source: ContentSource
  /** The compatible runtimes declared (layout and bootstrap warnings). */
  runtimes: string[]
}

/** Entries named in one warning at most; the rest are counted. */
export const LISTED = 10

/** The error for an entry that breaks a rule: InputError naming zip-file and the entry for a
 * given zip; ActionError naming the file's path (else the entry) for a tree. Never throws. */
export function refusal(source: ContentSource, entry: Pick<ContentEntry, 'name' | 'path'>, rule: string, fix?: string): ActionError {
  if (source === 'zip-file')
    return new InputError('zip-file', `entry '${showName(entry.name)}' ${rule}`, fix ?? 'Fix the entry and rebuild the zip')
  return new ActionError(`'${showName(entry.path ?? entry.name)}' ${rule}`, fix ?? 'Rename it, or leave it out with exclude')
}

/** One warning about many entries: `summary`, then at most LISTED items and a count of the rest.
 * Never throws. */
export function listWarning(summary: string, items: string[]): string {
  const more = items.length > LISTED ? ` and ${items.length - LISTED} more` : ''
  return `${summary}: ${items.slice(0, LISTED).join(', ')}${more}`
}

const octal = (mode: number): string => (mode & 0o7777).toString(8).padStart(4, '0')
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`

/** Lambda runs functions as a user that does not own the extracted files: they need read (and
 * folders search) permission for others. */
function unreadable(entry: ContentEntry): boolean {
  if (entry.kind === 'file') return (entry.mode & 0o004) === 0
  return entry.kind === 'directory' && (entry.mode & 0o005) !== 0o005
}

/** The entries of `list`, one at a time. */
function* each(list: ContentList): Generator<ContentEntry> {
  for (let i = 0; i < list.length; i++) yield list.entry(i)
}

function hasFile(entries: ContentList): boolean {
  for (const e of each(entries)) if (e.kind === 'file') return true
  return false
}

function modeWarnings(entries: ContentList): string[] {
  const locked: string[] = []
  for (const e of each(entries)) if (unreadable(e)) locked.push(`'${showName(e.name)}' (${octal(e.mode)})`)
  if (locked.length === 0) return []
  const what = plural(locked.length, 'entry has a mode', 'entries have modes')
  return [
    listWarning(
      `${what} Lambda's runtime user cannot read (files need read, folders read and search, for others; rebuild after chmod -R a+rX)`,
      locked
    )
  ]
}

/** A custom runtime runs /opt/bootstrap itself (Lambda developer guide, "Custom runtimes"). */
function bootstrapWarnings(entries: ContentList, runtimes: string[]): string[] {
  const runtime = runtimes.find((r) => r.startsWith('provided'))
  let bootstrap: ContentEntry | undefined
  for (const e of runtime ? each(entries) : []) if (e.kind === 'file' && pathKey(e.name) === 'bootstrap') bootstrap ??= e
  if (!runtime || !bootstrap || bootstrap.mode & 0o001) return []
  return [
    `'bootstrap' is not executable (mode ${octal(bootstrap.mode)}): under ${runtime} Lambda runs it to start the runtime and cannot; give it mode 0755`
  ]
}

function danglingWarnings(dangling: DanglingLink[]): string[] {
  if (dangling.length === 0) return []
  const links = dangling.map((d) => `'${showName(d.name)}' -> '${d.target}'`)
  const what = plural(links.length, 'symlink points', 'symlinks point')
  return [listWarning(`${what} to something not in this archive, so it will dangle under /opt unless another layer provides it`, links)]
}

/**
 * Applies the content rules to the entries of one layer. Returns the warnings (runtime layout, no
 * files, unreadable modes, a bootstrap that cannot run, links to what the archive lacks). Throws
 * the refusal (see `refusal`) of the first entry that breaks a rule: a name extractors rewrite or
 * merge, one path used twice or as file and folder, an entry written through a link, a link
 * leading out of /opt.
 */
export function checkContent(given: ContentEntry[] | ContentList, options: ContentOptions): string[] {
  const refuse: Refuse = (entry, rule, fix) => {
    throw refusal(options.source, entry, rule, fix)
  }
  const entries = contentList(given)
  const index = indexNames(entries, refuse)
  const dangling = checkLinks(index, refuse)
  const names = function* () {
    for (const e of each(entries)) yield e.name
  }
  const warnings = layoutWarnings(names(), options.runtimes)
  if (!hasFile(entries)) warnings.push('The archive holds no files, only folders or links')
  return [...warnings, ...modeWarnings(entries), ...bootstrapWarnings(entries, options.runtimes), ...danglingWarnings(dangling)]
}
