import { afterEach, describe, expect, it, jest } from '@jest/globals'
import type { STSClient } from '@aws-sdk/client-sts'
import {
  ambientSource,
  describeCaller,
  resolveCredentials,
  type AwsCredentials,
  type CredentialDeps,
  type CredentialSettings
} from '../src/aws/credentials.js'
import { explainStsError } from '../src/aws/sts-errors.js'
import { ActionError } from '../src/errors.js'

const settings: CredentialSettings = {
  roleToAssume: 'arn:aws:iam::123456789012:role/layer-publisher',
  roleSessionName: 'GitHubActions',
  roleDurationSeconds: 900,
  audience: 'sts.amazonaws.com'
}
const ASSUMED = 'arn:aws:sts::123456789012:assumed-role/layer-publisher/GitHubActions'

function stsError(name: string, message: string): Error {
  const err = new Error(message)
  err.name = name
  return err
}

/** Unit-level stub: records what was sent and answers as configured; each answer expires
 * `lifetimeMs` after it is made. */
function deps(answer: () => unknown, env: NodeJS.ProcessEnv = {}) {
  const sent: unknown[] = []
  const secrets: string[] = []
  const warnings: string[] = []
  let tokens = 0
  const d: CredentialDeps = {
    sts: {
      send: async (cmd: { input: unknown }) => {
        sent.push(cmd.input)
        return answer()
      }
    } as unknown as STSClient,
    getIDToken: async (aud) => `token-${++tokens}-for-${aud}`,
    setSecret: (v) => secrets.push(v),
    env,
    callerArn: async () => 'arn:aws:iam::111111111111:user/ci',
    warn: (m) => warnings.push(m)
  }
  return { d, sent, secrets, warnings }
}

function session(n: number, expiresInMs: number) {
  return {
    Credentials: {
      AccessKeyId: `ASIA${n}`,
      SecretAccessKey: `sek${n}`,
      SessionToken: `sess${n}`,
      Expiration: new Date(Date.now() + expiresInMs)
    },
    AssumedRoleUser: { Arn: ASSUMED }
  }
}

describe('resolveCredentials with role-to-assume', () => {
  it('assumes the role with the OIDC token, masks all three parts and names the assumed role', async () => {
    const { d, sent, secrets } = deps(() => session(1, 3600_000))
    const { credentials, runsAs } = await resolveCredentials(settings, d)
    const creds = await (credentials as () => Promise<AwsCredentials>)()
    expect(creds).toMatchObject({ accessKeyId: 'ASIA1', secretAccessKey: 'sek1', sessionToken: 'sess1' })
    expect(runsAs).toBe(ASSUMED)
    expect(sent).toEqual([
      {
        RoleArn: settings.roleToAssume,
        RoleSessionName: 'GitHubActions',
        DurationSeconds: 900,
        WebIdentityToken: 'token-1-for-sts.amazonaws.com'
      }
    ])
    expect(secrets).toEqual(['ASIA1', 'sek1', 'sess1'])
  })

  it('shares one session among all callers while it is not about to expire', async () => {
    let n = 0
    const { d, sent } = deps(() => session(++n, 3600_000))
    const { credentials } = await resolveCredentials(settings, d)
    const provider = credentials as () => Promise<AwsCredentials>
    const seen = await Promise.all([provider(), provider(), provider()])
    expect(seen.map((c) => c.accessKeyId)).toEqual(['ASIA1', 'ASIA1', 'ASIA1'])
    expect(sent).toHaveLength(1)
  })

  afterEach(() => {
    jest.restoreAllMocks()
  })

  it('assumes the role again, with a fresh OIDC token, within 5 minutes of expiry', async () => {
    let n = 0
    const { d, sent, secrets } = deps(() => session(++n, 600_000))
    const { credentials } = await resolveCredentials(settings, d)
    const now = Date.now()
    jest.spyOn(Date, 'now').mockReturnValue(now + 301_000) // 4 min 59 s before the session ends
    const second = await (credentials as () => Promise<AwsCredentials>)()
    expect(second.accessKeyId).toBe('ASIA2')
    expect(sent.map((s) => (s as { WebIdentityToken: string }).WebIdentityToken)).toEqual([
      'token-1-for-sts.amazonaws.com',
      'token-2-for-sts.amazonaws.com'
    ])
    expect(secrets).toContain('sess2')
  })

  it('maps an STS error to a fix', async () => {
    const { d } = deps(() => {
      throw stsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity')
    })
    const err = (await resolveCredentials(settings, d).catch((e: unknown) => e)) as ActionError
    expect(err).toBeInstanceOf(ActionError)
    expect(err.message).toContain('AccessDenied')
    expect(err.fix).toMatch(/trust policy/)
  })
})

describe('resolveCredentials without role-to-assume', () => {
  it('names the caller from GetCallerIdentity and warns about nothing when one source is set', async () => {
    const { d, sent, warnings } = deps(() => ({}), { AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 's' })
    const { runsAs } = await resolveCredentials({ ...settings, roleToAssume: undefined }, d)
    expect(runsAs).toBe('arn:aws:iam::111111111111:user/ci')
    expect(sent).toHaveLength(0)
    expect(warnings).toEqual([])
  })

  it('fails naming the source when STS refuses the credentials', async () => {
    const { d } = deps(() => ({}), { AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 's' })
    d.callerArn = async () => {
      throw stsError('InvalidClientTokenId', 'The security token included in the request is invalid.')
    }
    const err = (await resolveCredentials({ ...settings, roleToAssume: undefined }, d).catch((e: unknown) => e)) as ActionError
    expect(err.message).toMatch(
      /^AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY in the environment gave AWS credentials STS refused \(InvalidClientTokenId/
    )
    expect(err.fix).toMatch(/role-to-assume/)
  })

  it('says when the default chain finds no credentials at all', async () => {
    const { d } = deps(() => ({}), {})
    d.callerArn = async () => {
      throw stsError('CredentialsProviderError', 'Could not load credentials from any providers')
    }
    const err = (await resolveCredentials({ ...settings, roleToAssume: undefined }, d).catch((e: unknown) => e)) as ActionError
    expect(err.message).toBe(
      "The AWS SDK's default credential chain gave no AWS credentials (CredentialsProviderError: Could not load credentials from any providers)"
    )
  })

  it('only warns when GetCallerIdentity fails for another reason', async () => {
    const { d, warnings } = deps(() => ({}), { AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 's' })
    d.callerArn = async () => {
      throw stsError('RegionDisabledException', 'STS is not activated in this region')
    }
    const { runsAs } = await resolveCredentials({ ...settings, roleToAssume: undefined }, d)
    expect(runsAs).toBeUndefined()
    expect(warnings).toEqual([expect.stringMatching(/^Could not tell which account .*RegionDisabledException/)])
  })
})

describe('ambientSource', () => {
  it.each([
    [{}, 'default-chain', undefined],
    [{ AWS_PROFILE: 'other' }, 'default-chain', undefined],
    [{ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }, 'environment', undefined],
    [{ AWS_ACCESS_KEY_ID: 'a' }, 'default-chain', undefined],
    [
      { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_PROFILE: 'other' },
      'environment',
      /AWS_PROFILE \('other'\).*AWS_ACCESS_KEY_ID/
    ]
  ])('%j -> %s', (env, kind, warning) => {
    const source = ambientSource(env)
    expect(source.kind).toBe(kind)
    if (warning) expect(source.warning).toMatch(warning)
    else expect(source.warning).toBeUndefined()
  })
})

describe('describeCaller', () => {
  it('adds the account of an ARN', () => {
    expect(describeCaller(ASSUMED)).toBe(`${ASSUMED} (account 123456789012)`)
    expect(describeCaller(undefined)).toBe('an unknown identity')
  })
})

describe('explainStsError', () => {
  it.each([
    [
      'InvalidIdentityTokenException',
      'No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com',
      /Create the IAM OIDC identity provider/
    ],
    ['InvalidIdentityTokenException', 'Incorrect token audience', /audience input/],
    ['AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', /sub condition/],
    ['InvalidIdentityTokenException', 'The web identity token that was passed could not be validated', /OIDC provider/],
    ['IDPRejectedClaimException', "Couldn't retrieve verification key from your identity provider", /refused the token's claims/],
    ['ExpiredTokenException', 'Token expired', /re-run/],
    ['RegionDisabledException', 'STS is not activated', /Activate STS/],
    ['ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', /MaxSessionDuration/]
  ])('%s "%s" gets a fix', (name, message, fix) => {
    const err = explainStsError(stsError(name, message), settings)
    expect(err.message).toContain(settings.roleToAssume)
    expect(err.message).toContain(message)
    expect(err.fix).toMatch(fix)
  })
  it('leaves unknown errors without a made-up fix', () => {
    expect(explainStsError(stsError('Weird', 'x'), settings).fix).toBeUndefined()
  })
})
