// @ts-check
// STS (query protocol): AssumeRoleWithWebIdentity against tokens from oidc.js, GetCallerIdentity,
// and the session-credential check every signed request goes through.
import { createHash, randomBytes } from 'node:crypto'
import { URLSearchParams } from 'node:url'
import { ApiError } from './errors.js'
import { xmlEscape, xmlReply } from './http-util.js'
import { decodeJwt } from './oidc.js'
import { P, Violations } from './validation.js'

/** @typedef {import('./server.js').Ctx} Ctx */

/**
 * @typedef {object} IssuedCredentials
 * @property {string} accessKeyId
 * @property {string} secretAccessKey
 * @property {string} sessionToken
 * @property {Date} expiration
 * @property {string} roleArn
 * @property {string} roleSessionName
 * @property {string} assumedRoleArn
 * @property {Record<string, unknown>} claims claims of the web identity token used
 */

/**
 * @typedef {object} StsConfig
 * @property {string} audience the `aud` the account's OIDC provider accepts
 * @property {Set<string>} denyRoles roles whose trust policy rejects the caller (403 AccessDenied)
 * @property {boolean} oidcProviderMissing no IAM OIDC provider for GitHub in the account
 * @property {number} maxSessionDuration the roles' MaxSessionDuration in seconds
 * @property {((roleArn: string, claims: Record<string, unknown>) => boolean) | undefined} authorize
 *   optional trust-policy hook: return false to deny (e.g. check `sub`)
 * @property {boolean} verifySessionTokens reject ASIA keys this STS did not issue
 * @property {number | undefined} sessionLifetimeSeconds when set, issued credentials expire this
 *   many seconds after issue (reported Expiration included), whatever DurationSeconds asked for:
 *   a test knob, real STS never issues less than 900 s
 * @property {Record<string, StaticIdentity>} identities who long-term (AKIA) keys belong to, by
 *   access key id, for GetCallerIdentity (others: user/emulator in the emulator's account)
 * @property {IssuedCredentials[]} issued
 */

/**
 * @typedef {object} StaticIdentity
 * @property {string} account
 * @property {string} arn
 * @property {string} [userId]
 */

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/'
const ROLE_ARN = /^arn:(aws[a-zA-Z-]*):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/

/** @param {string} alphabet @param {number} length */
function randomString(alphabet, length) {
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('')
}

/**
 * @param {Ctx} ctx
 * @returns {import('./server.js').Route}
 */
export function matchSts(ctx) {
  const params = Object.fromEntries(new URLSearchParams(ctx.body.toString('utf8')))
  const action = params.Action ?? ''
  /** @type {Record<string, () => import('./http-util.js').Reply>} */
  const handlers = {
    AssumeRoleWithWebIdentity: () => assumeRoleWithWebIdentity(ctx, params),
    GetCallerIdentity: () => getCallerIdentity(ctx)
  }
  const handler = handlers[action]
  return {
    service: 'sts',
    operation: action || 'Unknown',
    body: params,
    run: () => {
      if (!handler)
        throw new ApiError(
          'InvalidAction',
          400,
          `Could not find operation ${action} for version ${params.Version ?? 'NO_VERSION_SPECIFIED'}`
        )
      return handler()
    }
  }
}

const invalidToken = (/** @type {string} */ message) => new ApiError('InvalidIdentityToken', 400, message)

/** @param {Ctx} ctx @param {Record<string, string>} p */
function assumeRoleWithWebIdentity(ctx, p) {
  const sts = ctx.emu.sts
  const v = new Violations('ValidationError')
  v.string(p.RoleArn, 'roleArn', { min: 20, max: 2048, required: true })
  v.string(p.RoleSessionName, 'roleSessionName', { min: 2, max: 64, pattern: P.roleSessionName, required: true })
  if (p.WebIdentityToken === undefined) v.add(undefined, 'webIdentityToken', 'Member must not be null')
  else if (p.WebIdentityToken.length < 4 || p.WebIdentityToken.length > 20000) {
    v.add(
      '*** Sensitive Data Redacted ***',
      'webIdentityToken',
      `Member must have length ${p.WebIdentityToken.length < 4 ? 'greater than or equal to 4' : 'less than or equal to 20000'}`
    )
  }
  if (p.DurationSeconds !== undefined) v.integer(p.DurationSeconds, 'durationSeconds', { min: 900, max: 43200 })
  v.throwIfAny()
  const role = ROLE_ARN.exec(p.RoleArn)
  if (!role) throw new ApiError('ValidationError', 400, 'Request ARN is invalid')

  const jwt = decodeJwt(p.WebIdentityToken)
  if (!jwt) throw invalidToken('The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)')
  const claims = jwt.payload
  const issuer = String(claims.iss ?? '')
  if (sts.oidcProviderMissing || issuer !== ctx.emu.oidc.issuer) {
    throw invalidToken(`No OpenIDConnect provider found in your account for ${issuer}`)
  }
  if (!ctx.emu.oidc.issued.some((t) => t.token === p.WebIdentityToken)) {
    throw invalidToken(
      'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.'
    )
  }
  const now = Math.floor(Date.now() / 1000)
  if (typeof claims.exp === 'number' && claims.exp <= now) {
    throw new ApiError(
      'ExpiredTokenException',
      400,
      `Token expired: current date/time ${now} must be before the expiration date/time ${claims.exp}`
    )
  }
  if (claims.aud !== sts.audience) throw invalidToken('Incorrect token audience')
  if (sts.denyRoles.has(p.RoleArn) || (sts.authorize && !sts.authorize(p.RoleArn, claims))) {
    throw new ApiError('AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithWebIdentity')
  }
  const duration = p.DurationSeconds === undefined ? 3600 : Number(p.DurationSeconds)
  if (duration > sts.maxSessionDuration) {
    throw new ApiError('ValidationError', 400, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')
  }
  const lifetimeMs = (sts.sessionLifetimeSeconds ?? duration) * 1000

  const [, partition, account, roleName] = role
  const assumedRoleArn = `arn:${partition}:sts::${account}:assumed-role/${roleName}/${p.RoleSessionName}`
  const roleId = 'AROA' + createHash('sha256').update(p.RoleArn).digest('hex').slice(0, 17).toUpperCase()
  /** @type {IssuedCredentials} */
  const creds = {
    accessKeyId: 'ASIA' + randomString('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16),
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: 'IQoJb3JpZ2luX2VjE' + randomBytes(180).toString('base64'),
    expiration: new Date(Date.now() + lifetimeMs),
    roleArn: p.RoleArn,
    roleSessionName: p.RoleSessionName,
    assumedRoleArn,
    claims
  }
  sts.issued.push(creds)
  const provider = `arn:${partition}:iam::${account}:oidc-provider/${issuer.replace(/^https:\/\//, '')}`
  return xmlReply(
    200,
    `<AssumeRoleWithWebIdentityResponse xmlns="${NS}">\n  <AssumeRoleWithWebIdentityResult>\n` +
      `    <SubjectFromWebIdentityToken>${xmlEscape(String(claims.sub ?? ''))}</SubjectFromWebIdentityToken>\n` +
      `    <Audience>${xmlEscape(String(claims.aud))}</Audience>\n` +
      `    <AssumedRoleUser>\n      <Arn>${xmlEscape(assumedRoleArn)}</Arn>\n` +
      `      <AssumedRoleId>${roleId}:${xmlEscape(p.RoleSessionName)}</AssumedRoleId>\n    </AssumedRoleUser>\n` +
      `    <Credentials>\n      <SessionToken>${creds.sessionToken}</SessionToken>\n` +
      `      <SecretAccessKey>${creds.secretAccessKey}</SecretAccessKey>\n` +
      `      <Expiration>${creds.expiration.toISOString()}</Expiration>\n` +
      `      <AccessKeyId>${creds.accessKeyId}</AccessKeyId>\n    </Credentials>\n` +
      `    <Provider>${xmlEscape(provider)}</Provider>\n  </AssumeRoleWithWebIdentityResult>\n` +
      `  <ResponseMetadata>\n    <RequestId>${ctx.requestId}</RequestId>\n  </ResponseMetadata>\n` +
      '</AssumeRoleWithWebIdentityResponse>\n',
    { 'x-amzn-requestid': ctx.requestId }
  )
}

/**
 * The STS session a request was signed with, if this emulator issued its key.
 * @param {import('./emulator.js').Emulator} emu
 * @param {string | undefined} accessKeyId
 */
export function sessionOf(emu, accessKeyId) {
  return accessKeyId ? emu.sts.issued.find((c) => c.accessKeyId === accessKeyId) : undefined
}

/** @param {Ctx} ctx */
function getCallerIdentity(ctx) {
  const issued = sessionOf(ctx.emu, ctx.accessKeyId)
  const known = ctx.accessKeyId ? ctx.emu.sts.identities[ctx.accessKeyId] : undefined
  const account = issued ? (ROLE_ARN.exec(issued.roleArn)?.[2] ?? ctx.emu.accountId) : (known?.account ?? ctx.emu.accountId)
  const arn = issued?.assumedRoleArn ?? known?.arn ?? `arn:${ctx.emu.partition}:iam::${account}:user/emulator`
  const userId = issued ? `AROA${issued.roleSessionName}` : (known?.userId ?? 'AIDAEMULATOR')
  return xmlReply(
    200,
    `<GetCallerIdentityResponse xmlns="${NS}">\n  <GetCallerIdentityResult>\n    <Arn>${xmlEscape(arn)}</Arn>\n` +
      `    <UserId>${xmlEscape(userId)}</UserId>\n    <Account>${account}</Account>\n  </GetCallerIdentityResult>\n` +
      `  <ResponseMetadata>\n    <RequestId>${ctx.requestId}</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n`,
    { 'x-amzn-requestid': ctx.requestId }
  )
}

const CREDENTIAL_ERRORS = {
  lambda: {
    invalid: ['UnrecognizedClientException', 403, 'The security token included in the request is invalid.'],
    expired: ['ExpiredTokenException', 403, 'The security token included in the request is expired']
  },
  sts: {
    invalid: ['InvalidClientTokenId', 403, 'The security token included in the request is invalid.'],
    expired: ['ExpiredToken', 403, 'The security token included in the request is expired']
  },
  s3: {
    invalid: ['InvalidToken', 400, 'The provided token is malformed or otherwise invalid.'],
    expired: ['ExpiredToken', 400, 'The provided token has expired.']
  }
}

/**
 * Temporary (ASIA) keys must be ones this emulator issued, with their session token, unexpired;
 * regions listed in emulator.disabledRegions answer like a region the account has not opted into.
 * @param {Ctx} ctx
 * @param {'lambda'|'sts'|'s3'} service
 * @returns {ApiError | undefined}
 */
export function credentialError(ctx, service) {
  const errors = CREDENTIAL_ERRORS[service]
  const make = (/** @type {any[]} */ [code, status, message]) => new ApiError(code, status, message)
  if (service === 'lambda' && ctx.region && ctx.emu.disabledRegions.has(ctx.region)) return make(errors.invalid)
  const key = ctx.accessKeyId
  if (!key || !key.startsWith('ASIA') || !ctx.emu.sts.verifySessionTokens) return undefined
  const creds = ctx.emu.sts.issued.find((c) => c.accessKeyId === key)
  const token = ctx.headers['x-amz-security-token'] ?? ctx.query['X-Amz-Security-Token']
  if (!creds || creds.sessionToken !== token) return make(errors.invalid)
  if (creds.expiration.getTime() <= Date.now()) return make(errors.expired)
  return undefined
}
