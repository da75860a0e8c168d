// @ts-check
// Runs the bundled action the way a GitHub runner does: inputs as INPUT_* variables, outputs
// and the job summary through the files named by GITHUB_OUTPUT and GITHUB_STEP_SUMMARY.
// Shared by the end-to-end tests and `npm run demo`.
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * @typedef {object} RunOptions
 * @property {Record<string, string>} inputs  action inputs by their action.yml names
 * @property {Record<string, string | undefined>} [env]  extra environment (wins over defaults)
 * @property {string} [node]  node binary (default: this process's)
 * @property {string} [workspace]  GITHUB_WORKSPACE (default: the runner folder)
 * @property {string} [runnerDir]  folder for GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP,
 *   owned by the caller and kept after the run (default: a temp folder removed after the run)
 * @property {number} [timeoutMs]
 * @property {AbortSignal} [signal]  aborting it stops the action (SIGTERM) and rejects the run
 *
 * @typedef {object} RunResult
 * @property {number | null} code
 * @property {string} stdout
 * @property {string} stderr
 * @property {string} log  stdout and stderr line by line in the order they came, as the runner reads them
 * @property {Record<string, string>} outputs
 * @property {string} summary
 * @property {string} runnerTemp  RUNNER_TEMP (gone after the run unless runnerDir was given)
 */

/**
 * Turns an input name into the variable the runner sets (spaces to _, upper case).
 * @param {string} name
 */
export function inputVariable(name) {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/**
 * Parses the GITHUB_OUTPUT file: `name<<DELIM\nvalue\nDELIM` blocks (and plain name=value).
 * @param {string} text
 */
export function parseOutputFile(text) {
  /** @type {Record<string, string>} */
  const outputs = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1)
      outputs[heredoc[1]] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return outputs
}

/** Environment of the runner process without AWS or INPUT_ variables leaking in from ours. */
function baseEnv() {
  /** @type {Record<string, string | undefined>} */
  const env = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(AWS_|INPUT_|ACTIONS_|GITHUB_|RUNNER_|NODE_OPTIONS$)/.test(k)) env[k] = v
  }
  return env
}

/**
 * Runs dist/index.js once and collects what the runner would: exit code, stdout, stderr,
 * outputs and job summary.
 * @param {RunOptions} options
 * @returns {Promise<RunResult>}
 */
export async function runAction(options) {
  if (options.runnerDir) return runIn(options.runnerDir, options)
  const dir = await mkdtemp(join(tmpdir(), 'pll-runner-'))
  try {
    return await runIn(dir, options)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * @param {string} dir  the runner folder
 * @param {RunOptions} options
 * @returns {Promise<RunResult>}
 */
async function runIn(dir, options) {
  const outputFile = join(dir, 'github_output')
  const summaryFile = join(dir, 'step_summary')
  await mkdir(dir, { recursive: true })
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  /** @type {Record<string, string | undefined>} */
  const env = {
    ...baseEnv(),
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace ?? dir,
    RUNNER_TEMP: join(dir, 'runner-temp'),
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile
  }
  for (const [name, value] of Object.entries(options.inputs)) env[inputVariable(name)] = value
  Object.assign(env, options.env ?? {})
  const { code, stdout, stderr, log } = await spawnNode(options, env)
  return {
    code,
    stdout,
    stderr,
    log,
    outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
    runnerTemp: /** @type {string} */ (env.RUNNER_TEMP)
  }
}

/**
 * @param {RunOptions} options
 * @param {Record<string, string | undefined>} env
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string, log: string }>}
 */
function spawnNode(options, env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(options.node ?? process.execPath, [join(root, 'dist', 'index.js')], {
      env,
      cwd: env.GITHUB_WORKSPACE,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
      signal: options.signal
    })
    const streams = { stdout: '', stderr: '' }
    // The runner reads each stream line by line; `log` holds whole lines in the order they came.
    const partial = { stdout: '', stderr: '' }
    let log = ''
    for (const name of /** @type {const} */ (['stdout', 'stderr'])) {
      child[name].setEncoding('utf8')
      child[name].on('data', (/** @type {string} */ text) => {
        streams[name] += text
        const lines = partial[name] + text
        const end = lines.lastIndexOf('\n') + 1
        log += lines.slice(0, end)
        partial[name] = lines.slice(end)
      })
    }
    child.on('error', reject)
    child.on('close', (code) => {
      for (const rest of [partial.stdout, partial.stderr]) if (rest) log += `${rest}\n`
      resolvePromise({ code, ...streams, log })
    })
  })
}
