// .github/workflows/self-test.yml, step by step on this machine as the runner would run it:
// `run:` steps in bash with GITHUB_OUTPUT, RUNNER_TEMP and the job's and step's env; `uses: ./`
// steps through dist/index.js with every action.yml default as an INPUT_ variable, as the
// runner passes them. So the workflow is known to work before it reaches GitHub.
import { afterAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { symlink } from 'node:fs/promises'
import path from 'node:path'
import { parse } from 'yaml'
import { parseOutputFile, runAction } from '../../scripts/run-action.js'
import { removeTempDirs, tempDir } from '../helpers/layer-tree.js'

interface Step {
  id?: string
  name?: string
  if?: string
  uses?: string
  run?: string
  env?: Record<string, string>
  with?: Record<string, string | boolean | number>
  'continue-on-error'?: boolean
}
interface Workflow {
  defaults?: { run?: { shell?: string } }
  jobs: Record<string, { env?: Record<string, string>; steps: Step[] }>
}
interface StepResult {
  outcome: 'success' | 'failure' | 'skipped'
  outputs: Record<string, string>
  log: string
}

const repo = path.resolve('.')
const workflow = parse(readFileSync('.github/workflows/self-test.yml', 'utf8')) as Workflow
const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: string }> }
/** Steps the machine already stands for: a checkout of this repository, running on Node 24. */
const SETUP_ACTIONS = /^actions\/(checkout|setup-node)@[0-9a-f]{40}$/

/** Fills `${{ ... }}` from earlier steps' outputs and outcomes; any other expression fails the test. */
function expand(value: string, steps: Map<string, StepResult>): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    if (expr === 'github.token') return 'ghs_selftest'
    const m = /^steps\.([\w-]+)\.(outputs\.([\w-]+)|outcome)$/.exec(expr)
    const step = m ? steps.get(m[1]) : undefined
    if (!m || !step) throw new Error(`self-test.yml: expression the test cannot evaluate: ${expr}`)
    return m[3] ? (step.outputs[m[3]] ?? '') : step.outcome
  })
}

function expandAll(values: Record<string, string | boolean | number> | undefined, steps: Map<string, StepResult>) {
  return Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, expand(String(v), steps)]))
}

/**
 * The runner's environment for a step: this machine's without our own GitHub/AWS variables,
 * and this Node first on PATH, as setup-node leaves it.
 */
function runnerEnv(dirs: { workspace: string; runnerTemp: string }): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(AWS_|INPUT_|ACTIONS_|GITHUB_|RUNNER_|NODE_OPTIONS$)/.test(k)) env[k] = v
  }
  const PATH = `${path.dirname(process.execPath)}${path.delimiter}${env.PATH ?? ''}`
  return { ...env, PATH, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dirs.workspace, RUNNER_TEMP: dirs.runnerTemp }
}

/** A `run:` step as `shell: bash` runs it: bash --noprofile --norc -eo pipefail. */
async function runBash(script: string, env: Record<string, string>, dir: string): Promise<StepResult> {
  const outputFile = path.join(dir, 'output')
  writeFileSync(outputFile, '')
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd: env.GITHUB_WORKSPACE,
    env: { ...env, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: path.join(dir, 'summary') },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let log = ''
  child.stdout.setEncoding('utf8').on('data', (t: string) => (log += t))
  child.stderr.setEncoding('utf8').on('data', (t: string) => (log += t))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return { outcome: code === 0 ? 'success' : 'failure', outputs: parseOutputFile(readFileSync(outputFile, 'utf8')), log }
}

async function runJob(name: string): Promise<Map<string, StepResult>> {
  const job = workflow.jobs[name]
  const workspace = await tempDir('selftest-ws')
  const runnerTemp = await tempDir('selftest-temp')
  // The emulator is all the job runs from the checkout besides the action itself.
  await symlink(path.join(repo, 'emulator'), path.join(workspace, 'emulator'))
  const results = new Map<string, StepResult>()
  let failed = false
  for (const [i, step] of job.steps.entries()) {
    const key = step.id ?? `#${i}`
    if (step.uses && SETUP_ACTIONS.test(step.uses)) continue
    if (step.if !== undefined && step.if !== 'always()') throw new Error(`${key}: the test cannot evaluate if: ${step.if}`)
    if (failed && step.if !== 'always()') {
      results.set(key, { outcome: 'skipped', outputs: {}, log: '' })
      continue
    }
    const env = { ...runnerEnv({ workspace, runnerTemp }), ...expandAll(job.env, results), ...expandAll(step.env, results) }
    const dir = await tempDir('selftest-step')
    let result: StepResult
    if (step.run !== undefined) {
      expect(workflow.defaults?.run?.shell).toBe('bash')
      result = await runBash(step.run, env, dir)
    } else if (step.uses === './') {
      const defaults = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, expand(v.default ?? '', results)]))
      const inputs = { ...defaults, ...expandAll(step.with, results) }
      const run = await runAction({ inputs, env, workspace, runnerDir: dir })
      result = { outcome: run.code === 0 ? 'success' : 'failure', outputs: run.outputs, log: run.log }
    } else throw new Error(`${key}: the test cannot run uses: ${step.uses}`)
    results.set(key, result)
    if (result.outcome === 'failure' && !step['continue-on-error']) failed = true
  }
  return results
}

let emulatorPid: number | undefined
afterAll(async () => {
  // The workflow stops its emulator in an always() step; this is for a test that broke first.
  if (emulatorPid) {
    try {
      process.kill(emulatorPid)
    } catch {
      // already gone
    }
  }
  await removeTempDirs()
})

describe('.github/workflows/self-test.yml', () => {
  it('has one job whose every step succeeds (the refused step fails, as it should, and continues)', async () => {
    const [name] = Object.keys(workflow.jobs)
    const results = await runJob(name)
    emulatorPid = Number(results.get('emulator')?.outputs.pid) || undefined

    const failures = [...results].filter(([, r]) => r.outcome !== 'success').map(([key, r]) => `${key}: ${r.outcome}\n${r.log}`)
    expect(failures).toEqual([`refused: failure\n${results.get('refused')?.log}`])
    expect(results.get('refused')?.log).toContain('compatible-architectures')
    expect(results.get('publish')?.outputs['layer-version']).toBe('1')
    expect(results.size).toBe(workflow.jobs[name].steps.length - 2)
  })
})
