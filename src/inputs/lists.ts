// How a list input (paths, exclude, principals, regions, ...) is split into its items: the one
// place that decides what separates them, and how a separator is written inside an item.

/**
 * The items of a list input: split on newlines and/or commas, trimmed, empties dropped. Commas
 * inside {...} and [...] stay, so a glob such as '*.{js,ts}' remains one entry and a comma in a
 * file name is written as the class '[,]' ('a[,]b.py' selects 'a,b.py'). Never throws.
 */
export function parseList(value: string): string[] {
  const items: string[] = []
  let depth = 0
  let inClass = false
  let current = ''
  for (const ch of value) {
    if (ch === '{' && !inClass) depth++
    if (ch === '}' && !inClass && depth > 0) depth--
    if (ch === '[' || ch === ']') inClass = ch === '['
    if (ch === '\n' || ch === '\r' || (ch === ',' && depth === 0 && !inClass)) {
      items.push(current)
      current = ''
      inClass = false
    } else current += ch
  }
  items.push(current)
  return items.map((s) => s.trim()).filter((s) => s !== '')
}
