// Who the calls run as and where they land, through the real SDK clients: STS sessions that expire
// mid-run, GetCallerIdentity per key, faults narrowed to one session, the GitHub OIDC token
// service failing, opt-in regions, a region that refuses a field, and Lambda's rate limit.
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { GetFunctionCommand, LambdaClient, ListLayersCommand, PublishLayerVersionCommand } from '@aws-sdk/client-lambda'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { buildZip } from '../emulator/zip.js'
import { failure } from './helpers/sdk.js'

const ROLE = 'arn:aws:iam::123456789012:role/gha-publish'
interface AwsCredentialIdentity {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  expiration?: Date
}
const zip = buildZip([{ name: 'python/m.py', data: 'X = 1\n' }])
let emu: Emulator
let sts: STSClient

beforeAll(async () => {
  emu = await startEmulator()
  sts = new STSClient({ endpoint: emu.url, region: 'us-east-1', maxAttempts: 1 })
})
afterAll(async () => {
  sts.destroy()
  await emu.close()
})
beforeEach(() => emu.reset())

/** Assume the role with a fresh OIDC token (fetched directly, as getIDToken would). */
async function assume(session = 'run-1'): Promise<AwsCredentialIdentity> {
  const res = await fetch(`${emu.url}/oidc/token?api-version=2.0&audience=sts.amazonaws.com`, {
    headers: { authorization: `Bearer ${emu.oidc.requestToken}` }
  })
  const token = ((await res.json()) as { value: string }).value
  const out = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: session, WebIdentityToken: token }))
  const c = out.Credentials!
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken, expiration: c.Expiration }
}

function lambdaFor(credentials: AwsCredentialIdentity | (() => Promise<AwsCredentialIdentity>), region = 'eu-west-1') {
  return new LambdaClient({ endpoint: emu.url, region, credentials, maxAttempts: 1 })
}

async function using<T>(client: { destroy(): void }, body: () => Promise<T>): Promise<T> {
  try {
    return await body()
  } finally {
    client.destroy()
  }
}

describe('STS sessions', () => {
  it('expire after sessionLifetimeSeconds: Lambda, S3 and STS refuse the key the way AWS does', async () => {
    emu.sts.sessionLifetimeSeconds = 1
    const creds = await assume()
    expect(creds.expiration?.getTime()).toBe(emu.sts.issued[0].expiration.getTime())
    expect(creds.expiration!.getTime()).toBeLessThanOrEqual(Date.now() + 1000)
    await new Promise((resolve) => setTimeout(resolve, creds.expiration!.getTime() - Date.now() + 50))
    const lambda = lambdaFor(creds)
    const lambdaErr = await using(lambda, () => failure(lambda.send(new ListLayersCommand({}))))
    expect([lambdaErr.name, lambdaErr.$metadata.httpStatusCode, lambdaErr.message]).toEqual([
      'ExpiredTokenException',
      403,
      'The security token included in the request is expired'
    ])
    emu.createBucket('eu-west-1', 'artifacts')
    const s3 = new S3Client({ endpoint: emu.url, region: 'eu-west-1', forcePathStyle: true, credentials: creds, maxAttempts: 1 })
    const s3Err = await using(s3, () => failure(s3.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'k', Body: 'x' }))))
    expect([s3Err.name, s3Err.$metadata.httpStatusCode]).toEqual(['ExpiredToken', 400])
    const signed = new STSClient({ endpoint: emu.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 })
    const stsErr = await using(signed, () => failure(signed.send(new GetCallerIdentityCommand({}))))
    expect([stsErr.name, stsErr.$metadata.httpStatusCode]).toEqual(['ExpiredToken', 403])
  })

  it('a credential provider with an expiration is refreshed by the SDK before the session runs out', async () => {
    emu.sts.sessionLifetimeSeconds = 1
    const lambda = lambdaFor(() => assume())
    await using(lambda, async () => {
      await lambda.send(new ListLayersCommand({}))
      await new Promise((resolve) => setTimeout(resolve, 1100))
      await lambda.send(new ListLayersCommand({}))
    })
    expect(emu.requestsFor('AssumeRoleWithWebIdentity').length).toBeGreaterThanOrEqual(2)
    expect(emu.requestsFor('ListLayers').map((r) => r.status)).toEqual([200, 200])
  })

  it('GetCallerIdentity names the assumed role, or the account a long-term key belongs to', async () => {
    const role = new STSClient({ endpoint: emu.url, region: 'us-east-1', credentials: await assume('who-am-i'), maxAttempts: 1 })
    const me = await using(role, () => role.send(new GetCallerIdentityCommand({})))
    expect(me).toMatchObject({ Account: '123456789012', Arn: 'arn:aws:sts::123456789012:assumed-role/gha-publish/who-am-i' })
    emu.sts.identities.AKIAPROFILEKEY0000001 = { account: '999988887777', arn: 'arn:aws:iam::999988887777:user/other' }
    const keyed = new STSClient({
      endpoint: emu.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAPROFILEKEY0000001', secretAccessKey: 'x' },
      maxAttempts: 1
    })
    expect(await using(keyed, () => keyed.send(new GetCallerIdentityCommand({})))).toMatchObject({
      Account: '999988887777',
      Arn: 'arn:aws:iam::999988887777:user/other'
    })
  })

  it('logs the role session of each request, and a fault can be narrowed to one session', async () => {
    emu.faults.add('ListLayers', { roleSessionName: 'run-b', status: 503 })
    const a = lambdaFor(await assume('run-a'))
    const b = lambdaFor(await assume('run-b'))
    await using(a, () => a.send(new ListLayersCommand({})))
    const err = await using(b, () => failure(b.send(new ListLayersCommand({}))))
    expect(err.$metadata.httpStatusCode).toBe(503)
    expect(emu.requestsFor('ListLayers').map((r) => [r.roleSessionName, r.status])).toEqual([
      ['run-a', 200],
      ['run-b', 503]
    ])
  })
})

describe('the GitHub OIDC token service failing (through @actions/core getIDToken)', () => {
  const getIDToken = async () => {
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `${emu.url}/oidc/token?api-version=2.0`
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = emu.oidc.requestToken
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      return await core.getIDToken('sts.amazonaws.com').then(
        () => 'token',
        (err: Error) => err.message
      )
    } finally {
      write.mockRestore()
      delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL
      delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
    }
  }

  it('a 500 or a reset fails at once; the toolkit itself retries only 502/503/504', async () => {
    emu.faults.add('GetIdToken', { status: 500 })
    expect(await getIDToken()).toMatch(/Failed to get ID Token\.[\s\S]*Error Code : 500/)
    emu.faults.add('GetIdToken', { reset: true })
    expect(await getIDToken()).toMatch(/read ECONNRESET/)
    emu.faults.add('GetIdToken', { status: 503, times: 2 })
    expect(await getIDToken()).toBe('token')
    expect(emu.requestsFor('GetIdToken').map((r) => r.status)).toEqual([500, undefined, 503, 503, 200])
  })

  it('a silent service never answers: only the caller can bound the wait', async () => {
    emu.faults.add('GetIdToken', { hang: true })
    const outcome = await fetch(`${emu.url}/oidc/token?api-version=2.0&audience=sts.amazonaws.com`, {
      headers: { authorization: `Bearer ${emu.oidc.requestToken}` },
      signal: AbortSignal.timeout(300)
    }).then(
      (res) => res.status,
      (err: Error) => err.name
    )
    expect(outcome).toBe('TimeoutError')
  })
})

describe('regions', () => {
  const key = { accessKeyId: 'AKIATEST', secretAccessKey: 'x' }

  it('an opt-in region not enabled answers 403 UnrecognizedClientException with x-amzn-errortype', async () => {
    emu.disabledRegions.add('ap-east-2')
    const lambda = lambdaFor(key, 'ap-east-2')
    const err = await using(lambda, () => failure(lambda.send(new ListLayersCommand({}))))
    expect([err.name, err.$metadata.httpStatusCode, err.message]).toEqual([
      'UnrecognizedClientException',
      403,
      'The security token included in the request is invalid.'
    ])
    expect(emu.requestsFor('ListLayers')[0].status).toBe(403)
  })

  it('a region that does not support a field refuses it by name, and publishes without it', async () => {
    emu.unsupportedFields.set('af-south-1', new Set(['CompatibleArchitectures']))
    const lambda = lambdaFor(key, 'af-south-1')
    await using(lambda, async () => {
      const publish = (extra: object) =>
        lambda.send(new PublishLayerVersionCommand({ LayerName: 'l', Content: { ZipFile: zip }, ...extra }))
      const err = await failure(publish({ CompatibleArchitectures: ['x86_64'] }))
      expect([err.name, err.$metadata.httpStatusCode, err.message]).toEqual([
        'InvalidParameterValueException',
        400,
        'CompatibleArchitectures are not supported in af-south-1. Please remove the CompatibleArchitectures value from your request and try again'
      ])
      expect((await publish({ CompatibleRuntimes: ['python3.12'] })).Version).toBe(1)
    })
  })
})

describe("Lambda's control-plane rate limit (opt-in)", () => {
  const key = { accessKeyId: 'AKIATEST', secretAccessKey: 'x' }

  it('answers past the bucket with 429 TooManyRequestsException, Reason CallerRateLimitExceeded, and applies nothing', async () => {
    emu.rateLimit.configure({ requestsPerSecond: 0.001, burst: 3 })
    const lambda = lambdaFor(key)
    const publish = () => lambda.send(new PublishLayerVersionCommand({ LayerName: 'l', Content: { ZipFile: zip } }))
    const outcomes = await using(lambda, () => Promise.allSettled(Array.from({ length: 6 }, publish)))
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3)
    const throttled = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Error & { Reason?: string }] : []))
    expect(throttled.map((e) => [e.name, e.Reason])).toEqual(Array(3).fill(['TooManyRequestsException', 'CallerRateLimitExceeded']))
    expect(emu.layerVersions('eu-west-1', 'l')).toHaveLength(3)
  })

  it('can answer ThrottlingException (HTTP 400) instead; buckets are per region, GetFunction has its own', async () => {
    emu.rateLimit.configure({ requestsPerSecond: 0.001, burst: 1, errorName: 'ThrottlingException' })
    emu.addFunction({ name: 'fn', region: 'eu-west-1' })
    const eu = lambdaFor(key)
    const us = lambdaFor(key, 'us-east-1')
    await using(eu, async () => {
      await eu.send(new ListLayersCommand({}))
      const err = await failure(eu.send(new ListLayersCommand({})))
      expect([err.name, err.$metadata.httpStatusCode]).toEqual(['ThrottlingException', 400])
      expect((await eu.send(new GetFunctionCommand({ FunctionName: 'fn' }))).Configuration?.FunctionName).toBe('fn')
    })
    await using(us, () => us.send(new ListLayersCommand({})))
  })

  it('a client that keeps under the rate is never throttled', async () => {
    emu.rateLimit.configure({ requestsPerSecond: 20, burst: 1 })
    const lambda = lambdaFor(key)
    await using(lambda, async () => {
      for (let i = 0; i < 4; i++) {
        await lambda.send(new ListLayersCommand({}))
        await new Promise((resolve) => setTimeout(resolve, 120))
      }
    })
    expect(emu.requestsFor('ListLayers').map((r) => r.status)).toEqual([200, 200, 200, 200])
  })
})
