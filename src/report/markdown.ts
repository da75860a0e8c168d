// A small builder for the GitHub-flavoured Markdown of the job summary: every value that comes
// from the user or from AWS (names, descriptions, errors, entry names) goes through text() or
// code(), so it cannot open a link, a tag or a table cell of its own; table() escapes the pipes
// that would split a cell.

/** Plain text as Markdown: the characters Markdown or HTML could read as syntax (emphasis, code,
 * links, tags, entities, headings, strikethrough, cells) are backslash-escaped, line breaks
 * become spaces. Never throws. */
export function text(value: string): string {
  return oneLine(value).replace(/[\\`*_[\]<>#|~&]/g, (c) => `\\${c}`)
}

/** `value` as inline code: a code span fenced with one more backtick than its longest run of
 * backticks (padded when it starts or ends with one). A value with a pipe becomes a <code>
 * element whose punctuation is written as character references (Markdown still reads what is
 * between the tags), since a code span in a table cell cannot hold a backslash before a pipe.
 * Never throws. */
export function code(value: string): string {
  const line = oneLine(value)
  if (line.includes('|')) return `<code>${line.replace(/[^\w\s./-]/g, (c) => `&#${c.codePointAt(0)};`)}</code>`
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${line}${pad}${fence}`
}

/** Characters of a name shown inline (entry names may be 65,535 bytes long in a zip). */
export const NAME_CHARACTERS = 200

/** `value` cut to `max` characters, an ellipsis marking the cut. Never throws. */
export function clip(value: string, max = NAME_CHARACTERS): string {
  const chars = [...value]
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`
}

/** A link whose label is already Markdown (text() or code()); `url` is percent-encoded where
 * Markdown would end it. Never throws. */
export function link(label: string, url: string): string {
  return `[${label}](${url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`
}

/** Text for inside an HTML element (a <summary>): &, < and > as entities. Never throws. */
export function html(value: string): string {
  return oneLine(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function oneLine(value: string): string {
  return value.replace(/\s*[\r\n]+\s*/g, ' ')
}

/** "1 region", "2 regions"; `many` for irregular plurals ("entries"). Never throws. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`
}

/** "a", "a and b", "a, b and c". Never throws. */
export function andList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** A table cell: on one line, with a backslash before each pipe not escaped already (an odd run
 * of backslashes before it), so no pipe ends the cell early, in code spans too. */
function cell(value: string): string {
  return oneLine(value).replace(/(\\*)\|/g, (_, slashes: string) => `${slashes}${slashes.length % 2 === 1 ? '' : '\\'}|`)
}

/** One column of a table: its header (Markdown) and whether its cells align right (numbers). */
export interface Column {
  title: string
  right?: boolean
}

/** A GFM table: one header row, a delimiter row, then one line per row, each with exactly the
 * header's cell count (short rows padded with empty cells); pipes in cells escaped. Never throws. */
export function table(columns: Column[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`
  const fit = (cells: string[]) => columns.map((_, i) => cells[i] ?? '')
  return [
    line(columns.map((c) => c.title)),
    `|${columns.map((c) => (c.right ? '---:' : '---')).join('|')}|`,
    ...rows.map((cells) => line(fit(cells)))
  ]
}

/** A collapsed <details> block: `summary` is plain text, `body` Markdown lines (blank lines
 * around them, so GitHub renders the Markdown inside). Never throws. */
export function details(summary: string, body: string[]): string[] {
  return [`<details><summary>${html(summary)}</summary>`, '', ...body, '', '</details>']
}

/** A section: a level-4 heading and its lines, then a blank line; [] when `lines` is empty, so
 * a section with nothing to say takes no room. Never throws. */
export function section(heading: string, lines: string[]): string[] {
  return lines.length === 0 ? [] : [`#### ${heading}`, '', ...lines, '']
}
