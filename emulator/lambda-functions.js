// @ts-check
// Function configuration: GetFunction(Configuration), UpdateFunctionConfiguration (layers) and
// the seeding helper behind emulator.addFunction().
import { createHash, randomUUID } from 'node:crypto'
import { ApiError, lambdaError } from './errors.js'
import { jsonReply, lambdaDate } from './http-util.js'
import { findLayerVersion, isLayerVersionArn, resolveLayerName } from './lambda-layers.js'
import { regionMap } from './state.js'
import { P, Violations } from './validation.js'

/** @typedef {import('./lambda.js').LambdaCtx} Ctx */
/** @typedef {import('./state.js').FunctionRecord} FunctionRecord */

/**
 * @typedef {object} AddFunctionOptions
 * @property {string} name
 * @property {string} [region] default 'us-east-1'
 * @property {string[]} [layers] layer version ARNs (need not exist: lets tests seed foreign layers)
 * @property {string} [runtime] default 'nodejs22.x'
 * @property {string} [handler]
 * @property {string} [role]
 * @property {string} [description]
 * @property {number} [memorySize]
 * @property {number} [timeout]
 * @property {string[]} [architectures]
 * @property {number} [codeSize] zipped size of the function's own code
 * @property {number} [unzippedSize] unzipped size of its code (counts toward the 250 MB limit)
 * @property {number} [pollsUntilDone] GetFunctionConfiguration calls until an update finishes (default 1)
 * @property {string | { reason: string, reasonCode?: string }} [failUpdates] updates end 'Failed' with this reason
 */

/** @param {import('./server.js').Emulator} emu @param {string} region @param {string} name */
function functionArn(emu, region, name) {
  return `arn:${emu.partition}:lambda:${region}:${emu.accountId}:function:${name}`
}

/**
 * @param {import('./server.js').Emulator} emu
 * @param {AddFunctionOptions} opts
 * @returns {FunctionRecord}
 */
export function addFunction(emu, opts) {
  const region = opts.region ?? 'us-east-1'
  const layers = opts.layers ?? []
  /** @type {Record<string, any>} */
  const config = {
    FunctionName: opts.name,
    FunctionArn: functionArn(emu, region, opts.name),
    Runtime: opts.runtime ?? 'nodejs22.x',
    Role: opts.role ?? `arn:${emu.partition}:iam::${emu.accountId}:role/lambda-role`,
    Handler: opts.handler ?? 'index.handler',
    CodeSize: opts.codeSize ?? 1024,
    Description: opts.description ?? '',
    Timeout: opts.timeout ?? 3,
    MemorySize: opts.memorySize ?? 128,
    LastModified: lambdaDate(),
    CodeSha256: createHash('sha256').update(opts.name).digest('base64'),
    Version: '$LATEST',
    Environment: { Variables: {} },
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: randomUUID(),
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: opts.architectures ?? ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${opts.name}` }
  }
  if (layers.length > 0) {
    config.Layers = layers.map((arn) => ({ Arn: arn, CodeSize: layerSize(emu, arn)?.CodeSize ?? 0 }))
  }
  const fail = typeof opts.failUpdates === 'string' ? { reason: opts.failUpdates } : opts.failUpdates
  /** @type {FunctionRecord} */
  const record = {
    config,
    pollsUntilDone: opts.pollsUntilDone ?? 1,
    failUpdates: fail ? { reason: fail.reason, reasonCode: fail.reasonCode ?? 'InternalError' } : undefined,
    unzippedSize: opts.unzippedSize ?? config.CodeSize,
    pending: undefined
  }
  regionMap(emu.state.functions, region).set(opts.name, record)
  return record
}

/** @param {import('./server.js').Emulator} emu @param {string} arn */
function layerSize(emu, arn) {
  const m = /^arn:[^:]*:lambda:([^:]+):(\d{12}):layer:([^:]+):(\d+)$/.exec(arn)
  if (!m || m[2] !== emu.accountId) return undefined
  return emu.state.layers.get(m[1])?.get(m[3])?.versions.get(Number(m[4]))
}

/**
 * Name, partial ARN or ARN (optionally qualified) -> region, name, qualifier.
 * @param {Ctx} ctx
 * @param {string} raw
 */
function resolveFunction(ctx, raw) {
  const v = new Violations()
  v.string(raw, 'functionName', { min: 1, max: 256, pattern: P.functionName, required: true })
  v.throwIfAny()
  const m = /^(?:arn:[^:]*:lambda:([^:]+):(\d{12}):function:|(\d{12}):function:)?([^:]+)(?::(.+))?$/.exec(raw)
  const region = m?.[1] ?? ctx.region
  const name = m?.[4] ?? raw
  const qualifier = ctx.query.Qualifier ?? m?.[5]
  const record = ctx.emu.state.functions.get(region)?.get(name)
  const account = m?.[2] ?? m?.[3] ?? ctx.emu.accountId
  if (!record || account !== ctx.emu.accountId || (qualifier !== undefined && qualifier !== '$LATEST')) {
    const arn = functionArn(ctx.emu, region, name) + (qualifier !== undefined ? `:${qualifier}` : '')
    throw lambdaError.notFound(`Function not found: ${arn}`)
  }
  return { region, name, record }
}

/** Configurations are plain JSON data. @param {Record<string, any>} value @returns {Record<string, any>} */
const clone = (value) => JSON.parse(JSON.stringify(value))

/** A read of the configuration counts as one poll of an update in progress. */
function poll(/** @type {FunctionRecord} */ record) {
  const pending = record.pending
  if (!pending) return
  pending.remaining -= 1
  if (pending.remaining > 0) return
  const config = record.config
  record.pending = undefined
  delete config.LastUpdateStatusReason
  delete config.LastUpdateStatusReasonCode
  if (record.failUpdates) {
    // A failed update leaves the function on its previous configuration.
    for (const key of Object.keys(config)) if (!(key in pending.previous)) delete config[key]
    Object.assign(config, clone(pending.previous))
    config.LastUpdateStatus = 'Failed'
    config.LastUpdateStatusReason = record.failUpdates.reason
    config.LastUpdateStatusReasonCode = record.failUpdates.reasonCode
  } else {
    config.LastUpdateStatus = 'Successful'
  }
  config.RevisionId = randomUUID()
}

/** @param {Ctx} ctx @param {string} rawName */
export function getFunctionConfiguration(ctx, rawName) {
  const { record } = resolveFunction(ctx, rawName)
  poll(record)
  return jsonReply(200, record.config)
}

/** @param {Ctx} ctx @param {string} rawName */
export function getFunction(ctx, rawName) {
  const { record } = resolveFunction(ctx, rawName)
  poll(record)
  return jsonReply(200, {
    Configuration: record.config,
    Code: { RepositoryType: 'S3', Location: `${ctx.emu.url}/_emulator/function-code/${record.config.FunctionName}` }
  })
}

const UPDATABLE = [
  'Role',
  'Handler',
  'Description',
  'Timeout',
  'MemorySize',
  'Environment',
  'Runtime',
  'TracingConfig',
  'EphemeralStorage',
  'DeadLetterConfig',
  'KMSKeyArn'
]

/** @param {Ctx} ctx @param {string} rawName */
export function updateFunctionConfiguration(ctx, rawName) {
  const body = ctx.json
  const v = new Violations()
  if (body.Layers !== undefined && (!Array.isArray(body.Layers) || !body.Layers.every((a) => isLayerVersionArn(String(a))))) {
    v.add(
      body.Layers,
      'layers',
      `Member must satisfy constraint: [Member must have length less than or equal to 2048, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${P.layerVersionArn}, Member must not be null]`
    )
  }
  v.string(body.Description, 'description', { max: 256 })
  v.integer(body.Timeout, 'timeout', { min: 1, max: 5400 })
  v.integer(body.MemorySize, 'memorySize', { min: 128, max: 32768 })
  v.throwIfAny()
  const { region, record } = resolveFunction(ctx, rawName)
  const config = record.config
  if (record.pending) {
    throw lambdaError.conflict(
      `The operation cannot be performed at this time. An update is in progress for resource: ${config.FunctionArn}`
    )
  }
  if (body.RevisionId !== undefined && body.RevisionId !== config.RevisionId) {
    throw lambdaError.precondition(
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id'
    )
  }
  const layers = body.Layers === undefined ? undefined : checkLayers(ctx, record, region, /** @type {string[]} */ (body.Layers))
  const previous = clone(config)
  for (const key of UPDATABLE) if (body[key] !== undefined) config[key] = body[key]
  if (layers) {
    if (layers.length === 0) delete config.Layers
    else config.Layers = layers
  }
  config.LastModified = lambdaDate()
  config.LastUpdateStatus = 'InProgress'
  config.LastUpdateStatusReason = 'The function is being created.'
  config.LastUpdateStatusReasonCode = 'Creating'
  config.RevisionId = randomUUID()
  record.pending = { remaining: Math.max(1, record.pollsUntilDone), previous }
  return jsonReply(200, config)
}

/**
 * Lambda's layer-list rules, in the order the live service reports them.
 * @param {Ctx} ctx @param {FunctionRecord} record @param {string} region @param {string[]} arns
 */
function checkLayers(ctx, record, region, arns) {
  const limit = ctx.emu.limits.layersPerFunction
  if (arns.length > limit) throw lambdaError.invalidParameter(`Cannot reference more than ${limit} layers.`)
  const refs = arns.map((arn) => ({ arn, ...resolveLayerName(ctx, arn) }))
  if (refs.some((r) => r.region !== region)) {
    throw lambdaError.invalidParameter(`Layers are not in the same region as the function. Layers are expected to be in region ${region}.`)
  }
  for (let i = 0; i < refs.length; i++) {
    for (let j = i + 1; j < refs.length; j++) {
      if (refs[i].account === refs[j].account && refs[i].name === refs[j].name) {
        throw lambdaError.invalidParameter(
          `Two different versions of the same layer are not allowed to be referenced in the same function. ${refs[i].arn} and ${refs[j].arn} are versions of the same layer.`
        )
      }
    }
  }
  /** @type {Array<{ Arn: string, CodeSize: number }>} */
  const current = record.config.Layers ?? []
  let unzipped = record.unzippedSize
  const result = refs.map((ref) => {
    const lv = findLayerVersion(ctx, ref, /** @type {number} */ (ref.version))
    // A version deleted after the function started using it keeps working; new references fail.
    const kept = current.find((l) => l.Arn === ref.arn)
    if (!lv && !kept) throw lambdaError.invalidParameter(`Layer version ${ref.arn} does not exist.`)
    unzipped += lv?.UnzippedSize ?? 0
    return { Arn: ref.arn, CodeSize: lv?.CodeSize ?? kept?.CodeSize ?? 0 }
  })
  if (unzipped > ctx.emu.limits.unzippedBytes) {
    throw new ApiError(
      'InvalidParameterValueException',
      400,
      `Function code combined with layers exceeds the maximum allowed size of ${ctx.emu.limits.unzippedBytes} bytes. The actual size is ${unzipped} bytes.`
    )
  }
  return result
}
