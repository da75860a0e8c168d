// @ts-check
// Lambda rest-json routing: /2018-10-31/layers... and /2015-03-31/functions...
import { ApiError } from './errors.js'
import * as fn from './lambda-functions.js'
import * as layers from './lambda-layers.js'
import * as policy from './lambda-layer-policy.js'

/**
 * @typedef {import('./server.js').Ctx & { region: string, json: Record<string, any> }} LambdaCtx
 * @typedef {import('./server.js').Route} Route
 */

/**
 * Summarise inline zips in the request log instead of keeping 70 MB strings around.
 * @param {any} json
 */
function loggedBody(json) {
  if (json?.Content?.ZipFile === undefined) return json
  const size = Buffer.byteLength(String(json.Content.ZipFile), 'base64')
  return { ...json, Content: { ...json.Content, ZipFile: `[${size} bytes]` } }
}

/**
 * @param {import('./server.js').Ctx} base
 * @returns {Route}
 */
export function matchLambda(base) {
  /** @type {any} */
  let json = {}
  let parseError = false
  if (base.body.length > 0) {
    try {
      json = JSON.parse(base.body.toString('utf8'))
    } catch {
      parseError = true
    }
  }
  const ctx = /** @type {LambdaCtx} */ ({ ...base, region: base.region ?? 'us-east-1', json })
  const s = base.segments
  const m = base.method
  /** @type {[string, () => import('./http-util.js').Reply] | undefined} */
  let op
  if (s[0] === '2018-10-31' && s[1] === 'layers') {
    const [, , name, versions, version, pol, sid] = s
    if (s.length === 2 && m === 'GET') {
      op =
        base.query.find === 'LayerVersion'
          ? ['GetLayerVersionByArn', () => layers.getLayerVersionByArn(ctx)]
          : ['ListLayers', () => layers.listLayers(ctx)]
    } else if (versions === 'versions' && s.length === 4) {
      if (m === 'POST') op = ['PublishLayerVersion', () => layers.publishLayerVersion(ctx, name)]
      if (m === 'GET') op = ['ListLayerVersions', () => layers.listLayerVersions(ctx, name)]
    } else if (versions === 'versions' && s.length === 5) {
      if (m === 'GET') op = ['GetLayerVersion', () => layers.getLayerVersion(ctx, name, version)]
      if (m === 'DELETE') op = ['DeleteLayerVersion', () => layers.deleteLayerVersion(ctx, name, version)]
    } else if (versions === 'versions' && pol === 'policy' && s.length === 6) {
      if (m === 'POST') op = ['AddLayerVersionPermission', () => policy.addLayerVersionPermission(ctx, name, version)]
      if (m === 'GET') op = ['GetLayerVersionPolicy', () => policy.getLayerVersionPolicy(ctx, name, version)]
    } else if (versions === 'versions' && pol === 'policy' && s.length === 7 && m === 'DELETE') {
      op = ['RemoveLayerVersionPermission', () => policy.removeLayerVersionPermission(ctx, name, version, sid)]
    }
  } else if (s[0] === '2015-03-31' && s[1] === 'functions' && s.length >= 3) {
    const name = s[2]
    if (s.length === 4 && s[3] === 'configuration') {
      if (m === 'GET') op = ['GetFunctionConfiguration', () => fn.getFunctionConfiguration(ctx, name)]
      if (m === 'PUT') op = ['UpdateFunctionConfiguration', () => fn.updateFunctionConfiguration(ctx, name)]
    } else if (s.length === 3 && m === 'GET') {
      op = ['GetFunction', () => fn.getFunction(ctx, name)]
    }
  }
  if (!op) {
    return {
      service: 'lambda',
      operation: 'Unknown',
      body: json,
      run: () => {
        throw new ApiError('UnknownOperationException', 404, `Unknown operation ${m} ${base.path}`)
      }
    }
  }
  const [operation, handler] = op
  return {
    service: 'lambda',
    operation,
    body: parseError ? undefined : loggedBody(json),
    run: () => {
      if (parseError) throw new ApiError('SerializationException', 400, 'Could not parse request body into json')
      return handler()
    }
  }
}
