// @ts-check
// Runs the bundled action the way a GitHub runner does: inputs as INPUT_* variables, outputs
// and the job summary through the files named by GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, and on
// cancel SIGINT, then SIGTERM 7.5 s later, then a kill 2.5 s after that (GitHub docs,
// "Canceling a workflow": the runner's steps for a step that must stop). Shared by the
// end-to-end tests and `npm run demo`.
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
 * @property {string} [script]  the entry point (default dist/index.js; tests of this runner use others)
 *
 * @typedef {object} RunResult
 * @property {number | null} code
 * @property {string} stdout
 * @property {string} stderr
 * @property {string} log  stdout and stderr line by line in the order they came, as the runner reads them
 * @property {Record<string, string>} outputs
 * @property {string} summary
 * @property {string} runnerTemp  RUNNER_TEMP (gone after the run unless runnerDir was given)
 * @property {NodeJS.Signals | null} signal  the signal the process died of, if any
 * @property {NodeJS.Signals[]} signalsSent  what was sent to it, in order
 *
 * @typedef {object} RunningAction
 * @property {number | undefined} pid
 * @property {Promise<RunResult>} result  settles when the process has exited
 * @property {(signal: NodeJS.Signals) => void} signal  send one signal now
 * @property {(timing?: CancelTiming) => Promise<RunResult>} cancel  cancel it as the runner does
 * @property {(text: string | RegExp, timeoutMs?: number) => Promise<void>} waitForOutput  settles when
 *   stdout or stderr shows `text` (rejects when the process exits first, or after timeoutMs, default 30 s)
 *
 * @typedef {object} CancelTiming
 * @property {number} [sigtermAfterMs]  default 7500
 * @property {number} [killAfterMs]  default 2500
 */

/** The runner's cancel timing (GitHub docs, "Canceling a workflow"). */
export const RUNNER_CANCEL_TIMING = Object.freeze({ sigtermAfterMs: 7500, killAfterMs: 2500 })

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
  return (await startAction(options)).result
}

/**
 * Start the action and return at once: the caller may signal or cancel it while it runs, and
 * may start others against the same endpoints. Without `runnerDir` the runner folder is a temp
 * folder removed once the process has exited and its files were read.
 * @param {RunOptions} options
 * @returns {Promise<RunningAction>}
 */
export async function startAction(options) {
  if (options.runnerDir) return startIn(options.runnerDir, options)
  const dir = await mkdtemp(join(tmpdir(), 'pll-runner-'))
  const running = await startIn(dir, options).catch(async (err) => {
    await rm(dir, { recursive: true, force: true })
    throw err
  })
  const removeDir = () => rm(dir, { recursive: true, force: true })
  const result = running.result.then(
    async (value) => (await removeDir(), value),
    async (err) => {
      await removeDir()
      throw err
    }
  )
  return { ...running, result, cancel: (timing) => running.cancel(timing).then(() => result) }
}

/**
 * @param {string} dir  the runner folder
 * @param {RunOptions} options
 * @returns {Promise<RunningAction>}
 */
async function startIn(dir, options) {
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
  const child = spawn(options.node ?? process.execPath, [options.script ?? join(root, 'dist', 'index.js')], {
    env,
    cwd: env.GITHUB_WORKSPACE,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 60_000,
    signal: options.signal
  })
  /** @type {NodeJS.Signals[]} */
  const signalsSent = []
  const output = collect(child)
  /** @type {Promise<RunResult>} */
  const result = output.exited.then(async ({ code, signal, stdout, stderr, log }) => ({
    code,
    signal,
    signalsSent,
    stdout,
    stderr,
    log,
    outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
    runnerTemp: /** @type {string} */ (env.RUNNER_TEMP)
  }))
  const send = (/** @type {NodeJS.Signals} */ sig) => {
    if (child.exitCode !== null || child.signalCode !== null) return
    signalsSent.push(sig)
    child.kill(sig)
  }
  /** Whether the process exits within `ms`. @param {number} ms @returns {Promise<boolean>} */
  const exitsWithin = (ms) =>
    new Promise((resolveWait) => {
      const timer = setTimeout(() => resolveWait(false), ms)
      const done = () => {
        clearTimeout(timer)
        resolveWait(true)
      }
      output.exited.then(done, done)
    })
  return {
    pid: child.pid,
    result,
    signal: send,
    waitForOutput: output.waitFor,
    cancel: async (timing = {}) => {
      const { sigtermAfterMs, killAfterMs } = { ...RUNNER_CANCEL_TIMING, ...timing }
      send('SIGINT')
      if (!(await exitsWithin(sigtermAfterMs))) {
        send('SIGTERM')
        if (!(await exitsWithin(killAfterMs))) send('SIGKILL')
      }
      return result
    }
  }
}

/** @typedef {import('node:child_process').ChildProcessByStdio<null, import('node:stream').Readable, import('node:stream').Readable>} Child */

/**
 * What the process writes: both streams, and `log`, whole lines in the order they came (the
 * runner reads each stream line by line); `waitFor` settles when the output shows a text.
 * @param {Child} child
 */
function collect(child) {
  const streams = { stdout: '', stderr: '' }
  const partial = { stdout: '', stderr: '' }
  let log = ''
  /** @type {Set<() => void>} */
  const watchers = new Set()
  for (const name of /** @type {const} */ (['stdout', 'stderr'])) {
    child[name].setEncoding('utf8')
    child[name].on('data', (/** @type {string} */ text) => {
      streams[name] += text
      const lines = partial[name] + text
      const end = lines.lastIndexOf('\n') + 1
      log += lines.slice(0, end)
      partial[name] = lines.slice(end)
      for (const watch of [...watchers]) watch()
    })
  }
  /** @type {Promise<{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string, log: string }>} */
  const exited = new Promise((resolvePromise, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      for (const rest of [partial.stdout, partial.stderr]) if (rest) log += `${rest}\n`
      for (const watch of [...watchers]) watch()
      resolvePromise({ code, signal, ...streams, log })
    })
  })
  /** @param {string | RegExp} pattern @param {number} [timeoutMs] @returns {Promise<void>} */
  const waitFor = (pattern, timeoutMs = 30_000) =>
    new Promise((resolveWait, rejectWait) => {
      const text = () => streams.stdout + streams.stderr
      const seen = () =>
        typeof pattern === 'string' ? streams.stdout.includes(pattern) || streams.stderr.includes(pattern) : pattern.test(text())
      const finish = (/** @type {Error | undefined} */ err) => {
        clearTimeout(timer)
        watchers.delete(check)
        if (err) rejectWait(err)
        else resolveWait()
      }
      const check = () => {
        if (seen()) finish(undefined)
        else if (child.exitCode !== null || child.signalCode !== null) finish(new Error(`the process exited before printing ${pattern}`))
      }
      const timer = setTimeout(() => finish(new Error(`no ${pattern} in the output within ${timeoutMs} ms`)), timeoutMs)
      watchers.add(check)
      check()
    })
  return { exited, waitFor }
}
