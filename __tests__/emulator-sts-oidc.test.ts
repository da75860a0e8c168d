// The emulator's GitHub OIDC endpoint (through @actions/core getIDToken) and STS
// AssumeRoleWithWebIdentity (through the real @aws-sdk/client-sts), and how the issued
// session credentials are checked on later signed requests.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import {
  AssumeRoleWithWebIdentityCommand,
  type AssumeRoleWithWebIdentityCommandInput,
  GetCallerIdentityCommand,
  STSClient
} from '@aws-sdk/client-sts'
import { LambdaClient, ListLayersCommand } from '@aws-sdk/client-lambda'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { failure } from './helpers/sdk.js'

const ROLE = 'arn:aws:iam::123456789012:role/gha-publish'
let emu: Emulator
let sts: STSClient

/** getIDToken writes ::add-mask:: and ::debug:: commands to stdout; keep the test output clean. */
async function idToken(audience?: string): Promise<string> {
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
  try {
    return await core.getIDToken(audience)
  } finally {
    write.mockRestore()
  }
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'))
}

async function assume(input: Partial<AssumeRoleWithWebIdentityCommandInput> = {}) {
  const token = input.WebIdentityToken ?? (await idToken('sts.amazonaws.com'))
  return sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 'gha-run-1', ...input, WebIdentityToken: token }))
}

beforeAll(async () => {
  emu = await startEmulator()
  // No credentials: AssumeRoleWithWebIdentity is an unsigned call.
  sts = new STSClient({ endpoint: emu.url, region: 'us-east-1', maxAttempts: 1 })
})
afterAll(async () => {
  sts.destroy()
  await emu.close()
})
beforeEach(() => {
  emu.reset()
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `${emu.url}/oidc/token?api-version=2.0`
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = emu.oidc.requestToken
})
afterEach(() => {
  delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL
  delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
})

describe('GitHub OIDC token endpoint', () => {
  it('issues a well-formed JWT with GitHub claims for the requested audience', async () => {
    const token = await idToken('sts.amazonaws.com')
    expect(token.split('.')).toHaveLength(3)
    const claims = claimsOf(token)
    expect(claims).toMatchObject({
      iss: 'https://token.actions.githubusercontent.com',
      aud: 'sts.amazonaws.com',
      sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
      repository: 'octo-org/octo-repo'
    })
    expect(Number(claims.exp)).toBeGreaterThan(Number(claims.iat))
    expect(emu.oidc.issued.map((t) => t.token)).toEqual([token])
    const request = emu.requests.at(-1)
    expect(request).toMatchObject({ service: 'oidc', operation: 'GetIdToken', status: 200 })
    expect(request?.query).toEqual({ 'api-version': '2.0', audience: 'sts.amazonaws.com' })
  })

  it('applies claim overrides and the default audience', async () => {
    emu.oidc.claims = { sub: 'repo:octo-org/octo-repo:environment:prod', environment: 'prod' }
    const claims = claimsOf(await idToken())
    expect(claims).toMatchObject({
      aud: 'https://github.com/octo-org',
      sub: 'repo:octo-org/octo-repo:environment:prod',
      environment: 'prod'
    })
  })

  it('answers 401 to a wrong request token', async () => {
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'wrong'
    await expect(idToken('sts.amazonaws.com')).rejects.toThrow(/401/)
    expect(emu.oidc.issued).toHaveLength(0)
  })
})

describe('AssumeRoleWithWebIdentity', () => {
  it('returns fresh ASIA credentials that later signed requests must use with their session token', async () => {
    const out = await assume({ DurationSeconds: 900 })
    const creds = out.Credentials
    expect(creds?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/)
    expect(creds?.Expiration?.getTime()).toBeGreaterThan(Date.now() + 850_000)
    expect(creds?.Expiration?.getTime()).toBeLessThanOrEqual(Date.now() + 901_000)
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/gha-publish/gha-run-1')
    expect(out.SubjectFromWebIdentityToken).toBe('repo:octo-org/octo-repo:ref:refs/heads/main')
    expect(emu.sts.issued).toHaveLength(1)
    expect(emu.sts.issued[0]).toMatchObject({ accessKeyId: creds?.AccessKeyId, sessionToken: creds?.SessionToken, roleArn: ROLE })
    const stsRequest = emu.requestsFor('AssumeRoleWithWebIdentity')[0]
    expect(stsRequest).toMatchObject({
      service: 'sts',
      status: 200,
      body: { RoleArn: ROLE, RoleSessionName: 'gha-run-1', DurationSeconds: '900' }
    })
    expect(stsRequest.accessKeyId).toBeUndefined()

    const second = await assume()
    expect(second.Credentials?.AccessKeyId).not.toBe(creds?.AccessKeyId)

    const lambda = new LambdaClient({
      endpoint: emu.url,
      region: 'eu-west-1',
      maxAttempts: 1,
      credentials: {
        accessKeyId: creds?.AccessKeyId ?? '',
        secretAccessKey: creds?.SecretAccessKey ?? '',
        sessionToken: creds?.SessionToken
      }
    })
    const forged = new LambdaClient({
      endpoint: emu.url,
      region: 'eu-west-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'ASIAFORGEDFORGEDFORG', secretAccessKey: 'x', sessionToken: 'nope' }
    })
    try {
      await lambda.send(new ListLayersCommand({}))
      const signed = emu.requests.at(-1)
      expect(signed?.accessKeyId).toBe(creds?.AccessKeyId)
      expect(signed?.headers['x-amz-security-token']).toBe(creds?.SessionToken)
      const err = await failure(forged.send(new ListLayersCommand({})))
      expect(err.name).toBe('UnrecognizedClientException')
      expect(err.$metadata.httpStatusCode).toBe(403)
      expect(err.message).toBe('The security token included in the request is invalid.')
      emu.sts.issued[0].expiration = new Date(Date.now() - 1000)
      const expired = await failure(lambda.send(new ListLayersCommand({})))
      expect(expired.name).toBe('ExpiredTokenException')
    } finally {
      lambda.destroy()
      forged.destroy()
    }
  })

  it('tells who the caller is with the assumed credentials', async () => {
    const creds = (await assume()).Credentials
    const signed = new STSClient({
      endpoint: emu.url,
      region: 'us-east-1',
      credentials: {
        accessKeyId: creds?.AccessKeyId ?? '',
        secretAccessKey: creds?.SecretAccessKey ?? '',
        sessionToken: creds?.SessionToken
      }
    })
    try {
      const me = await signed.send(new GetCallerIdentityCommand({}))
      expect(me.Arn).toBe('arn:aws:sts::123456789012:assumed-role/gha-publish/gha-run-1')
      expect(me.Account).toBe('123456789012')
    } finally {
      signed.destroy()
    }
  })

  it('rejects tokens the emulator did not issue, malformed tokens and expired tokens', async () => {
    const real = await idToken('sts.amazonaws.com')
    const [header, payload] = real.split('.')
    const unknown = await failure(assume({ WebIdentityToken: `${header}.${payload}.Zm9yZ2Vk` }))
    expect(unknown.name).toBe('InvalidIdentityTokenException')
    expect(unknown.$metadata.httpStatusCode).toBe(400)
    const garbage = await failure(assume({ WebIdentityToken: 'not-a-jwt' }))
    expect(garbage.name).toBe('InvalidIdentityTokenException')
    expect(garbage.message).toContain('not a valid JWT')
    emu.oidc.lifetimeSeconds = -60
    const expired = await failure(assume())
    expect(expired.name).toBe('ExpiredTokenException')
    expect(emu.sts.issued).toHaveLength(0)
  })

  it('rejects a token for another audience with "Incorrect token audience"', async () => {
    const err = await failure(assume({ WebIdentityToken: await idToken('api://AzureADTokenExchange') }))
    expect(err.name).toBe('InvalidIdentityTokenException')
    expect(err.message).toBe('Incorrect token audience')
  })

  it('reports a missing OIDC provider and a trust policy that does not match', async () => {
    emu.sts.oidcProviderMissing = true
    const provider = await failure(assume())
    expect(provider.name).toBe('InvalidIdentityTokenException')
    expect(provider.message).toBe('No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com')
    emu.sts.oidcProviderMissing = false
    emu.sts.denyRoles.add(ROLE)
    const denied = await failure(assume())
    expect(denied.name).toBe('AccessDenied')
    expect(denied.$metadata.httpStatusCode).toBe(403)
    expect(denied.message).toBe('Not authorized to perform sts:AssumeRoleWithWebIdentity')
    emu.sts.denyRoles.clear()
    emu.sts.authorize = (_role, claims) => String(claims.sub).endsWith(':environment:prod')
    expect((await failure(assume())).name).toBe('AccessDenied')
    emu.oidc.claims = { sub: 'repo:octo-org/octo-repo:environment:prod' }
    expect((await assume()).Credentials?.AccessKeyId).toMatch(/^ASIA/)
  })

  it('validates parameters and the role MaxSessionDuration', async () => {
    const session = await failure(assume({ RoleSessionName: 'a' }))
    expect(session.name).toBe('ValidationError')
    expect(session.$metadata.httpStatusCode).toBe(400)
    expect(session.message).toBe(
      "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"
    )
    const pattern = await failure(assume({ RoleSessionName: 'has space' }))
    expect(pattern.message).toContain('Member must satisfy regular expression pattern: [\\w+=,.@-]*')
    const short = await failure(assume({ DurationSeconds: 899 }))
    expect(short.message).toContain(
      "Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"
    )
    const long = await failure(assume({ DurationSeconds: 7200 }))
    expect(long.message).toBe('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')
    emu.sts.maxSessionDuration = 7200
    const ok = await assume({ DurationSeconds: 7200 })
    expect(ok.Credentials?.Expiration?.getTime()).toBeGreaterThan(Date.now() + 7_100_000)
  })

  it('expects the China audience in the aws-cn partition', async () => {
    const cn = await startEmulator({ partition: 'aws-cn' })
    expect(cn.sts.audience).toBe('sts.amazonaws.com.cn')
    await cn.close()
  })
})

describe('disabled regions', () => {
  it('answer like a region the account has not opted into', async () => {
    emu.disabledRegions.add('ap-east-2')
    const lambda = new LambdaClient({
      endpoint: emu.url,
      region: 'ap-east-2',
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'x' }
    })
    try {
      const err = await failure(lambda.send(new ListLayersCommand({})))
      expect(err.name).toBe('UnrecognizedClientException')
      expect(err.message).toBe('The security token included in the request is invalid.')
    } finally {
      lambda.destroy()
    }
  })
})
