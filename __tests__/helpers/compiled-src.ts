// Runs src/ in a child node process, for behaviour that depends on process-wide state jest
// cannot change in its workers (the TZ environment variable). Each src file is transpiled on
// its own; the child resolves packages through a node_modules symlink. The deflate worker entry
// is transpiled too, so the child can start real worker threads from
// src/archive/zip/deflate-worker.js (pass it as ArchiveOptions.workerUrl).
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { tempDir } from './layer-tree.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))

export async function compileSources(): Promise<string> {
  const dir = await tempDir('compiled')
  await mkdir(path.join(dir, 'src'))
  await writeFile(path.join(dir, 'package.json'), '{"type":"module"}')
  await symlink(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'))
  for (const file of await readdir(path.join(repo, 'src'), { recursive: true })) {
    const from = path.join(repo, 'src', file)
    const to = path.join(dir, 'src', file)
    if (!file.endsWith('.ts')) continue
    await mkdir(path.dirname(to), { recursive: true })
    const source = await readFile(from, 'utf8')
    const output = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }
    })
    await writeFile(to.replace(/\.ts$/, '.js'), output.outputText)
  }
  return dir
}

/** Runs an ESM snippet saved in `dir` with extra environment; returns its stdout. */
export function runModule(dir: string, code: string, args: string[], env: Record<string, string>): string {
  const script = path.join(dir, `run-${process.hrtime.bigint()}.mjs`)
  writeFileSync(script, code)
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: { ...process.env, ...env } })
  if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`)
  return result.stdout
}
