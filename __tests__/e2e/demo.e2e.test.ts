// `npm run demo` as a reader runs it, and the step log rendered as the runner shows it.
import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { renderRunnerLog } from '../../scripts/runner-log.js'
import { oidcEnv, readmeInputs, run, useEmulator } from './support.js'

interface DemoRun {
  code: number | null
  stdout: string
  stderr: string
  /** The demo's temporary workspace, from its "Workspace:" line. */
  workspace: string
}

/** Runs scripts/demo.js; `interruptAfter` sends SIGINT once stdout shows that text. */
function demo(args: string[], interruptAfter?: string): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/demo.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let interrupted = false
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text
      if (interruptAfter && !interrupted && stdout.includes(interruptAfter)) {
        interrupted = true
        child.kill('SIGINT')
      }
    })
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
    child.on('error', reject)
    child.on('close', (code) => {
      const workspace = /^Workspace: (\S+)/m.exec(stdout)?.[1] ?? ''
      resolve({ code, stdout, stderr, workspace })
    })
  })
}

const e2e = useEmulator()

describe('npm run demo', () => {
  it('shows the inputs, the step log as the runner shows it, outputs and calls, and removes its folder', async () => {
    const result = await demo([])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('  layer-name: demo-deps\n')
    expect(result.stdout).toContain('  Published arn:aws:lambda:eu-west-1:123456789012:layer:demo-deps:1')
    const groups = result.stdout.split('\n').filter((l) => l.startsWith('▾ '))
    expect(groups).toEqual(['▾ Inputs', '▾ Archive', '▾ Credentials', '▾ eu-west-1: publish', '▾ eu-west-1: share', '▾ Report'])
    expect(result.stdout).toContain('layer-version=1')
    expect(result.stdout).toContain('sts AssumeRoleWithWebIdentity 200')
    // No raw runner command reaches the reader: masks applied and hidden, debug lines off.
    expect(result.stdout.split('\n').filter((l) => /^\s*::/.test(l))).toEqual([])
    expect(result.stdout).not.toContain('Debug:')
    expect(result.stderr).toBe('')
    expect(result.workspace).not.toBe('')
    expect(existsSync(result.workspace)).toBe(false)
  })

  it('shows debug lines with --debug', async () => {
    const result = await demo(['--debug'])
    expect(result.code).toBe(0)
    // Each AWS call, in the group of the stage that made it.
    expect(result.stdout).toMatch(/^ {2}Debug: sts AssumeRoleWithWebIdentity in eu-west-1, attempt 1: HTTP 200 in \d+ ms$/m)
    expect(result.stdout).toMatch(/^ {2}Debug: lambda PublishLayerVersion in eu-west-1, attempt 1: HTTP 201 in \d+ ms$/m)
  })

  it('stops the action and removes its folder on Ctrl-C', async () => {
    // The demo prints this line before it lays out the layer and starts the action.
    const result = await demo([], 'Workspace: ')
    expect(result.code).toBe(130)
    expect(result.stderr).toContain('SIGINT: stopping the action')
    expect(existsSync(result.workspace)).toBe(false)
  })
})

describe('the rendered step log', () => {
  it('holds no credential: the raw log registers each one with ::add-mask::, the rendered one shows none', async () => {
    const result = await run(readmeInputs(e2e.emu), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(0)
    const creds = e2e.emu.sts.issued[0]
    const secrets = [e2e.emu.oidc.issued[0].token, creds.accessKeyId, creds.secretAccessKey, creds.sessionToken]
    for (const secret of secrets) expect(result.log).toContain(`::add-mask::${secret}\n`)

    const rendered = renderRunnerLog(result.log).lines.join('\n')
    for (const secret of secrets) expect(rendered).not.toContain(secret)
    expect(rendered).toContain('Published arn:aws:lambda:eu-west-1:123456789012:layer:my-deps:1')
  })
})
