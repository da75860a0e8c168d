// @ts-check
// `npm run bench`: packaging speed against Info-ZIP, peak memory at the unzipped limit, many tiny
// files (time, memory and its growth with the count), the unchanged rebuild with skip-unchanged,
// cold start and fan-out, written to bench/results.md. Options: --runs N (default 7), --seed N,
// --quick (3 runs, for trying changes), --dist DIR (another ncc output than dist/, e.g. from
// `node scripts/bundle.js /tmp/try`), --out FILE (instead of bench/results.md), --node FILE
// (the Node binary that runs the action, e.g. the node24 that .ci/run installs under .tmp/).
// Build dist/ first (npm run bundle): the bundle is measured.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { loadavg } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { REPO, bundleEntry, ensureTool, median, nodeBinary, runActionDry, runInfoZip, useBundle, useNode } from './measure.js'
import { fanOut, firstNetworkCall } from './network.js'
import { machine, resultsMarkdown } from './report.js'
import { TREES, ensureTree } from './trees.js'
import { publishedTree } from './unchanged.js'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    seed: { type: 'string', default: '20240601' },
    quick: { type: 'boolean', default: false },
    dist: { type: 'string' },
    out: { type: 'string' },
    node: { type: 'string' }
  }
})
if (values.dist) useBundle(values.dist)
if (values.node) useNode(values.node)
const runs = values.quick ? 3 : Number(values.runs)
const seed = Number(values.seed)
const base = path.join(REPO, 'bench', '.trees')

/** @typedef {{ ms: number, rssMB: number, size?: number, sha256?: string }} ActionRun */

/**
 * Alternates the action and Info-ZIP on one tree (who goes first alternates too), after one
 * unmeasured warm-up of each so both read from the page cache.
 * @param {import('./trees.js').Tree} tree
 * @param {number | undefined} target the time ratio to meet, if any
 * @param {{ action?: () => Promise<ActionRun>, runs?: number }} [how] the action's run (default: a dry run of the tree)
 * @returns {Promise<import('./report.js').TreeResult>}
 */
async function compare(tree, target, how = {}) {
  const runAction = how.action ?? (() => runActionDry(tree.dir))
  const count = how.runs ?? runs
  const loadBefore = loadavg()[0]
  await runAction()
  await runInfoZip(tree.dir)
  /** @type {ActionRun[]} */
  const action = []
  /** @type {Awaited<ReturnType<typeof runInfoZip>>[]} */
  const zip = []
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) action.push(await runAction())
    zip.push(await runInfoZip(tree.dir))
    if (i % 2 === 1) action.push(await runAction())
    const a = action[action.length - 1]
    const z = zip[zip.length - 1]
    console.log(`  ${tree.name} run ${i + 1}: action ${a.ms.toFixed(0)} ms, zip ${z.ms.toFixed(0)} ms, ratio ${(a.ms / z.ms).toFixed(2)}`)
  }
  return {
    tree,
    runs: count,
    actionMs: median(action.map((r) => r.ms)),
    zipMs: median(zip.map((r) => r.ms)),
    actionSize: action[0].size ?? 0,
    zipSize: zip[0].size,
    actionRssMB: Math.max(...action.map((r) => r.rssMB)),
    zipRssMB: Math.max(...zip.map((r) => r.rssMB)),
    reproducible: action.every((r) => r.sha256 === action[0].sha256),
    target,
    load: [loadBefore, loadavg()[0]]
  }
}

/**
 * The scheduled rebuild that finds nothing new: the action with skip-unchanged against the
 * emulator, the same content published first, against Info-ZIP zipping the tree.
 * @param {import('./trees.js').Tree} tree
 * @param {number} target
 */
async function unchangedRebuild(tree, target) {
  const published = await publishedTree(tree.dir)
  try {
    return await compare(tree, target, { action: published.rebuild })
  } finally {
    await published.close()
  }
}

/** Peak RSS of the action on the tree at the unzipped limit. @param {import('./trees.js').Tree} tree */
async function atLimit(tree) {
  const loadBefore = loadavg()[0]
  /** @type {Awaited<ReturnType<typeof runActionDry>>[]} */
  const samples = []
  for (let i = 0; i < Math.min(runs, 3); i++) samples.push(await runActionDry(tree.dir))
  console.log(`  limit: peak RSS ${samples.map((r) => r.rssMB.toFixed(0)).join(', ')} MB`)
  return {
    tree,
    runs: samples.length,
    rssMB: Math.max(...samples.map((r) => r.rssMB)),
    ms: median(samples.map((r) => r.ms)),
    reproducible: samples.every((r) => r.sha256 === samples[0].sha256),
    /** @type {[number, number]} */
    load: [loadBefore, loadavg()[0]]
  }
}

async function main() {
  if (!existsSync(bundleEntry())) throw new Error(`${bundleEntry()} is missing: run npm run bundle first`)
  ensureTool('/usr/bin/zip', 'zip')
  ensureTool('/usr/bin/time', 'time')
  const loadBefore = loadavg()[0]
  console.log(`trees (seed ${seed}) under ${base}`)
  const small = await ensureTree(base, TREES.small, seed)
  const mixed = await ensureTree(base, TREES.mixed, seed)
  const limitTree = await ensureTree(base, TREES.limit, seed)
  const tiny10k = await ensureTree(base, TREES.tiny10k, seed)
  const tiny100k = await ensureTree(base, TREES.tiny100k, seed)
  console.log(`packaging, ${runs} runs each`)
  const timed = [await compare(small, 0.7), await compare(mixed, 0.6)]
  const limit = await atLimit(limitTree)
  console.log('many tiny files')
  // Issue 13 sets a time target for 100,000 files only; 10,000 is the base of the memory growth.
  const many = [await compare(tiny10k, undefined), await compare(tiny100k, 1.0, { runs: Math.min(runs, 5) })]
  console.log('unchanged rebuild (skip-unchanged, against the emulator)')
  const unchanged = await unchangedRebuild(small, 0.3)
  console.log('network')
  const firstCall = await firstNetworkCall(Math.max(runs, 5))
  const fan = await fanOut({ principals: 10, regions: ['eu-west-1', 'us-east-1', 'ap-southeast-2'], delayMs: 500 })
  const loadAfter = loadavg()[0]
  const bundle = path.relative(REPO, path.dirname(bundleEntry())) || '.'
  const node = execFileSync(nodeBinary(), ['--version'], { encoding: 'utf8' }).trim()
  const markdown = resultsMarkdown(
    { seed, bundle, node, load: [loadBefore, loadAfter], timed, limit, many, unchanged, firstCall, fanOut: fan },
    machine()
  )
  await writeFile(values.out ?? path.join(REPO, 'bench', 'results.md'), markdown)
  console.log(`\n${markdown}`)
}

await main()
