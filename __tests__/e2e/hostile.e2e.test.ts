// Hostile or careless input: each case refused with a clear error naming what is wrong, never
// a crash trace, never an AWS call, never a file from outside the workspace in an archive.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { oidcEnv, readmeInputs, run, useEmulator } from './support.js'

/** A zip holding one entry with the given (hostile) name, made with Python's zipfile. */
function zipWithEntry(file: string, entryName: string): void {
  execFileSync('python3', [
    '-c',
    'import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1],"w")\nz.writestr(sys.argv[2],"x")\nz.close()',
    file,
    entryName
  ])
}

const e2e = useEmulator(async ({ workspace: ws }) => {
  const cases = path.join(ws, 'cases')
  await mkdir(path.join(cases, 'loop'), { recursive: true })
  await symlink('loop-b', path.join(cases, 'loop/loop-a'))
  await symlink('loop-a', path.join(cases, 'loop/loop-b'))
  await mkdir(path.join(cases, 'escape'), { recursive: true })
  await symlink('/etc/passwd', path.join(cases, 'escape/passwd'))
  await mkdir(path.join(cases, 'up'), { recursive: true })
  await symlink('../../../..', path.join(cases, 'up/root'))
  await mkdir(path.join(cases, 'badname'), { recursive: true })
  // f\xff.py: a name no UTF-8 decoder accepts (Buffer paths reach the file system unchanged).
  await writeFile(Buffer.concat([Buffer.from(path.join(cases, 'badname/')), Buffer.from([0x66, 0xff, 0x2e, 0x70, 0x79])]), 'x')
  await writeFile(path.join(ws, 'not-a-zip.zip'), 'this is text')
  zipWithEntry(path.join(ws, 'traversal.zip'), '../../evil.py')
  zipWithEntry(path.join(ws, 'absolute.zip'), '/etc/evil.py')
})

const manyPrincipals = Array.from({ length: 51 }, (_, i) => String(100000000000 + i)).join('\n')

describe.each([
  ['paths with ..', { paths: '../secrets' }, "Input 'paths'"],
  ['an absolute path', { paths: '/etc' }, "Input 'paths'"],
  ['working-directory outside the workspace', { 'working-directory': '/etc' }, "Input 'working-directory'"],
  ['working-directory through ..', { 'working-directory': '../..' }, "Input 'working-directory'"],
  ['a symlink loop', { 'working-directory': 'cases/loop', paths: '.' }, 'loop-'],
  ['a symlink out of the workspace', { 'working-directory': 'cases/escape', paths: '.' }, 'passwd'],
  ['a symlink up and out', { 'working-directory': 'cases/up', paths: '.' }, 'root'],
  ['a file name that is not UTF-8', { 'working-directory': 'cases/badname', paths: '.' }, 'UTF-8'],
  ['a zip-file that is not a zip', { 'zip-file': 'not-a-zip.zip', 'working-directory': '', paths: '' }, "'zip-file'"],
  ['a zip-file with a ../ entry', { 'zip-file': 'traversal.zip', 'working-directory': '', paths: '' }, '../../evil.py'],
  ['a zip-file with an absolute entry', { 'zip-file': 'absolute.zip', 'working-directory': '', paths: '' }, '/etc/evil.py'],
  ['a newline in a single value', { 'layer-name': 'my-deps\nother' }, "Input 'layer-name'"],
  ['a newline in the region', { 'aws-region': 'eu-west-1\nus-east-1' }, "Input 'aws-region'"],
  ['51 principals', { principals: manyPrincipals }, "Input 'principals'"],
  ['a user ARN as principal', { principals: 'arn:aws:iam::111122223333:user/mallory' }, "Input 'principals'"],
  ['a huge description', { description: 'x'.repeat(257) }, "Input 'description'"]
])('%s', (_label, override, named) => {
  it('is refused with a clear error, no trace and no AWS call', async () => {
    const result = await run({ ...readmeInputs(e2e.emu), ...override }, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(1)
    const error = result.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? ''
    expect(error).toContain(named)
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/)
    expect(e2e.emu.requests).toEqual([])
  })
})
