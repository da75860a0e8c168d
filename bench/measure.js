// @ts-check
// Runs one process the way the benchmark compares them: wall time from spawn to exit, peak RSS
// from GNU time (%M, the kernel's high-water mark for the child, so no sampling can miss it).
import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { inputVariable, parseOutputFile } from '../scripts/run-action.js'

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const GNU_TIME = '/usr/bin/time'

/** The bundle measured: dist/ unless --dist names another ncc output (to try a change). */
let bundleDir = path.join(REPO, 'dist')
export const useBundle = (/** @type {string} */ dir) => (bundleDir = path.resolve(dir))
export const bundleEntry = () => path.join(bundleDir, 'index.js')

/** The Node that runs the action: this one unless --node names another (action.yml's node24). */
let actionNode = process.execPath
export const useNode = (/** @type {string} */ file) => (actionNode = path.resolve(file))
export const nodeBinary = () => actionNode

/**
 * Installs a Debian package when `binary` is missing (CI images and fresh runners).
 * @param {string} binary
 * @param {string} pkg
 */
export function ensureTool(binary, pkg) {
  if (existsSync(binary)) return
  console.log(`installing ${pkg} (${binary} is missing)`)
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
}

/**
 * @typedef {object} Timed
 * @property {number} ms wall time, spawn to exit
 * @property {number} rssMB peak resident set of the process
 * @property {string} stdout
 * @property {string} stderr
 */

/**
 * Runs `command` under GNU time.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv }} options
 * @returns {Promise<Timed>}
 */
export async function timed(command, args, options) {
  const dir = await mkdtemp(path.join(tmpdir(), 'pll-bench-time-'))
  const report = path.join(dir, 'time')
  const started = performance.now()
  const child = spawn(GNU_TIME, ['-f', '%M', '-o', report, command, ...args], { cwd: options.cwd, env: options.env ?? process.env })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', resolve)
  })
  const ms = performance.now() - started
  const rssKB = Number((await readFile(report, 'utf8')).trim().split('\n').pop())
  await rm(dir, { recursive: true, force: true })
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr || stdout}`)
  return { ms, rssMB: rssKB / 1024, stdout, stderr }
}

/**
 * The environment a runner gives the action, with `inputs` as INPUT_* variables.
 * @param {string} dir where the output, summary and RUNNER_TEMP go
 * @param {string} workspace GITHUB_WORKSPACE, which must hold the working directory
 * @param {Record<string, string>} inputs
 * @param {Record<string, string>} [extra]
 */
export async function actionEnv(dir, workspace, inputs, extra = {}) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(AWS_|INPUT_|ACTIONS_|GITHUB_|RUNNER_|NODE_OPTIONS$)/.test(k)) env[k] = v
  }
  const files = { GITHUB_OUTPUT: path.join(dir, 'github_output'), GITHUB_STEP_SUMMARY: path.join(dir, 'step_summary') }
  for (const file of Object.values(files)) await writeFile(file, '')
  Object.assign(env, files, { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, RUNNER_TEMP: path.join(dir, 'runner-temp') }, extra)
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value
  return env
}

/** The action's outputs after a run in `dir`. @param {string} dir */
export async function actionOutputs(dir) {
  return parseOutputFile(await readFile(path.join(dir, 'github_output'), 'utf8'))
}

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * The bundled action in dry-run on `treeDir`, as a runner starts it.
 * @param {string} treeDir
 * @returns {Promise<Timed & { size: number, sha256: string }>}
 */
export async function runActionDry(treeDir) {
  const dir = await mkdtemp(path.join(tmpdir(), 'pll-bench-action-'))
  const inputs = {
    'layer-name': 'bench',
    'working-directory': '.',
    paths: '.',
    'dry-run': 'true',
    'aws-region': 'us-east-1',
    's3-bucket': 'bench-bucket'
  }
  try {
    const env = await actionEnv(dir, treeDir, inputs)
    const result = await timed(nodeBinary(), [bundleEntry()], { cwd: treeDir, env })
    const outputs = await actionOutputs(dir)
    if (!outputs['code-size']) throw new Error(`the action gave no code-size output:\n${result.stdout}`)
    return { ...result, size: Number(outputs['code-size']), sha256: outputs['code-sha256'] }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * Info-ZIP on `treeDir`, into a fresh zip each time (an existing zip would be updated instead).
 * @param {string} treeDir
 * @returns {Promise<Timed & { size: number }>}
 */
export async function runInfoZip(treeDir) {
  const dir = await mkdtemp(path.join(tmpdir(), 'pll-bench-zip-'))
  const out = path.join(dir, 'layer.zip')
  try {
    const result = await timed('zip', ['-r', '-X', '-q', out, '.'], { cwd: treeDir })
    const { size } = await import('node:fs/promises').then((fs) => fs.stat(out))
    return { ...result, size }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
