// Shared set-up for the end-to-end tests: an emulator, a workspace, and dist/index.js run as a
// runner runs it (on the node binary E2E_NODE names when set, else on this process's: Node 24):
// to its end (run), or started and left running (start) so a test can run two at once against
// one emulator state, or cancel one the way the runner does.
import { afterAll, beforeAll, beforeEach } from '@jest/globals'
import { DeleteLayerVersionCommand, LambdaClient, PublishLayerVersionCommand } from '@aws-sdk/client-lambda'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { buildZip } from '../../emulator/zip.js'
import { runAction, startAction, type RunningAction, type RunResult } from '../../scripts/run-action.js'
import { renderRunnerLog } from '../../scripts/runner-log.js'
import { removeTempDirs, tempDir } from '../helpers/layer-tree.js'

export type { Emulator, RunResult, RunningAction }

export const ROLE = 'arn:aws:iam::123456789012:role/layer-publisher'

/** A workspace with a python layer folder, as `pip install -t layer/python` leaves it (removed by useEmulator). */
export async function pythonWorkspace(): Promise<string> {
  const ws = await tempDir('e2e')
  await mkdir(path.join(ws, 'layer/python/mydeps'), { recursive: true })
  await writeFile(path.join(ws, 'layer/python/mydeps/__init__.py'), 'VALUE = 42\n')
  await writeFile(path.join(ws, 'layer/python/mydeps/util.py'), 'def f():\n    return 1\n')
  return ws
}

/** A workspace whose layer is `mib` MiB that does not compress (removed by useEmulator): 12 MiB
 * goes to S3 as a multipart upload of three 5 MiB parts. */
export async function incompressibleWorkspace(mib: number): Promise<string> {
  const ws = await tempDir('upload')
  await mkdir(path.join(ws, 'layer/python'), { recursive: true })
  await writeFile(path.join(ws, 'layer/python/blob.bin'), randomBytes(mib * 1024 * 1024))
  return ws
}

/** A GITHUB_EVENT_PATH file holding `payload` (removed by useEmulator). */
export async function eventFile(payload: object): Promise<string> {
  const file = path.join(await tempDir('event'), 'event.json')
  await writeFile(file, JSON.stringify(payload))
  return file
}

/** The README's example inputs, pointed at the emulator. */
export function readmeInputs(emu: Emulator): Record<string, string> {
  return {
    'layer-name': 'my-deps',
    'working-directory': 'layer',
    paths: 'python',
    'compatible-runtimes': 'python3.12, python3.13',
    'compatible-architectures': 'x86_64',
    principals: '111122223333\no-a1b2c3d4e5\n',
    'role-to-assume': ROLE,
    'aws-region': 'eu-west-1',
    'endpoint-url': emu.url
  }
}

/** What the runner provides to a job with `permissions: id-token: write`. */
export function oidcEnv(emu: Emulator): Record<string, string> {
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: `${emu.url}/oidc/token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: emu.oidc.requestToken
  }
}

export interface RunOptions {
  workspace: string
  env?: Record<string, string | undefined>
  /** The runner folder (RUNNER_TEMP is its runner-temp/), when the test prepares it; default a fresh one. */
  runnerDir?: string
}

/** One run of dist/index.js; its runner folder (RUNNER_TEMP, outputs) stays until useEmulator's afterAll. */
export async function run(inputs: Record<string, string>, options: RunOptions): Promise<RunResult> {
  const runnerDir = options.runnerDir ?? (await tempDir('runner'))
  return runAction({ inputs, runnerDir, workspace: options.workspace, env: options.env, node: process.env.E2E_NODE || undefined })
}

/**
 * Start dist/index.js and return while it runs: `result` settles when it exits, `signal(sig)`
 * sends one signal, `cancel()` sends SIGINT, then SIGTERM after 7.5 s, then SIGKILL after 2.5 s,
 * as the runner does when a run is cancelled. Start two to run them against one emulator; give
 * each its own `role-session-name` so faults (`roleSessionName`) and the request log tell them
 * apart. The runner folder stays until useEmulator's afterAll, as with run().
 */
export async function start(inputs: Record<string, string>, options: RunOptions & { script?: string }): Promise<RunningAction> {
  const runnerDir = options.runnerDir ?? (await tempDir('runner'))
  return startAction({
    inputs,
    runnerDir,
    workspace: options.workspace,
    env: options.env,
    script: options.script,
    node: process.env.E2E_NODE || undefined
  })
}

export { startEmulator }

/**
 * Publishes `count` versions of `layerName` in `region` as another tool would have an hour ago
 * (other content, another access key; keep-versions spares versions made less than 15 minutes
 * before the run's own), then deletes the newest `deleted` of them: Lambda's counter keeps their
 * numbers. `file` is the one entry of the zip published.
 */
export async function publishAsAnotherTool(
  emu: Emulator,
  region: string,
  count: number,
  { deleted = 0, layerName = 'my-deps', file = { name: 'python/old.py', data: 'x = 1\n' } } = {}
): Promise<void> {
  const other = new LambdaClient({ endpoint: emu.url, region, credentials: { accessKeyId: 'AKIAEXAMPLESEEDER01', secretAccessKey: 's' } })
  const zip = buildZip([{ ...file, deflate: true }])
  for (let i = 0; i < count; i++) await other.send(new PublishLayerVersionCommand({ LayerName: layerName, Content: { ZipFile: zip } }))
  for (let n = count; n > count - deleted; n--) await other.send(new DeleteLayerVersionCommand({ LayerName: layerName, VersionNumber: n }))
  other.destroy()
  emu.ageLayerVersions(region, layerName, 60 * 60_000)
}

/** Waits until `check` holds, polling the emulator state (no timing is asserted). */
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20))
}

/** The step's `::error::` line ('' when there is none), from a run or from its stdout. */
export function errorLine(from: RunResult | string): string {
  const stdout = typeof from === 'string' ? from : from.stdout
  return stdout.split('\n').find((l) => l.startsWith('::error::')) ?? ''
}

/** Lines of the step log, as the runner would show them. */
export function logLines(result: RunResult): string[] {
  return `${result.stdout}\n${result.stderr}`.split('\n')
}

/** A group of the log as the runner shows it: its heading and its (unindented) lines. */
export interface Group {
  title: string
  lines: string[]
}

/** The groups of a log rendered by scripts/runner-log.js, in order. */
export function groupsOf(rendered: string[]): Group[] {
  const groups: Group[] = []
  for (const line of rendered) {
    if (line.startsWith('▾ ')) groups.push({ title: line.slice(2), lines: [] })
    else if (line.startsWith('  ')) groups[groups.length - 1].lines.push(line.slice(2))
  }
  return groups
}

/** The lines of the run's group `title` as the runner shows it (debug lines too with `debug`). */
export function groupLines(result: RunResult, title: string, debug = false): string[] {
  return groupsOf(renderRunnerLog(result.log, { debug }).lines).find((g) => g.title === title)?.lines ?? []
}

/** Every secret must first appear in an ::add-mask:: command, and nowhere else (repeat masks are fine). */
export function unmaskedUses(result: RunResult, secrets: string[]): string[] {
  const problems: string[] = []
  const lines = logLines(result)
  for (const secret of secrets) {
    const first = lines.findIndex((l) => l.includes(secret))
    if (first === -1 || lines[first] !== `::add-mask::${secret}`) problems.push(`${secret.slice(0, 6)}… not masked first`)
    const others = lines.filter((l) => l.includes(secret) && l !== `::add-mask::${secret}`)
    if (others.length > 0) problems.push(`${secret.slice(0, 6)}… appears again: ${others[0].slice(0, 60)}`)
  }
  return problems
}

export function fileBase64Sha256(file: string): Promise<string> {
  return import('node:crypto').then(({ createHash }) => createHash('sha256').update(readFileSync(file)).digest('base64'))
}

export interface E2E {
  emu: Emulator
  workspace: string
}

/**
 * One emulator and one python workspace per test file, the emulator reset before each test;
 * afterAll closes the emulator and removes every folder tempDir made in the file.
 */
export function useEmulator(prepare?: (e2e: E2E) => Promise<void>): E2E {
  const e2e = {} as E2E
  beforeAll(async () => {
    e2e.emu = await startEmulator()
    e2e.workspace = await pythonWorkspace()
    await prepare?.(e2e)
  })
  afterAll(async () => {
    await e2e.emu.close()
    await removeTempDirs()
  })
  beforeEach(() => e2e.emu.reset())
  return e2e
}
