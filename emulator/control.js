// @ts-check
// /_emulator/...: downloads behind Content.Location (presigned-URL stand-ins) and a small
// control API so a separately started emulator (cli.js) can be seeded and inspected.
import { ApiError } from './errors.js'
import { emptyReply, jsonReply, rangeReply } from './http-util.js'

/** @typedef {import('./server.js').Ctx} Ctx */

/**
 * @param {Ctx} ctx
 * @returns {import('./server.js').Route}
 */
export function matchControl(ctx) {
  const [, what, ...rest] = ctx.segments
  if (what === 'layer-content' && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
    return { service: 's3', operation: 'GetLayerContent', body: undefined, run: () => layerContent(ctx, rest) }
  }
  let body
  try {
    body = ctx.body.length ? JSON.parse(ctx.body.toString('utf8')) : {}
  } catch {
    body = {}
  }
  const emu = ctx.emu
  /** @type {Record<string, () => import('./http-util.js').Reply>} */
  const ops = {
    'GET requests': () => jsonReply(200, emu.requests),
    'GET state': () => jsonReply(200, summary(ctx)),
    'POST reset': () => (emu.reset(), emptyReply(204)),
    'POST functions': () => jsonReply(201, emu.addFunction(body).config),
    'POST buckets': () => {
      emu.createBucket(body.region ?? 'us-east-1', body.name)
      if (body.versioning) emu.setBucketVersioning(body.name, body.versioning)
      return emptyReply(201)
    },
    'POST signing-profiles': () => jsonReply(201, emu.addSigningProfile(body)),
    'POST objects': () => {
      emu.putObject(body.bucket, body.key, Buffer.from(body.base64 ?? '', 'base64'))
      return emptyReply(201)
    },
    'POST faults': () => (emu.faults.add(body.operation, body.fault ?? {}), emptyReply(201)),
    'DELETE faults': () => (emu.faults.clear(), emptyReply(204)),
    'POST comments': () => jsonReply(201, emu.addComment(body)),
    'POST release': () => (emu.release(String(body.name)), emptyReply(204)),
    'GET holds': () => jsonReply(200, { waiting: emu.holds.waiting() }),
    'PATCH config': () => (configure(emu, body), emptyReply(204))
  }
  const op = ops[`${ctx.method} ${what}`]
  return {
    service: 'emulator',
    operation: `Control:${what}`,
    body: undefined,
    run: () => {
      if (!op) throw new ApiError('NotFound', 404, `No emulator control endpoint ${ctx.method} /_emulator/${what}`)
      return op()
    }
  }
}

/**
 * PATCH /_emulator/config: JSON-friendly settings. Objects are merged into the settings of the
 * same name ({ sts: { sessionLifetimeSeconds, identities, ... }, oidc, github: { identity, tokens },
 * limits, signer }); lists replace ({ disabledRegions: [...], unsupportedFields: { region: [field] } });
 * denyRoles adds; rateLimit: {...} turns the limit on, null turns it off.
 * @param {import('./emulator.js').Emulator} emu
 * @param {Record<string, any>} body
 */
function configure(emu, body) {
  Object.assign(emu.sts, body.sts ?? {})
  Object.assign(emu.oidc, body.oidc ?? {})
  Object.assign(emu.github, body.github ?? {})
  Object.assign(emu.limits, body.limits ?? {})
  Object.assign(emu.signer, body.signer ?? {})
  for (const role of body.denyRoles ?? []) emu.sts.denyRoles.add(role)
  if (body.disabledRegions) {
    emu.disabledRegions.clear()
    for (const region of body.disabledRegions) emu.disabledRegions.add(region)
  }
  if (body.unsupportedFields) {
    emu.unsupportedFields.clear()
    for (const [region, fields] of Object.entries(body.unsupportedFields))
      emu.unsupportedFields.set(region, new Set(/** @type {string[]} */ (fields)))
  }
  if (body.rateLimit !== undefined) emu.rateLimit.configure(body.rateLimit)
}

/** GET /_emulator/layer-content/{region}/{name}/{version}?X-Amz-Signature=token (Range aware). */
function layerContent(/** @type {Ctx} */ ctx, /** @type {string[]} */ [region, name, version]) {
  const lv = ctx.emu.state.layers.get(region)?.get(name)?.versions.get(Number(version))
  if (!lv) throw new ApiError('NoSuchKey', 404, 'The specified key does not exist.')
  if (ctx.query['X-Amz-Signature'] !== lv.contentToken) {
    throw new ApiError('AccessDenied', 403, 'Request has expired or the signature does not match')
  }
  const reply = rangeReply(lv.zip, /** @type {string|undefined} */ (ctx.headers.range), {
    'content-type': 'application/zip',
    etag: `"${lv.CodeSha256}"`
  })
  if (ctx.method === 'HEAD') delete reply.body
  return reply
}

/** JSON-friendly view of the state (no zip bytes). @param {Ctx} ctx */
function summary(ctx) {
  const s = ctx.emu.state
  /** @type {Record<string, Record<string, unknown>>} */
  const layers = {}
  for (const [region, byName] of s.layers) {
    layers[region] = {}
    for (const [name, layer] of byName) {
      layers[region][name] = {
        latestVersion: layer.latestVersion,
        versions: [...layer.versions.values()].map(({ zip: _zip, contentToken: _t, ...rest }) => rest)
      }
    }
  }
  /** @type {Record<string, Record<string, unknown>>} */
  const functions = {}
  for (const [region, byName] of s.functions) {
    functions[region] = Object.fromEntries([...byName].map(([name, r]) => [name, r.config]))
  }
  const buckets = Object.fromEntries(
    [...s.buckets].map(([name, b]) => [
      name,
      {
        region: b.region,
        versioning: b.versioning,
        keys: [...b.objects.keys()],
        uploads: [...b.uploads].map(([uploadId, u]) => ({ key: u.key, uploadId, initiated: u.initiated.toISOString() }))
      }
    ])
  )
  const parameters = mapRegions(s.parameters, (p) => ({ Name: p.Name, versions: p.versions }))
  const signingJobs = mapRegions(s.signingJobs, ({ profile, ...job }) => ({ ...job, profileName: profile.profileName }))
  return { layers, functions, buckets, comments: s.comments, parameters, signingJobs }
}

/**
 * @template V, W
 * @param {Map<string, Map<string, V>>} byRegion
 * @param {(value: V) => W} view
 * @returns {Record<string, Record<string, W>>}
 */
function mapRegions(byRegion, view) {
  return Object.fromEntries([...byRegion].map(([region, m]) => [region, Object.fromEntries([...m].map(([k, v]) => [k, view(v)]))]))
}
