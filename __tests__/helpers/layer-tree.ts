// Builds small layer trees in fresh temporary folders for the plan and archive tests.
import { spawnSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** A file's content (and mode), a symlink's target, or an empty folder. */
export type Node = string | { content: string; mode: number } | { link: string } | { dir: true }
export type TreeSpec = Record<string, Node>

const created: string[] = []

export async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `pll-${label}-`))
  created.push(dir)
  return dir
}

/** For afterAll: removes every folder tempDir made in this test file. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
}

/** Creates the nodes in the order given (tests reverse it to vary readdir order). */
export async function makeTree(spec: TreeSpec, root?: string): Promise<string> {
  const dir = root ?? (await tempDir('tree'))
  for (const [rel, node] of Object.entries(spec)) {
    const abs = path.join(dir, rel)
    await mkdir(path.dirname(abs), { recursive: true })
    if (typeof node === 'string') {
      await writeFile(abs, node)
      await chmod(abs, 0o644)
    } else if ('link' in node) await symlink(node.link, abs)
    else if ('dir' in node) await mkdir(abs, { recursive: true })
    else {
      await writeFile(abs, node.content)
      await chmod(abs, node.mode)
    }
  }
  return dir
}

export function run(cmd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(cmd, args, { encoding: 'utf8' })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** Runs a Python snippet with argv[1..] = args (for zips our writer would never make). */
export function python(script: string, args: string[]): void {
  const result = run('python3', ['-c', script, ...args])
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`)
}
