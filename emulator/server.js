// @ts-check
// In-repo emulator of the AWS and GitHub endpoints the action talks to, for integration and
// end-to-end tests and `npm run demo`. One HTTP server; routing, first match wins:
//   1. /_emulator/...                   layer zip downloads (Content.Location) and the control API
//   2. /oidc/...                        GitHub Actions OIDC token endpoint (GET /oidc/token)
//   3. /github/...                      GitHub REST issue comments (octokit baseUrl `${url}/github`)
//   4. /2015-03-31/... or /2018-10-31/... Lambda rest-json
//   5. X-Amz-Target: AmazonSSM.*        SSM, AWS JSON 1.1
//   6. signed for service "signer"      AWS Signer rest-json (/signing-jobs, /signing-profiles)
//   7. POST / with a form-urlencoded body STS query protocol (Action=...)
//   8. anything else                    S3, path-style (/bucket/key); bucket names oidc, github,
//                                       2015-03-31 and 2018-10-31 are therefore reserved
// The region comes from the SigV4 credential scope (signatures are not verified); state is per
// region. Every request except control calls is recorded in emulator.requests.
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { matchControl } from './control.js'
import { Emulator } from './emulator.js'
import { ApiError, faultError, renderError } from './errors.js'
import { matchGithub } from './github.js'
import { sigv4Scope } from './http-util.js'
import { matchLambda } from './lambda.js'
import { matchOidc } from './oidc.js'
import { matchS3 } from './s3.js'
import { matchSigner } from './signer.js'
import { matchSsm } from './ssm.js'
import { credentialError, matchSts, sessionOf } from './sts.js'
import { readBody, stall, writeReply } from './wire.js'

export { Emulator, defaultLimits } from './emulator.js'

/** @typedef {import('./errors.js').ServiceName} ServiceName */
/** @typedef {import('./http-util.js').Reply} Reply */
/** @typedef {import('./faults.js').Fault} Fault */
/** @typedef {import('./emulator.js').EmulatorOptions} EmulatorOptions */

/**
 * @typedef {object} Ctx
 * @property {Emulator} emu
 * @property {string} method
 * @property {string} path raw (percent-encoded) path
 * @property {string[]} segments decoded, non-empty path segments
 * @property {Record<string, string>} query
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {Buffer} body
 * @property {string | undefined} region from the SigV4 credential scope
 * @property {string | undefined} accessKeyId
 * @property {string} requestId
 */

/**
 * @typedef {object} Route
 * @property {ServiceName | 'emulator'} service
 * @property {string} operation
 * @property {unknown} body what the request log keeps (parsed JSON, form params, or undefined)
 * @property {() => Reply | Promise<Reply>} run
 */

/**
 * @typedef {object} RecordedRequest
 * @property {ServiceName} service
 * @property {string} operation
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} query
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {any} body parsed JSON (Lambda, GitHub; inline ZipFile shown as "[N bytes]"), form params (STS), else undefined
 * @property {number} bodyLength raw body size in bytes
 * @property {string | undefined} region
 * @property {string} [accessKeyId]
 * @property {string} [roleSessionName] the STS role session of the signing credentials, when this emulator issued them
 * @property {string} requestId
 * @property {number} time Date.now() on arrival
 * @property {number} [status] status answered (undefined when no answer was written: dropped, reset, hung, client gone)
 * @property {Fault} [fault] the injected fault this request consumed
 */

/**
 * Start an emulator on 127.0.0.1.
 * @param {EmulatorOptions} [options]
 * @returns {Promise<Emulator>}
 */
export async function startEmulator(options = {}) {
  const server = createServer()
  const emu = new Emulator(options, server)
  server.on('request', (req, res) => {
    handle(emu, req, res).catch((err) => {
      if (!res.headersSent && !res.destroyed) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(String(err?.stack ?? err))
    })
  })
  await new Promise((resolve, reject) => {
    emu.server.once('error', reject)
    emu.server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined))
  })
  const address = emu.server.address()
  if (!address || typeof address === 'string') throw new Error('emulator: no TCP address')
  emu.url = `http://127.0.0.1:${address.port}`
  return emu
}

/** @param {Ctx} ctx @returns {Route} */
function route(ctx) {
  const first = ctx.path.split('/')[1] ?? ''
  if (first === '_emulator') return matchControl(ctx)
  if (first === 'oidc') return matchOidc(ctx)
  if (first === 'github') return matchGithub(ctx)
  if (first === '2015-03-31' || first === '2018-10-31') return matchLambda(ctx)
  if (String(ctx.headers['x-amz-target'] ?? '').startsWith('AmazonSSM.')) return matchSsm(ctx)
  if (sigv4Scope(ctx.headers, ctx.query)?.service === 'signer') return matchSigner(ctx)
  const form = String(ctx.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
  if (ctx.method === 'POST' && ctx.path === '/' && form) return matchSts(ctx)
  return matchS3(ctx)
}

/** @param {string} s */
function decodeSegment(s) {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/**
 * @param {Emulator} emu
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function handle(emu, req, res) {
  const { body, tooLarge, size } = await readBody(req, emu.limits.maxBodyBytes)
  const url = new URL(req.url ?? '/', 'http://emulator')
  const query = Object.fromEntries(url.searchParams)
  const scope = sigv4Scope(req.headers, query)
  /** @type {Ctx} */
  const ctx = {
    emu,
    method: req.method ?? 'GET',
    path: url.pathname,
    segments: url.pathname.split('/').filter(Boolean).map(decodeSegment),
    query,
    headers: req.headers,
    body,
    region: scope?.region,
    accessKeyId: scope?.accessKeyId,
    requestId: randomUUID()
  }
  const r = route(ctx)
  const service = r.service === 'emulator' ? undefined : r.service
  const roleSessionName = sessionOf(emu, ctx.accessKeyId)?.roleSessionName
  const fault = service ? emu.faults.take(r.operation, { region: ctx.region, roleSessionName }) : undefined
  /** @type {RecordedRequest | undefined} */
  const record = service ? recordOf(ctx, r, service, size, roleSessionName, fault) : undefined
  if (record) emu.record(record)
  const line = (/** @type {string} */ outcome) => emu.log?.(`${ctx.method} ${req.url} ${r.service}:${r.operation} -> ${outcome}`)
  if (fault && !fault.afterApply && !(await stall(fault, emu.holds, req.socket))) return line('no answer')
  const reply = await answer(ctx, r, service, tooLarge, fault)
  if (fault?.afterApply && !(await stall(fault, emu.holds, req.socket))) return line('applied, no answer')
  if (res.destroyed || req.socket.destroyed) return line('applied, client gone')
  const headers = { ...reply.headers }
  if (service === 'lambda' && !('x-amzn-requestid' in headers)) headers['x-amzn-requestid'] = ctx.requestId
  if (service === 's3' && !('x-amz-request-id' in headers)) headers['x-amz-request-id'] = ctx.requestId
  const payload = reply.body === undefined ? undefined : Buffer.from(reply.body)
  if (payload && !('content-length' in headers)) headers['content-length'] = payload.length
  if (!payload && !('content-length' in headers) && reply.status !== 204 && reply.status !== 304) headers['content-length'] = 0
  const cut = writeReply(res, reply.status, headers, payload, fault, ctx.method)
  if (record) record.status = reply.status
  line(cut ? `${reply.status} (body cut short)` : String(reply.status))
}

/**
 * Run the handler behind the checks a real endpoint makes first: body size, an injected error,
 * credentials, the rate limit. Errors become the service's own error format.
 * @param {Ctx} ctx
 * @param {Route} r
 * @param {ServiceName | undefined} service
 * @param {boolean} tooLarge
 * @param {Fault | undefined} fault
 * @returns {Promise<Reply>}
 */
async function answer(ctx, r, service, tooLarge, fault) {
  try {
    if (tooLarge)
      throw new ApiError('RequestEntityTooLargeException', 413, `Request must be smaller than ${ctx.emu.limits.maxBodyBytes} bytes`)
    if (fault?.status && service) throw faultError(service, { ...fault, status: fault.status })
    const credentials = service === 'lambda' || service === 'sts' || service === 's3' ? credentialError(ctx, service) : undefined
    if (credentials) throw credentials
    const throttled =
      service === 'lambda' && r.operation !== 'Unknown' ? ctx.emu.rateLimit.take(r.operation, ctx.region ?? 'us-east-1') : undefined
    if (throttled) throw throttled
    return await r.run()
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    return renderError(service ?? 'github', err, ctx.method, ctx.requestId)
  }
}

/**
 * @param {Ctx} ctx
 * @param {Route} r
 * @param {ServiceName} service
 * @param {number} size
 * @param {string | undefined} roleSessionName
 * @param {Fault | undefined} fault
 * @returns {RecordedRequest}
 */
function recordOf(ctx, r, service, size, roleSessionName, fault) {
  /** @type {RecordedRequest} */
  const record = {
    service,
    operation: r.operation,
    method: ctx.method,
    path: ctx.path,
    query: ctx.query,
    headers: ctx.headers,
    body: r.body,
    bodyLength: size,
    region: ctx.region,
    requestId: ctx.requestId,
    time: Date.now()
  }
  if (ctx.accessKeyId) record.accessKeyId = ctx.accessKeyId
  if (roleSessionName) record.roleSessionName = roleSessionName
  if (fault) record.fault = fault
  return record
}
