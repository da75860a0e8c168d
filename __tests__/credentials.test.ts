import { describe, expect, it } from '@jest/globals'
import type { STSClient } from '@aws-sdk/client-sts'
import {
  checkOidcAvailable,
  explainStsError,
  resolveCredentials,
  type CredentialDeps,
  type CredentialSettings
} from '../src/aws/credentials.js'
import { ActionError } from '../src/errors.js'

const settings: CredentialSettings = {
  roleToAssume: 'arn:aws:iam::123456789012:role/layer-publisher',
  roleSessionName: 'GitHubActions',
  roleDurationSeconds: 900,
  audience: 'sts.amazonaws.com'
}
const oidcEnv = { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x/token?a=1', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }

function stsError(name: string, message: string): Error {
  const err = new Error(message)
  err.name = name
  return err
}

/** Unit-level stub: records what was sent and answers as configured. */
function deps(answer: () => unknown, env: NodeJS.ProcessEnv = oidcEnv) {
  const sent: unknown[] = []
  const secrets: string[] = []
  const d: CredentialDeps = {
    sts: {
      send: async (cmd: { input: unknown }) => {
        sent.push(cmd.input)
        return answer()
      }
    } as unknown as STSClient,
    getIDToken: async (aud) => `token-for-${aud}`,
    setSecret: (v) => secrets.push(v),
    env
  }
  return { d, sent, secrets }
}

describe('resolveCredentials', () => {
  it('returns undefined (default chain) when no role is given, without calling STS', async () => {
    const { d, sent } = deps(() => ({}))
    await expect(resolveCredentials({ ...settings, roleToAssume: undefined }, d)).resolves.toBeUndefined()
    expect(sent).toHaveLength(0)
  })

  it('assumes the role with the OIDC token and masks token and all three parts', async () => {
    const creds = { AccessKeyId: 'ASIAXXX', SecretAccessKey: 'sek', SessionToken: 'sess', Expiration: new Date() }
    const { d, sent, secrets } = deps(() => ({ Credentials: creds }))
    const result = await resolveCredentials(settings, d)
    expect(result).toMatchObject({ accessKeyId: 'ASIAXXX', secretAccessKey: 'sek', sessionToken: 'sess' })
    expect(sent).toEqual([
      {
        RoleArn: settings.roleToAssume,
        RoleSessionName: 'GitHubActions',
        DurationSeconds: 900,
        WebIdentityToken: 'token-for-sts.amazonaws.com'
      }
    ])
    expect(secrets).toEqual(['token-for-sts.amazonaws.com', 'ASIAXXX', 'sek', 'sess'])
  })

  it('says to add id-token: write when the OIDC variables are missing, before calling STS', async () => {
    const { d, sent } = deps(() => ({}), {})
    const err = (await resolveCredentials(settings, d).catch((e) => e)) as ActionError
    expect(err.fix).toMatch(/permissions: id-token: write/)
    expect(sent).toHaveLength(0)
  })

  it('maps an STS error to a fix', async () => {
    const { d } = deps(() => {
      throw stsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity')
    })
    const err = (await resolveCredentials(settings, d).catch((e) => e)) as ActionError
    expect(err).toBeInstanceOf(ActionError)
    expect(err.message).toContain('AccessDenied')
    expect(err.fix).toMatch(/trust policy/)
  })
})

describe('checkOidcAvailable', () => {
  it.each([
    [{}, /ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN/],
    [{ ACTIONS_ID_TOKEN_REQUEST_URL: 'u' }, /\(ACTIONS_ID_TOKEN_REQUEST_TOKEN missing\)/]
  ])('names the missing variables %#', (env, pattern) => {
    expect(() => checkOidcAvailable(env)).toThrow(pattern)
  })
  it('passes when both are present', () => {
    expect(() => checkOidcAvailable(oidcEnv)).not.toThrow()
  })
})

describe('explainStsError', () => {
  it.each([
    [
      'InvalidIdentityToken',
      'No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com',
      /Create the IAM OIDC identity provider/
    ],
    ['InvalidIdentityToken', 'Incorrect token audience', /audience input/],
    ['AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', /sub condition/],
    ['InvalidIdentityToken', 'The web identity token that was passed could not be validated', /OIDC provider/],
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
