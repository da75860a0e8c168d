// @ts-check
// The bundled action against the in-repo emulator: how soon the first request reaches the
// network after the process starts, and how long sharing and multi-region publishing take
// when every call is slow (they should take about one call's latency, not the sum).
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { startEmulator } from '../emulator/server.js'
import { actionEnv, actionOutputs, bundleEntry, median, nodeBinary } from './measure.js'

/** Static keys: the SDK takes them from the environment, with no network call of its own. */
const KEYS = { AWS_ACCESS_KEY_ID: 'AKIABENCHBENCHBENCH1', AWS_SECRET_ACCESS_KEY: 'bench-secret' }

/** A one-file python layer. */
async function tinyLayer() {
  const dir = await mkdtemp(path.join(tmpdir(), 'pll-bench-tiny-'))
  await mkdir(path.join(dir, 'python'))
  await writeFile(path.join(dir, 'python', 'tiny.py'), 'VALUE = 1\n')
  return dir
}

/**
 * Spawns dist/index.js; resolves with the exit code and when it started (performance.now()).
 * @param {NodeJS.ProcessEnv} env
 * @param {string} cwd
 */
async function spawnAction(env, cwd) {
  const started = performance.now()
  const child = spawn(nodeBinary(), [bundleEntry()], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  child.stderr.on('data', (d) => (log += d))
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', resolve)
  })
  if (code !== 0) throw new Error(`the action failed (${code}):\n${log}`)
  return { started, ended: performance.now() }
}

/**
 * Runs the action once against `emu`, noting when each request arrived and was answered.
 * @param {import('../emulator/server.js').Emulator} emu
 * @param {Record<string, string>} inputs
 */
async function observedRun(emu, inputs) {
  const layer = await tinyLayer()
  const dir = await mkdtemp(path.join(tmpdir(), 'pll-bench-net-'))
  /** @type {{ method: string, url: string, start: number, end: number }[]} */
  const calls = []
  let firstConnection = Infinity
  const onConnection = () => (firstConnection = Math.min(firstConnection, performance.now()))
  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  const onRequest = (req, res) => {
    const start = performance.now()
    res.on('close', () => calls.push({ method: req.method ?? '', url: req.url ?? '', start, end: performance.now() }))
  }
  emu.server.on('connection', onConnection)
  emu.server.on('request', onRequest)
  try {
    const all = { 'layer-name': 'bench-net', 'working-directory': '.', paths: '.', 'endpoint-url': emu.url, ...inputs }
    const { started, ended } = await spawnAction(await actionEnv(dir, layer, all, KEYS), layer)
    const outputs = await actionOutputs(dir)
    if (!outputs['layer-version-arn']) throw new Error('the action published nothing')
    return { started, ended, firstConnection, calls }
  } finally {
    emu.server.off('connection', onConnection)
    emu.server.off('request', onRequest)
    await rm(dir, { recursive: true, force: true })
    await rm(layer, { recursive: true, force: true })
  }
}

/**
 * Milliseconds from process start to the first connection the emulator accepts, median of `runs`.
 * @param {number} runs
 */
export async function firstNetworkCall(runs) {
  const emu = await startEmulator()
  try {
    const samples = []
    for (let i = 0; i < runs; i++) {
      emu.reset()
      const run = await observedRun(emu, { 'aws-region': 'eu-west-1' })
      samples.push(run.firstConnection - run.started)
    }
    return { ms: median(samples), samples }
  } finally {
    await emu.close()
  }
}

/**
 * Span from the first to the last answer of the requests matching `test`.
 * @param {{ method: string, url: string, start: number, end: number }[]} calls
 * @param {(c: { method: string, url: string }) => boolean} test
 */
function span(calls, test) {
  const picked = calls.filter(test)
  return { count: picked.length, ms: Math.max(...picked.map((c) => c.end)) - Math.min(...picked.map((c) => c.start)) }
}

/**
 * Publishing to `regions` and sharing with `principals` accounts, with every publish and every
 * grant delayed by `delayMs` in the emulator.
 * @param {{ principals: number, regions: string[], delayMs: number }} options
 */
export async function fanOut({ principals, regions, delayMs }) {
  const emu = await startEmulator()
  try {
    const accounts = Array.from({ length: principals }, (_, i) => String(111100000000 + i))
    emu.faults.add('PublishLayerVersion', { delayMs, times: regions.length })
    emu.faults.add('AddLayerVersionPermission', { delayMs, times: principals * regions.length })
    const inputs = { 'aws-region': regions[0], regions: regions.join(','), principals: accounts.join(',') }
    const run = await observedRun(emu, inputs)
    const grants = span(run.calls, (c) => c.method === 'POST' && /\/versions\/\d+\/policy$/.test(c.url))
    const publishes = span(run.calls, (c) => c.method === 'POST' && /\/layers\/[^/]+\/versions$/.test(c.url))
    const network = span(run.calls, () => true)
    return { principals, regions: regions.length, delayMs, grants, publishes, network, wholeMs: run.ended - run.started }
  } finally {
    await emu.close()
  }
}
