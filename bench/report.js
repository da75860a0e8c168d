// @ts-check
// Turns the benchmark's measurements into bench/results.md: the machine, the trees, one table
// per target, and whether each target is met.
import { execFileSync } from 'node:child_process'
import { cpus, totalmem, availableParallelism, release } from 'node:os'

/** What the numbers were measured on. */
export function machine() {
  const zipVersion =
    execFileSync('zip', ['-v'], { encoding: 'utf8' })
      .split('\n')
      .find((l) => /This is Zip/.test(l)) ?? 'unknown'
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: (totalmem() / 1024 ** 3).toFixed(1),
    zip: zipVersion
      .trim()
      .replace(/^This is /, '')
      .replace(/\s+by.*$/, '')
      .replace(/,$/, ''),
    kernel: release()
  }
}

/**
 * @typedef {object} TreeResult
 * @property {import('./trees.js').Tree} tree
 * @property {number} runs
 * @property {number} actionMs median
 * @property {number} zipMs median
 * @property {number} actionSize
 * @property {number} zipSize
 * @property {number} actionRssMB highest of the runs
 * @property {number} zipRssMB
 * @property {boolean} reproducible every run gave the same CodeSha256
 * @property {number | undefined} target the time ratio to meet, if any
 * @property {[number, number]} load 1-minute load average before and after this tree's runs
 *
 * @typedef {object} Results
 * @property {number} seed
 * @property {string} bundle the ncc output measured, relative to the repository
 * @property {string} node version of the Node that ran the action
 * @property {[number, number]} load 1-minute load average before and after (other work on the machine skews times)
 * @property {TreeResult[]} timed
 * @property {{ tree: import('./trees.js').Tree, runs: number, rssMB: number, ms: number, reproducible: boolean, load: [number, number] }} limit
 * @property {TreeResult[]} many 10,000 then 100,000 tiny files
 * @property {TreeResult} unchanged the small tree rebuilt with skip-unchanged, its content already published
 * @property {{ ms: number, samples: number[] }} firstCall
 * @property {Awaited<ReturnType<typeof import('./network.js').fanOut>>} fanOut
 */

const s = (/** @type {number} */ ms) => (ms / 1000).toFixed(2)
const mb = (/** @type {number} */ bytes) => (bytes / 1e6).toFixed(1)
const yes = (/** @type {boolean} */ ok) => (ok ? '**met**' : '**not met**')
const loadText = (/** @type {[number, number]} */ load) => load.map((l) => l.toFixed(1)).join(' to ')

/** The time ratio of `r`, against its target when it has one. @param {TreeResult} r */
function ratioCell(r) {
  const ratio = r.actionMs / r.zipMs
  return r.target === undefined ? `${ratio.toFixed(2)} (no target)` : `${ratio.toFixed(2)} (<= ${r.target}) ${yes(ratio <= r.target)}`
}

/** @param {TreeResult} r */
function sizeOk(r) {
  return r.actionSize <= r.zipSize * 1.02
}

/** @param {Results} results */
function timeTable(results) {
  const rows = results.timed.map((r) => {
    return `| ${r.tree.label} | ${r.tree.files.toLocaleString('en-US')} files, ${mb(r.tree.bytes)} MB | ${r.runs} | ${s(r.actionMs)} s | ${s(r.zipMs)} s | ${ratioCell(r)} | ${mb(r.actionSize)} / ${mb(r.zipSize)} MB = ${(r.actionSize / r.zipSize).toFixed(3)} ${yes(sizeOk(r))} | ${r.actionRssMB.toFixed(0)} / ${r.zipRssMB.toFixed(0)} MB | ${loadText(r.load)} |`
  })
  return [
    '| tree | content | runs | action dry-run (median) | `zip -r -X -q` (median) | time ratio | zip size: action / Info-ZIP | peak RSS: action / zip | load (1 min) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows
  ]
}

/** Many tiny files: time against Info-ZIP, peak RSS, and how it grows with the count. @param {Results} results */
function manyLines(results) {
  const [few, many] = results.many
  const growth = many.actionRssMB - few.actionRssMB
  const rows = results.many.map((r) => {
    const rssTarget = r === many ? ` (<= 200) ${yes(r.actionRssMB <= 200)}` : ''
    return `| ${r.tree.label} | ${r.tree.files.toLocaleString('en-US')} files, ${mb(r.tree.bytes)} MB | ${r.runs} | ${s(r.actionMs)} s | ${s(r.zipMs)} s | ${ratioCell(r)} | ${r.actionRssMB.toFixed(0)} MB${rssTarget} / ${r.zipRssMB.toFixed(0)} MB | ${loadText(r.load)} |`
  })
  return [
    '| tree | content | runs | action dry-run (median) | `zip -r -X -q` (median) | time ratio | peak RSS: action / zip | load (1 min) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Peak RSS grows by ${growth.toFixed(0)} MB from ${few.tree.files.toLocaleString('en-US')} to ${many.tree.files.toLocaleString('en-US')} files (target: under 40 MB, ${yes(growth < 40)}).`
  ]
}

/** The unchanged rebuild against Info-ZIP. @param {Results} results */
function unchangedLines(results) {
  const r = results.unchanged
  return [
    '| tree | content | runs | action with skip-unchanged, same content published (median) | `zip -r -X -q` (median) | time ratio | peak RSS: action / zip | load (1 min) |',
    '|---|---|---|---|---|---|---|---|',
    `| ${r.tree.label} | ${r.tree.files.toLocaleString('en-US')} files, ${mb(r.tree.bytes)} MB | ${r.runs} | ${s(r.actionMs)} s | ${s(r.zipMs)} s | ${ratioCell(r)} | ${r.actionRssMB.toFixed(0)} / ${r.zipRssMB.toFixed(0)} MB | ${loadText(r.load)} |`
  ]
}

/** @param {Results} results */
function networkLines(results) {
  const f = results.fanOut
  const sequential = f.delayMs * f.regions * (1 + f.principals)
  const fanOk = f.network.ms < 3 * f.delayMs
  return [
    `| action start to first network call (median of ${results.firstCall.samples.length}: ${results.firstCall.samples.map((v) => v.toFixed(0)).join(', ')} ms) | ${results.firstCall.ms.toFixed(0)} ms | <= 300 ms | ${yes(results.firstCall.ms <= 300)} |`,
    `| ${f.regions} regions x ${f.principals} principals, every PublishLayerVersion and AddLayerVersionPermission delayed ${f.delayMs} ms: all ${f.publishes.count} publishes | ${f.publishes.ms.toFixed(0)} ms | about ${f.delayMs} ms (in sequence: ${f.delayMs * f.regions} ms) | ${yes(f.publishes.ms < 2 * f.delayMs)} |`,
    `| same run: all ${f.grants.count} grants | ${f.grants.ms.toFixed(0)} ms | about ${f.delayMs} ms (in sequence: ${f.delayMs * f.regions * f.principals} ms) | ${yes(f.grants.ms < 2 * f.delayMs)} |`,
    `| same run: first request to last answer (whole action ${s(f.wholeMs)} s) | ${f.network.ms.toFixed(0)} ms | under 3 x ${f.delayMs} ms (in sequence: ${sequential} ms) | ${yes(fanOk)} |`
  ]
}

/**
 * @param {Results} results
 * @param {ReturnType<typeof machine>} m
 */
export function resultsMarkdown(results, m) {
  const limit = results.limit
  const reproducible = results.timed.every((r) => r.reproducible) && limit.reproducible
  return [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.js). Trees are generated from a seed, so every run packages the same bytes;',
    'the action (`node dist/index.js`, dry-run, as a runner starts it) and Info-ZIP alternate, and medians are compared.',
    '',
    `Machine: ${m.nproc} CPUs (${m.cpu}), ${m.memoryGiB} GiB memory, Linux ${m.kernel}, ${m.zip}.`,
    `Bundle measured: \`${results.bundle}/index.js\` on Node ${results.node}. Seed ${results.seed}. Load average (1 min) before and after: ${results.load.map((l) => l.toFixed(2)).join(' and ')}.`,
    'Each table gives the load average (1 min) before and after its runs: on a machine shared with other work, a load above the CPU count slows the two sides unevenly, so compare ratios measured at similar loads.',
    '',
    '## Packaging: whole action in dry-run against `zip -r -X -q` (level 6)',
    '',
    ...timeTable(results),
    '',
    'Zip size target: at most 2% larger than Info-ZIP at level 6 (both use deflate level 6; a smaller zip is better compression).',
    '',
    '## Memory at the unzipped limit',
    '',
    '| tree | content | runs | peak RSS of the action (highest) | target | | load (1 min) |',
    '|---|---|---|---|---|---|---|',
    `| ${limit.tree.label} | ${limit.tree.files.toLocaleString('en-US')} files, ${limit.tree.bytes.toLocaleString('en-US')} bytes | ${limit.runs} | ${limit.rssMB.toFixed(0)} MB (median time ${s(limit.ms)} s) | <= 200 MB | ${yes(limit.rssMB <= 200)} | ${loadText(limit.load)} |`,
    '',
    '## Many tiny files: 20-400 bytes each, whole action in dry-run',
    '',
    ...manyLines(results),
    '',
    '## Unchanged rebuild: skip-unchanged against the in-repo emulator, the content already published',
    '',
    "The whole action: plan, CRC-32 of every file, the newest version's central directory read with Range requests, the comparison; no zip is built.",
    '',
    ...unchangedLines(results),
    '',
    '## Reproducibility',
    '',
    `Every run of the action on the same tree gave the same CodeSha256: ${reproducible ? '**yes**' : '**no**'} (target: byte-reproducible, ${yes(reproducible)}).`,
    'Identical bytes whatever the concurrency is proved by the tests (__tests__/zip-writer.test.ts).',
    '',
    '## Network: cold start and fan-out (bundled action against the in-repo emulator)',
    '',
    '| measure | result | target | |',
    '|---|---|---|---|',
    ...networkLines(results),
    ''
  ].join('\n')
}
