// @ts-check
// The one definition of how dist/ is built: two ncc bundles, the action (dist/index.js) and the
// deflate worker its threads run (dist/deflate-worker/index.js, found by src/archive/zip/pool.ts).
//   node scripts/bundle.js [out]   (default dist; .ci/run builds into a temporary folder and compares)
// Jest's global setup builds the worker entry alone, for tests that run src/.
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('..', import.meta.url))

/** Entry files and the folder under the output each one goes to. */
export const ENTRIES = {
  action: { source: 'src/index.ts', dir: '.' },
  worker: { source: 'src/archive/zip/deflate-worker.ts', dir: 'deflate-worker' }
}

/**
 * Bundles one entry into `out`/`dir` with ncc. The action goes first: ncc deletes the .js files
 * under its output folder, which holds the worker's.
 * @param {keyof typeof ENTRIES} name
 * @param {string} out
 */
export function bundleEntry(name, out) {
  const { source, dir } = ENTRIES[name]
  const ncc = path.join(repo, 'node_modules/@vercel/ncc/dist/ncc/cli.js')
  const args = [ncc, 'build', source, '-o', path.resolve(out, dir), '--license', 'licenses.txt', '--quiet']
  const result = spawnSync(process.execPath, args, { cwd: repo, stdio: 'inherit' })
  if (result.status !== 0) throw new Error(`ncc build ${source} failed (exit code ${result.status})`)
}

/** @param {string} out */
export function bundle(out) {
  rmSync(out, { recursive: true, force: true })
  bundleEntry('action', out)
  bundleEntry('worker', out)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) bundle(process.argv[2] ?? 'dist')
