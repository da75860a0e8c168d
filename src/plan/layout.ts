// Lambda extracts a layer under /opt and each runtime only looks in a few folders there
// (Lambda developer guide, "Packaging your layer content"); content elsewhere is silently
// invisible, so we warn before publishing.

/** Folders every runtime searches: /opt/bin on PATH, /opt/lib on LD_LIBRARY_PATH. */
export const SHARED_FOLDERS = ['bin/', 'lib/']

export interface RuntimeLayout {
  /** Folder prefixes (ending in '/') or exact root file names the runtime reads. */
  folders: string[]
  /** What to suggest when nothing is there. */
  hint: string
}

/** Where one runtime reads layer content; undefined for runtimes with no folder of their own.
 * Never throws. */
export function runtimeLayout(runtime: string): RuntimeLayout | undefined {
  const node = /^nodejs(\d+)?/.exec(runtime)
  if (node) {
    const folders = ['nodejs/node_modules/']
    if (node[1]) folders.push(`nodejs/node${node[1]}/node_modules/`)
    return { folders, hint: 'set prefix: nodejs/node_modules?' }
  }
  const python = /^python(\d+\.\d+)$/.exec(runtime)
  if (python) return { folders: ['python/', `python/lib/python${python[1]}/site-packages/`], hint: 'set prefix: python?' }
  if (runtime.startsWith('java')) return { folders: ['java/lib/'], hint: 'set prefix: java/lib?' }
  const ruby = /^ruby(\d+)\.(\d+)$/.exec(runtime)
  if (ruby) return { folders: ['ruby/gems/', 'ruby/lib/'], hint: `set prefix: ruby/gems/${ruby[1]}.${ruby[2]}.0 or ruby/lib?` }
  if (runtime.startsWith('provided')) return { folders: ['bootstrap'], hint: 'a custom runtime needs an executable bootstrap at the root' }
  return undefined // dotnet, go1.x: only the shared folders, and content is reached by absolute path
}

/** True when some entry lies strictly inside `folder`, or is the root file `folder`. */
function occupied(names: string[], folder: string): boolean {
  if (!folder.endsWith('/')) return names.includes(folder)
  return names.some((name) => name.startsWith(folder) && name.length > folder.length)
}

function orList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`
}

/** One warning per declared runtime that would see nothing of this layer ([] when the shared
 * bin/ or lib/ holds something). Never throws. */
export function layoutWarnings(names: string[], runtimes: string[]): string[] {
  if (SHARED_FOLDERS.some((folder) => occupied(names, folder))) return []
  const warnings: string[] = []
  for (const runtime of runtimes) {
    const layout = runtimeLayout(runtime)
    if (!layout || layout.folders.some((folder) => occupied(names, folder))) continue
    const expected = orList([...layout.folders, ...SHARED_FOLDERS])
    warnings.push(`No entry is under a folder ${runtime} reads: expected ${expected} (${layout.hint})`)
  }
  return warnings
}

/** Where packages sit in each runtime's folder (the table above): an entry under one of these
 * belongs to the package folder the match ends with. Scoped npm packages keep their scope. */
const PACKAGE_FOLDERS = [
  /^nodejs\/(?:node\d+\/)?node_modules\/(?:@[^/]+\/)?[^/]+/,
  /^python\/lib\/python\d+\.\d+\/site-packages\/[^/]+/,
  /^ruby\/gems\/[^/]+\/gems\/[^/]+/,
  /^(?:python|java\/lib|ruby\/lib|bin|lib)\/[^/]+/
]

/**
 * The package folder an entry belongs to, for reports of what takes the space and what changed:
 * the folder right under a runtime's package folder (`python/numpy`,
 * `nodejs/node_modules/@aws-sdk/client-s3`, `python/lib/python3.12/site-packages/idna`), else
 * the entry's first two path segments (`nodejs/package.json`, `share/data`), or the name itself
 * at the root (`bootstrap`). Without the trailing '/' of a folder. Never throws.
 */
export function packageFolder(name: string): string {
  const trimmed = name.endsWith('/') ? name.slice(0, -1) : name
  for (const pattern of PACKAGE_FOLDERS) {
    const match = pattern.exec(trimmed)
    if (match) return match[0]
  }
  return /^[^/]+(?:\/[^/]+)?/.exec(trimmed)?.[0] ?? trimmed
}
