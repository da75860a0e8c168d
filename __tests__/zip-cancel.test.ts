// Stopping the deflate workers safely: builds aborted mid-way, and builds failing on a file that
// went missing, many times over, with real worker threads in a child process. A worker
// terminated inside a zlib call can abort the whole process (Node's "close before init"
// assertion); the pool now stops busy workers between jobs, so the child must always exit 0.
import { afterAll, describe, expect, it, jest } from '@jest/globals'
import { stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { WorkerDeflater } from '../src/archive/zip/pool.js'
import { compileSources, runModule } from './helpers/compiled-src.js'
import { makeTree, removeTempDirs, tempDir, type TreeSpec } from './helpers/layer-tree.js'
import { TEST_WORKER_URL as workerUrl } from './helpers/worker.js'

afterAll(removeTempDirs)

/** Compressible text of `bytes` length, different per `seed`. */
function text(bytes: number, seed: number): string {
  let out = ''
  for (let i = 0; out.length < bytes; i++) out += `row ${seed} ${i} ${(i * 7919 + seed) % 1009}\n`
  return out.slice(0, bytes)
}

const SPEC: TreeSpec = {}
for (let i = 0; i < 300; i++) SPEC[`python/pkg/m${i}.py`] = text(30_000, i)
for (let i = 0; i < 2; i++) SPEC[`python/big${i}.txt`] = text(3_000_000, 1000 + i)

const CHILD = `
  import { existsSync } from 'node:fs'
  import { rm } from 'node:fs/promises'
  import { setImmediate as turn } from 'node:timers/promises'
  import { planArchive } from './src/plan/plan.js'
  import { writeArchive } from './src/archive/write.js'
  const [root, outDir, rounds] = process.argv.slice(2)
  const workerUrl = new URL('./src/archive/zip/deflate-worker.js', import.meta.url)
  const plan = await planArchive({ workingDirectory: root, paths: ['.'], prefix: '', exclude: [], compatibleRuntimes: [] })
  const counts = { cancelled: 0, finished: 0, failed: 0, leftovers: 0 }
  for (let i = 0; i < Number(rounds); i++) {
    const out = outDir + '/cancel-' + i + '.zip'
    const controller = new AbortController()
    const build = writeArchive(plan, out, { concurrency: 2, workerUrl, signal: controller.signal })
    // Abort at another point each round: after 0 to 40 turns of the event loop.
    for (let t = 0; t < (i * 7) % 41; t++) await turn()
    controller.abort()
    try {
      await build
      counts.finished++
      await rm(out)
    } catch (err) {
      if (err.name !== 'CancelledError') throw err
      counts.cancelled++
      if (existsSync(out)) counts.leftovers++
    }
  }
  // The clean error the issue saw turn into a crash: a file gone while batches are in flight.
  await rm(root + '/python/pkg/m150.py')
  for (let i = 0; i < 10; i++) {
    const out = outDir + '/missing-' + i + '.zip'
    await writeArchive(plan, out, { concurrency: 2, workerUrl }).then(
      () => { throw new Error('a build with a missing file succeeded') },
      (err) => { if (!/it does not exist/.test(err.message)) throw err; counts.failed++; if (existsSync(out)) counts.leftovers++ }
    )
  }
  console.log(JSON.stringify(counts))`

describe('aborting zip builds mid-way, again and again', () => {
  it('never crashes the process, always removes the partial zip, and every worker ends', async () => {
    const compiled = await compileSources()
    const root = await makeTree(SPEC)
    const outDir = await tempDir('cancelled-zips')
    const rounds = 40
    const counts = JSON.parse(runModule(compiled, CHILD, [root, outDir, String(rounds)], {})) as Record<string, number>
    expect(counts.cancelled + counts.finished).toBe(rounds)
    expect(counts.cancelled).toBeGreaterThan(0)
    expect(counts.failed).toBe(10)
    expect(counts.leftovers).toBe(0)
  }, 120_000)
})

describe('WorkerDeflater.close', () => {
  it('terminates no worker that has a batch in hand: those are told to stop between jobs', async () => {
    const file = path.join(await tempDir('jobs'), 'data.txt')
    await writeFile(file, text(4_000_000, 7))
    const { size, ino, dev } = await stat(file)
    const terminate = jest.spyOn(Worker.prototype, 'terminate')
    const terminated = () => terminate.mock.calls.length
    try {
      const pool = new WorkerDeflater(2, workerUrl)
      const jobs = Array.from({ length: 8 }, () =>
        pool.run({ kind: 'whole', path: file, length: size, planned: { size, ino, dev } }).catch((e: Error) => e)
      )
      // Batches go out once the submitting turn ends; then both workers are busy.
      await new Promise((resolve) => setImmediate(resolve))
      await pool.close()
      expect(terminated()).toBe(0)
      expect((await Promise.all(jobs)).every((r) => r instanceof Error && r.message === 'deflater closed')).toBe(true)
      const idle = new WorkerDeflater(2, workerUrl)
      await idle.close()
      expect(terminated()).toBe(2)
    } finally {
      terminate.mockRestore()
    }
  })
})
