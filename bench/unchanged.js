// @ts-check
// The scheduled rebuild that finds nothing new: the whole action with skip-unchanged against the
// in-repo emulator, where the same content is already published. It should cost a read of the
// files and a few calls, not a deflate.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startEmulator } from '../emulator/server.js'
import { actionEnv, actionOutputs, bundleEntry, nodeBinary, timed } from './measure.js'

/** Static keys: the SDK takes them from the environment, with no network call of its own. */
export const KEYS = { AWS_ACCESS_KEY_ID: 'AKIABENCHBENCHBENCH1', AWS_SECRET_ACCESS_KEY: 'bench-secret' }

/**
 * A published layer of `treeDir` in a fresh emulator, and a way to run the action again on it.
 * The first run publishes (not measured); each `run()` must then reuse that version.
 * @param {string} treeDir
 */
export async function publishedTree(treeDir) {
  const emu = await startEmulator()
  const inputs = {
    'layer-name': 'bench-unchanged',
    'working-directory': '.',
    paths: '.',
    'aws-region': 'eu-west-1',
    'endpoint-url': emu.url,
    'skip-unchanged': 'true',
    'compatible-runtimes': 'nodejs22.x',
    principals: '111122223333'
  }
  /** Runs the action once; returns the wall time, peak RSS and outputs. */
  const run = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pll-bench-unchanged-'))
    try {
      const env = await actionEnv(dir, treeDir, inputs, KEYS)
      const result = await timed(nodeBinary(), [bundleEntry()], { cwd: treeDir, env })
      return { ...result, outputs: await actionOutputs(dir) }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
  try {
    const first = await run()
    if (first.outputs.published !== 'true') throw new Error(`the first run published nothing:\n${first.stdout}`)
  } catch (err) {
    await emu.close()
    throw err
  }
  /** One measured rebuild; throws unless it reused the version. */
  const rebuild = async () => {
    const r = await run()
    if (r.outputs.published !== 'false') throw new Error(`the rebuild published a new version:\n${r.stdout}`)
    return r
  }
  return { rebuild, close: () => emu.close() }
}
