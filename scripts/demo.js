// @ts-check
// `npm run demo`: the action's main job, end to end, on this machine. Starts the in-repo AWS
// emulator, lays out a small python layer, runs dist/index.js as a runner would (OIDC role,
// two principals) and prints the step's outputs and job summary.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator } from '../emulator/server.js'
import { runAction } from './run-action.js'

const emulator = await startEmulator()
const workspace = await mkdtemp(join(tmpdir(), 'pll-demo-'))
try {
  await mkdir(join(workspace, 'layer/python/greeting'), { recursive: true })
  await writeFile(join(workspace, 'layer/python/greeting/__init__.py'), 'def hello():\n    return "hello from a layer"\n')
  console.log(`AWS emulator: ${emulator.url}\nWorkspace: ${workspace}\n`)
  const result = await runAction({
    workspace,
    inputs: {
      'layer-name': 'demo-deps',
      'working-directory': 'layer',
      paths: 'python',
      'compatible-runtimes': 'python3.12, python3.13',
      'compatible-architectures': 'x86_64',
      principals: '111122223333\no-a1b2c3d4e5',
      'role-to-assume': 'arn:aws:iam::123456789012:role/layer-publisher',
      'aws-region': 'eu-west-1',
      'endpoint-url': emulator.url
    },
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${emulator.url}/oidc/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.oidc.requestToken
    }
  })
  console.log('--- step log ---')
  console.log(result.stdout.trim())
  console.log(`\n--- outputs (exit code ${result.code}) ---`)
  for (const [name, value] of Object.entries(result.outputs)) console.log(`${name}=${value}`)
  console.log('\n--- job summary ---')
  console.log(result.summary.trim())
  console.log('\n--- AWS calls the emulator received ---')
  for (const r of emulator.requests) console.log(`${r.service} ${r.operation} ${r.status ?? ''}`)
  process.exitCode = result.code ?? 1
} finally {
  await emulator.close()
  await rm(workspace, { recursive: true, force: true })
}
