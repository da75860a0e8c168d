// dist/index.js on a runner behind a proxy: HTTP_PROXY and NO_PROXY decide for every AWS call, the
// OIDC token request and the GitHub API. The endpoints are named *.emulator.test, names no DNS
// resolves (RFC 2606), which only the proxy below maps to the emulator: a request that went around
// the proxy could not arrive.
import { afterEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import net from 'node:net'
import { LambdaClient, PublishLayerVersionCommand } from '@aws-sdk/client-lambda'
import { craftZip } from '../helpers/craft-zip.js'
import { eventFile, oidcEnv, readmeInputs, run, useEmulator } from './support.js'

const e2e = useEmulator()

/** A forward proxy that sends every *.emulator.test request to the emulator and counts them by host. */
async function startProxy(target: URL): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = []
  const hostOf = (authority: string) => authority.split(':')[0]
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/')
    seen.push(hostOf(url.host))
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: url.pathname + url.search, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  // CONNECT tunnels (undici's ProxyAgent tunnels plain http too).
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    seen.push(hostOf(req.url ?? ''))
    const upstream = net.connect(Number(target.port), target.hostname, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    upstream.on('error', () => socket.destroy())
    socket.on('error', () => upstream.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

let proxy: Awaited<ReturnType<typeof startProxy>> | undefined
afterEach(async () => {
  await proxy?.close()
  proxy = undefined
})

const port = () => new URL(e2e.emu.url).port
const via = (host: string, path = '') => `http://${host}.emulator.test:${port()}${path}`

describe('behind a proxy', () => {
  it('sends the AWS calls, the OIDC token request and the GitHub API through HTTP_PROXY', async () => {
    proxy = await startProxy(new URL(e2e.emu.url))
    const pullRequest = {
      number: 7,
      head: { repo: { full_name: 'octo-org/octo-repo' } },
      base: { repo: { full_name: 'octo-org/octo-repo' } }
    }
    const result = await run(
      {
        ...readmeInputs(e2e.emu),
        'endpoint-url': via('aws'),
        'comment-on-pr': 'true',
        'github-token': 'ghs_token',
        'ssm-parameter': '/layers/my-deps/latest'
      },
      {
        workspace: e2e.workspace,
        env: {
          HTTP_PROXY: proxy.url,
          ACTIONS_ID_TOKEN_REQUEST_URL: via('oidc', '/oidc/token?api-version=2.0'),
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: e2e.emu.oidc.requestToken,
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_EVENT_PATH: await eventFile({ number: 7, pull_request: pullRequest }),
          GITHUB_REPOSITORY: 'octo-org/octo-repo',
          GITHUB_API_URL: via('github', '/github')
        }
      }
    )
    expect(result.code).toBe(0)
    expect(result.outputs['layer-version-arn']).toBe('arn:aws:lambda:eu-west-1:123456789012:layer:my-deps:1')
    const aws = e2e.emu.requests.filter((r) => ['sts', 'lambda', 'ssm'].includes(r.service))
    expect(aws.filter((r) => r.operation === 'PutParameter')).toHaveLength(1)
    expect(proxy.seen.filter((h) => h === 'aws.emulator.test')).toHaveLength(aws.length)
    expect(proxy.seen).toContain('oidc.emulator.test')
    expect(proxy.seen).toContain('github.emulator.test')
    expect(e2e.emu.state.comments).toHaveLength(1)
  })

  it('goes directly to the hosts NO_PROXY names', async () => {
    proxy = await startProxy(new URL(e2e.emu.url))
    const result = await run(
      { ...readmeInputs(e2e.emu), 'endpoint-url': `http://localhost:${port()}` },
      {
        workspace: e2e.workspace,
        env: {
          HTTP_PROXY: proxy.url,
          NO_PROXY: 'localhost',
          ACTIONS_ID_TOKEN_REQUEST_URL: via('oidc', '/oidc/token?api-version=2.0'),
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: e2e.emu.oidc.requestToken
        }
      }
    )
    expect(result.code).toBe(0)
    expect(proxy.seen).toEqual(['oidc.emulator.test'])
    expect(e2e.emu.requestsFor('PublishLayerVersion')).toHaveLength(1)
  })

  it("sends skip-unchanged's range read of the stored zip through the proxy too", async () => {
    proxy = await startProxy(new URL(e2e.emu.url))
    const lambda = new LambdaClient({
      endpoint: e2e.emu.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIAPROXYTEST0000001', secretAccessKey: 's' }
    })
    const zip = craftZip([{ name: 'python/other.py', data: 'X = 1\n' }])
    const metadata = { CompatibleRuntimes: ['python3.12' as const, 'python3.13' as const], CompatibleArchitectures: ['x86_64' as const] }
    await lambda.send(new PublishLayerVersionCommand({ LayerName: 'my-deps', Content: { ZipFile: zip }, ...metadata }))
    lambda.destroy()
    const inputs = { ...readmeInputs(e2e.emu), 'endpoint-url': via('aws'), 'skip-unchanged': 'true' }
    const result = await run(inputs, { workspace: e2e.workspace, env: { ...oidcEnv(e2e.emu), HTTP_PROXY: proxy.url } })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('skip-unchanged: publishing (version 1 holds different content: ')
    // Content.Location names the emulator's own address: the proxy saw the download go through it.
    const downloads = e2e.emu.requests.filter((r) => r.operation === 'GetLayerContent')
    expect(downloads).toHaveLength(1)
    expect(proxy.seen.filter((h) => h === '127.0.0.1')).toHaveLength(2) // the OIDC token request, then the download
  })
})
