// @ts-check
// GitHub Actions OIDC token endpoint, as @actions/core getIDToken() calls it:
// GET ${ACTIONS_ID_TOKEN_REQUEST_URL}&audience=<aud> with `Authorization: Bearer <request token>`.
import { randomBytes, randomUUID } from 'node:crypto'
import { ApiError } from './errors.js'
import { jsonReply } from './http-util.js'

/** @typedef {import('./server.js').Ctx} Ctx */

/**
 * @typedef {object} OidcConfig
 * @property {string} requestToken bearer the endpoint expects (ACTIONS_ID_TOKEN_REQUEST_TOKEN)
 * @property {string} issuer `iss` claim
 * @property {string} defaultAudience `aud` when the request names none (GitHub: the owner URL)
 * @property {number} lifetimeSeconds exp - iat (negative issues already expired tokens)
 * @property {Record<string, unknown>} claims extra or overriding claims (e.g. sub, environment)
 * @property {Array<{ token: string, claims: Record<string, unknown> }>} issued
 */

/** @returns {OidcConfig} */
export function defaultOidcConfig() {
  return {
    requestToken: 'oidc-request-token',
    issuer: 'https://token.actions.githubusercontent.com',
    defaultAudience: 'https://github.com/octo-org',
    lifetimeSeconds: 300,
    claims: {},
    issued: []
  }
}

const b64url = (/** @type {unknown} */ value) => Buffer.from(JSON.stringify(value)).toString('base64url')

/**
 * Split and decode a compact JWT; undefined when it is not one. Signatures are not checked:
 * the emulator knows its own tokens by value.
 * @param {string} token
 * @returns {{ header: Record<string, unknown>, payload: Record<string, unknown> } | undefined}
 */
export function decodeJwt(token) {
  const parts = token.split('.')
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return undefined
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'))
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
    if (typeof header !== 'object' || typeof payload !== 'object' || !header || !payload) return undefined
    return { header, payload }
  } catch {
    return undefined
  }
}

/**
 * @param {Ctx} ctx
 * @returns {import('./server.js').Route}
 */
export function matchOidc(ctx) {
  const isToken = ctx.method === 'GET' && ctx.segments.length === 2 && ctx.segments[1] === 'token'
  return {
    service: 'oidc',
    operation: isToken ? 'GetIdToken' : 'Unknown',
    body: undefined,
    run: () => {
      if (!isToken) throw new ApiError('NotFound', 404, 'Not Found')
      return issueToken(ctx)
    }
  }
}

/** @param {Ctx} ctx */
function issueToken(ctx) {
  const config = ctx.emu.oidc
  const auth = ctx.headers.authorization ?? ''
  if (auth !== `Bearer ${config.requestToken}`) throw new ApiError('Unauthorized', 401, 'Bad credentials')
  const now = Math.floor(Date.now() / 1000)
  const repository = 'octo-org/octo-repo'
  /** @type {Record<string, unknown>} */
  const claims = {
    jti: randomUUID(),
    sub: `repo:${repository}:ref:refs/heads/main`,
    aud: ctx.query.audience ?? config.defaultAudience,
    ref: 'refs/heads/main',
    sha: 'a'.repeat(40),
    repository,
    repository_owner: 'octo-org',
    repository_id: '123456789',
    repository_owner_id: '987654321',
    run_id: '1000',
    run_number: '1',
    run_attempt: '1',
    actor: 'octocat',
    workflow: 'publish',
    event_name: 'push',
    ref_type: 'branch',
    job_workflow_ref: `${repository}/.github/workflows/publish.yml@refs/heads/main`,
    iss: config.issuer,
    nbf: now - 5,
    iat: now,
    exp: now + config.lifetimeSeconds,
    ...config.claims
  }
  const header = { typ: 'JWT', alg: 'RS256', x5t: 'emulator', kid: 'emulator' }
  const token = `${b64url(header)}.${b64url(claims)}.${randomBytes(64).toString('base64url')}`
  config.issued.push({ token, claims })
  return jsonReply(200, { count: token.length, value: token })
}
