// @ts-check
// `npm run demo` (`npm run demo -- --debug` for step debug logging): the action's main job, end
// to end, on this machine. Starts the in-repo AWS emulator, lays out a small python layer, runs
// dist/index.js as a runner would (OIDC role, two principals) and prints the inputs it used, the
// step log as the runner shows it (masks applied, groups as headings, annotations), the
// outputs, the job summary and the AWS calls made. Everything it writes lives in one temporary
// folder, removed at the end, also on failure and on Ctrl-C.
import { rmSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { constants, tmpdir } from 'node:os'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { startEmulator } from '../emulator/server.js'
import { runAction } from './run-action.js'
import { renderRunnerLog } from './runner-log.js'

// The runner turns on step debug logging with the ACTIONS_STEP_DEBUG secret or variable and
// tells the action through RUNNER_DEBUG=1 (what @actions/core's isDebug() reads).
const debug = process.argv.includes('--debug') || process.env.ACTIONS_STEP_DEBUG === 'true'

const root = await mkdtemp(join(tmpdir(), 'pll-demo-'))
const cancel = new AbortController()
/** @type {NodeJS.Signals | undefined} */
let stoppedBy

/** First signal: stop the action and clean up normally; a second one: remove the folder and go. */
function onSignal(/** @type {NodeJS.Signals} */ signal) {
  if (stoppedBy) {
    rmSync(root, { recursive: true, force: true })
    process.exit(128 + constants.signals[signal])
  }
  stoppedBy = signal
  console.error(`\n${signal}: stopping the action, then removing ${root}`)
  cancel.abort()
}
process.on('SIGINT', onSignal)
process.on('SIGTERM', onSignal)

/** @param {string} title */
const heading = (title) => console.log(`\n--- ${title} ---`)

/** @param {string} workspace */
async function layOutLayer(workspace) {
  await mkdir(join(workspace, 'layer/python/greeting'), { recursive: true })
  await writeFile(join(workspace, 'layer/python/greeting/__init__.py'), 'def hello():\n    return "hello from a layer"\n')
}

/** @param {import('../emulator/server.js').Emulator} emulator */
async function demo(emulator) {
  const workspace = join(root, 'workspace')
  console.log(`AWS emulator: ${emulator.url}\nWorkspace: ${workspace} (layer/python/greeting/__init__.py)`)
  await layOutLayer(workspace)
  const inputs = {
    'layer-name': 'demo-deps',
    'working-directory': 'layer',
    paths: 'python',
    'compatible-runtimes': 'python3.12, python3.13',
    'compatible-architectures': 'x86_64',
    principals: '111122223333\no-a1b2c3d4e5',
    'role-to-assume': 'arn:aws:iam::123456789012:role/layer-publisher',
    'aws-region': 'eu-west-1',
    'endpoint-url': emulator.url
  }
  // What the runner gives a job with `permissions: id-token: write`, pointed at the emulator.
  const env = {
    ACTIONS_ID_TOKEN_REQUEST_URL: `${emulator.url}/oidc/token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.oidc.requestToken,
    ...(debug ? { RUNNER_DEBUG: '1' } : {})
  }
  heading('step inputs')
  console.log(stringify({ with: inputs }, { lineWidth: 0 }).trimEnd())
  console.log(`runner environment: ${Object.keys(env).join(', ')}`)

  cancel.signal.throwIfAborted()
  const result = await runAction({ workspace, runnerDir: join(root, 'runner'), inputs, env, signal: cancel.signal })
  const log = renderRunnerLog(result.log, { debug })
  heading(`step log, stdout and stderr as the runner shows them${debug ? ' (step debug logging on)' : '; --debug for debug lines'}`)
  console.log(log.lines.join('\n'))
  heading('annotations')
  console.log(log.annotations.map((a) => `${a.kind}: ${a.message}`).join('\n') || '(none)')
  heading(`outputs (exit code ${result.code})`)
  for (const [name, value] of Object.entries(result.outputs)) console.log(`${name}=${value}`)
  heading('job summary')
  console.log(result.summary.trim() || '(empty)')
  heading('AWS calls the emulator received')
  for (const r of emulator.requests) console.log(`${r.service} ${r.operation} ${r.status ?? ''}`)
  return result.code ?? 1
}

/** @type {import('../emulator/server.js').Emulator | undefined} */
let emulator
try {
  emulator = await startEmulator()
  process.exitCode = await demo(emulator)
} catch (err) {
  if (!stoppedBy) throw err
  process.exitCode = 128 + constants.signals[stoppedBy]
} finally {
  await emulator?.close()
  await rm(root, { recursive: true, force: true })
  process.off('SIGINT', onSignal)
  process.off('SIGTERM', onSignal)
}
