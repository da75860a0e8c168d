// Renders Markdown as GitHub does (GFM: tables, strikethrough, autolinks, raw HTML such as
// <details> let through) with micromark, which follows the CommonMark and GFM specs, then reads
// the HTML with parse5 (the HTML standard's parser) to check the structure a reader sees.
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5'

type Node = DefaultTreeAdapterMap['node']
type Element = DefaultTreeAdapterMap['element']

/** `markdown` as GitHub renders it (before its sanitiser, which keeps <details> and <summary>). */
export function renderGfm(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] })
}

function isElement(node: Node): node is Element {
  return 'tagName' in node
}

function children(node: Node): Node[] {
  return 'childNodes' in node ? node.childNodes : []
}

/** Every element named `tag` under `root`, in document order. */
function elements(root: Node, tag: string): Element[] {
  const found: Element[] = []
  const visit = (node: Node) => {
    if (isElement(node) && node.tagName === tag) found.push(node)
    children(node).forEach(visit)
  }
  visit(root)
  return found
}

/** The text a reader sees in `node`. */
export function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value
  return children(node).map(textOf).join('')
}

/** The text a reader sees of `markdown` rendered as GitHub renders it. */
export function renderedText(markdown: string): string {
  return textOf(parseFragment(renderGfm(markdown)))
}

/** A rendered table: the text of each header cell and of each body cell, row by row. */
export interface RenderedTable {
  header: string[]
  rows: string[][]
}

/** The tables of the rendered `html`. */
export function tablesOf(html: string): RenderedTable[] {
  return elements(parseFragment(html), 'table').map((t) => ({
    header: elements(t, 'th').map(textOf),
    rows: elements(t, 'tbody').flatMap((body) => elements(body, 'tr').map((tr) => elements(tr, 'td').map(textOf)))
  }))
}

/** The <details> blocks of the rendered `html`: the summary's text and the text of the rest. */
export function detailsOf(html: string): { summary: string; body: string; tables: number }[] {
  return elements(parseFragment(html), 'details').map((d) => {
    const [summary] = elements(d, 'summary')
    return {
      summary: summary ? textOf(summary) : '',
      body: children(d)
        .filter((c) => c !== summary)
        .map(textOf)
        .join(''),
      tables: elements(d, 'table').length
    }
  })
}

/** The cells of a source table line, split at pipes no backslash escapes (GFM's table rule). */
function sourceCells(line: string): number {
  let cells = 0
  let escaped = false
  for (const c of line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')) {
    if (escaped) escaped = false
    else if (c === '\\') escaped = true
    else if (c === '|') cells++
  }
  return cells + 1
}

/**
 * What is wrong with the Markdown `markdown` as GFM reads it: source table rows whose cell count
 * differs from their header's (GFM pads or drops cells silently), table lines that did not
 * become table rows, <details> tags that do not pair up, a <details> without its <summary>.
 * [] when all is well.
 */
export function markdownProblems(markdown: string): string[] {
  const problems: string[] = []
  const lines = markdown.split('\n')
  let header = 0
  let tableLines = 0
  for (const [i, line] of lines.entries()) {
    if (!line.startsWith('|')) {
      header = 0
      continue
    }
    tableLines++
    const cells = sourceCells(line)
    if (header === 0) header = cells
    else if (cells !== header) problems.push(`line ${i + 1} has ${cells} cells, its header ${header}: ${line}`)
  }
  const html = renderGfm(markdown)
  const rendered = tablesOf(html).reduce((n, t) => n + 2 + t.rows.length, 0) // header and delimiter lines
  if (rendered !== tableLines) problems.push(`${tableLines} table lines in the source, ${rendered} rendered as table rows`)
  for (const t of tablesOf(html)) {
    for (const row of t.rows)
      if (row.length !== t.header.length) problems.push(`a rendered row has ${row.length} cells of ${t.header.length}`)
  }
  const opened = (html.match(/<details>/g) ?? []).length
  const closed = (html.match(/<\/details>/g) ?? []).length
  if (opened !== closed) problems.push(`${opened} <details> and ${closed} </details>`)
  for (const d of detailsOf(html)) if (!d.summary) problems.push('a <details> without a <summary>')
  return problems
}
