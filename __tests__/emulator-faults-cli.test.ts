// Fault injection, the control API and the CLI of the emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import {
  GetFunctionConfigurationCommand,
  GetLayerVersionCommand,
  LambdaClient,
  ListLayersCommand,
  PublishLayerVersionCommand
} from '@aws-sdk/client-lambda'
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { buildZip } from '../emulator/zip.js'
import { failure } from './helpers/sdk.js'

const credentials = { accessKeyId: 'AKIATEST', secretAccessKey: 'x' }
const zip = buildZip([{ name: 'bin/tool', data: '#!/bin/sh\n', mode: 0o100755 }])
let emu: Emulator

function lambda(maxAttempts = 3) {
  return new LambdaClient({ endpoint: emu.url, region: 'us-east-1', credentials, maxAttempts })
}
const publishCommand = () => new PublishLayerVersionCommand({ LayerName: 'l', Content: { ZipFile: zip } })

beforeAll(async () => {
  emu = await startEmulator()
})
afterAll(async () => {
  await emu.close()
})
beforeEach(() => emu.reset())

describe('faults', () => {
  it('a 429 with Retry-After is retried by the SDK after the hinted delay', async () => {
    emu.faults.add('PublishLayerVersion', { status: 429, retryAfter: 1 })
    const client = lambda()
    try {
      const out = await client.send(publishCommand())
      expect(out.Version).toBe(1)
      expect(out.$metadata.attempts).toBe(2)
      expect(out.$metadata.totalRetryDelay).toBeGreaterThanOrEqual(900)
    } finally {
      client.destroy()
    }
    const calls = emu.requestsFor('PublishLayerVersion')
    expect(calls.map((r) => r.status)).toEqual([429, 201])
    expect(calls[0].fault).toMatchObject({ status: 429, retryAfter: 1 })
    expect(calls[1].fault).toBeUndefined()
  })

  it('repeats a fault `times` times and renders it as the service error the SDK knows', async () => {
    emu.faults.add('GetFunctionConfiguration', { status: 429, times: 2 })
    emu.faults.add('ListLayers', { status: 500 })
    emu.addFunction({ name: 'fn' })
    const client = lambda(2)
    try {
      const err = await failure(client.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn' })))
      expect(err.name).toBe('TooManyRequestsException')
      expect(err.$metadata.httpStatusCode).toBe(429)
      expect(err.$metadata.attempts).toBe(2)
      expect(emu.faults.pending()).toBe(1)
      const service = await failure(lambda(1).send(new ListLayersCommand({})))
      expect(service.name).toBe('ServiceException')
      expect(service.$metadata.httpStatusCode).toBe(500)
      expect((await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn' }))).FunctionName).toBe('fn')
    } finally {
      client.destroy()
    }
  })

  it('dropAfterApply creates the version but answers nothing; a retrying client publishes again', async () => {
    emu.faults.add('PublishLayerVersion', { dropAfterApply: true })
    const once = lambda(1)
    const err = await failure(once.send(publishCommand()))
    once.destroy()
    expect(err.message).toMatch(/socket hang up|ECONNRESET/)
    expect(emu.layerVersions('us-east-1', 'l').map((v) => v.Version)).toEqual([1])
    emu.faults.add('PublishLayerVersion', { dropAfterApply: true })
    const retrying = lambda(3)
    const out = await retrying.send(publishCommand())
    retrying.destroy()
    expect(out.Version).toBe(3)
    expect(emu.requestsFor('PublishLayerVersion').map((r) => r.status)).toEqual([undefined, undefined, 201])
  })

  it('drop destroys the socket without applying; delayMs delays the answer', async () => {
    emu.faults.add('PublishLayerVersion', { drop: true })
    const client = lambda(1)
    try {
      await failure(client.send(publishCommand()))
      expect(emu.layerVersions('us-east-1', 'l')).toEqual([])
      emu.faults.add('GetLayerVersion', { delayMs: 300 })
      const started = Date.now()
      const err = await failure(client.send(new GetLayerVersionCommand({ LayerName: 'l', VersionNumber: 1 })))
      expect(Date.now() - started).toBeGreaterThanOrEqual(290)
      expect(err.name).toBe('ResourceNotFoundException')
    } finally {
      client.destroy()
    }
  })

  it("applies to STS and S3 in their own error formats, and '*' matches any operation", async () => {
    emu.faults.add('AssumeRoleWithWebIdentity', { status: 400, errorName: 'IDPCommunicationError', message: 'provider timed out' })
    const sts = new STSClient({ endpoint: emu.url, region: 'us-east-1', maxAttempts: 1 })
    const stsErr = await failure(
      sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: 'arn:aws:iam::123456789012:role/r',
          RoleSessionName: 'ss',
          WebIdentityToken: 'abcd'
        })
      )
    )
    sts.destroy()
    expect(stsErr.name).toBe('IDPCommunicationErrorException')
    expect(stsErr.message).toBe('provider timed out')
    emu.createBucket('bucket')
    emu.faults.add('*', { status: 503 })
    const s3 = new S3Client({ endpoint: emu.url, region: 'us-east-1', forcePathStyle: true, credentials, maxAttempts: 1 })
    const s3Err = await failure(s3.send(new PutObjectCommand({ Bucket: 'bucket', Key: 'k', Body: 'x' })))
    s3.destroy()
    expect(s3Err.name).toBe('SlowDown')
    expect(s3Err.$metadata.httpStatusCode).toBe(503)
    expect(emu.faults.pending()).toBe(0)
    emu.faults.add('*', { status: 500, times: 5 })
    emu.faults.clear()
    expect(emu.faults.pending()).toBe(0)
  })
})

describe('control API', () => {
  it('seeds functions, buckets and faults and reports state and requests', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${emu.url}/_emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect((await post('functions', { region: 'us-east-1', name: 'fn' })).status).toBe(201)
    expect((await post('buckets', { region: 'us-east-1', name: 'seeded' })).status).toBe(201)
    expect((await post('faults', { operation: 'ListLayers', fault: { status: 500 } })).status).toBe(201)
    const client = lambda(1)
    try {
      expect((await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn' }))).FunctionName).toBe('fn')
      expect((await failure(client.send(new ListLayersCommand({})))).$metadata.httpStatusCode).toBe(500)
      await client.send(publishCommand())
    } finally {
      client.destroy()
    }
    const state = (await (await fetch(`${emu.url}/_emulator/state`)).json()) as {
      layers: Record<string, Record<string, { latestVersion: number; versions: Array<Record<string, unknown>> }>>
      functions: Record<string, Record<string, unknown>>
      buckets: Record<string, { region: string }>
    }
    expect(state.layers['us-east-1'].l.latestVersion).toBe(1)
    expect(state.layers['us-east-1'].l.versions[0]).not.toHaveProperty('zip')
    expect(Object.keys(state.functions['us-east-1'])).toEqual(['fn'])
    expect(state.buckets.seeded.region).toBe('us-east-1')
    const requests = (await (await fetch(`${emu.url}/_emulator/requests`)).json()) as Array<{ operation: string }>
    expect(requests.map((r) => r.operation)).toEqual(['GetFunctionConfiguration', 'ListLayers', 'PublishLayerVersion'])
    expect((await fetch(`${emu.url}/_emulator/reset`, { method: 'POST' })).status).toBe(204)
    expect(emu.requests).toHaveLength(0)
  })
})

describe('cli', () => {
  it('prints the URL, serves requests and exits cleanly on SIGTERM', async () => {
    const cli = fileURLToPath(new URL('../emulator/cli.js', import.meta.url))
    const env = { ...process.env }
    delete env.NODE_OPTIONS
    const child = spawn(process.execPath, [cli, '--port', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] })
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string]
      const match = /^emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)
      expect(match).not.toBeNull()
      const client = new LambdaClient({ endpoint: match![1], region: 'us-east-1', credentials, maxAttempts: 1 })
      const out = await client.send(publishCommand())
      client.destroy()
      expect(out.LayerVersionArn).toBe('arn:aws:lambda:us-east-1:123456789012:layer:l:1')
      child.kill('SIGTERM')
      const [code] = (await once(child, 'exit')) as [number | null]
      expect(code).toBe(0)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  })
})
