// @ts-check
// SSM Parameter Store over AWS JSON 1.1 (POST / with X-Amz-Target: AmazonSSM.<Operation>):
// PutParameter, GetParameter, GetParameters, DeleteParameter, DeleteParameters. One store per
// region. Shapes and limits from the ssm-2014-11-06 model (botocore); name rules in ssm-names.js.
import { ApiError } from './errors.js'
import { jsonReply } from './http-util.js'
import { sessionError } from './session.js'
import { checkParameterName, checkReserved, nameKey, parameterArn } from './ssm-names.js'
import { regionMap } from './state.js'
import { Violations } from './validation.js'

/** @typedef {import('./server.js').Ctx} Ctx */

/**
 * @typedef {object} SsmVersion
 * @property {number} Version
 * @property {string} Value
 * @property {string} Type
 * @property {string} DataType
 * @property {string} Tier
 * @property {string} [Description]
 * @property {Date} LastModifiedDate
 */

/**
 * @typedef {object} SsmParameter
 * @property {string} Name as first written (`/x` and `x` are one parameter)
 * @property {SsmVersion[]} versions oldest first; the service keeps the newest 100
 */

const TYPES = ['String', 'StringList', 'SecureString']
const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering']
const DATA_TYPES = ['text', 'aws:ec2:image', 'aws:ssm:integration']
/** Value limits: Standard 4 KB, Advanced 8 KB (model: PutParameter Value and Tier docs). */
const STANDARD_VALUE = 4096
const ADVANCED_VALUE = 8192
/** The service-side ceiling before the tier check (recorded: ministryofjustice/cloud-platform-infrastructure#3906). */
const VALUE_CEILING = 32768
/** "Parameter Store retains the 100 most recently created versions" (ParameterMaxVersionLimitExceeded doc). */
const KEPT_VERSIONS = 100

const STANDARD_TOO_LARGE =
  'Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. ' +
  'For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html'
const ALREADY_EXISTS = 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.'

/**
 * @param {Ctx} ctx
 * @returns {import('./server.js').Route}
 */
export function matchSsm(ctx) {
  const target = String(ctx.headers['x-amz-target'] ?? '')
  const operation = target.replace(/^AmazonSSM\./, '')
  /** @type {any} */
  let json
  try {
    json = ctx.body.length ? JSON.parse(ctx.body.toString('utf8')) : {}
  } catch {
    json = undefined
  }
  /** @type {Record<string, (body: any) => unknown>} */
  const ops = {
    PutParameter: (b) => putParameter(ctx, b),
    GetParameter: (b) => getParameter(ctx, b),
    GetParameters: (b) => getParameters(ctx, b),
    DeleteParameter: (b) => deleteParameter(ctx, b),
    DeleteParameters: (b) => deleteParameters(ctx, b)
  }
  return {
    service: 'ssm',
    operation,
    body: json,
    run: () => {
      const denied = sessionError(ctx, 400)
      if (denied) throw denied
      if (json === undefined) throw new ApiError('SerializationException', 400, 'Start of structure or map found where not expected.')
      const op = ops[operation]
      if (!op) throw new ApiError('UnknownOperationException', 400, `Unknown operation ${target}`)
      return jsonReply(200, op(json), { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': ctx.requestId })
    }
  }
}

/** @param {Ctx} ctx */
const storeOf = (ctx) => regionMap(ctx.emu.state.parameters, ctx.region ?? 'us-east-1')

/** @param {Ctx} ctx @param {any} b */
function putParameter(ctx, b) {
  const v = new Violations()
  v.string(b.Name, 'name', { min: 1, max: 2048, required: true })
  if (b.Value === undefined || b.Value === null) v.add(undefined, 'value', 'Member must not be null')
  else if (String(b.Value).length > VALUE_CEILING) {
    v.list.push(`Value at 'value' failed to satisfy constraint: Member must have length less than or equal to ${VALUE_CEILING}`)
  }
  v.string(b.Description, 'description', { max: 1024 })
  enumCheck(v, b.Type, 'type', TYPES)
  enumCheck(v, b.Tier, 'tier', TIERS)
  v.string(b.DataType, 'dataType', { max: 128 })
  v.string(b.AllowedPattern, 'allowedPattern', { max: 1024 })
  v.string(b.KeyId, 'keyId', { min: 1, max: 256, pattern: '^([a-zA-Z0-9:/_-]+)$' })
  v.throwIfAny()
  const region = ctx.region ?? 'us-east-1'
  const name = checkParameterName(String(b.Name), ctx.emu, region)
  const store = storeOf(ctx)
  const existing = store.get(nameKey(name))
  const previous = existing?.versions.at(-1)
  if (b.Overwrite && b.Tags?.length) {
    throw invalid(
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. " +
        'To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.'
    )
  }
  if (previous && !b.Overwrite) throw new ApiError('ParameterAlreadyExists', 400, ALREADY_EXISTS)
  if (!previous && b.Type === undefined) throw invalid('A parameter type is required when you create a parameter.')
  if (previous && b.Type !== undefined && b.Type !== previous.Type) {
    throw new ApiError(
      'HierarchyTypeMismatchException',
      400,
      "Parameter Store doesn't support changing a parameter type in a hierarchy. For example, you can't change a parameter from a String type to a SecureString type. You must create a new, unique parameter."
    )
  }
  const dataType = b.DataType ?? previous?.DataType ?? 'text'
  if (!DATA_TYPES.includes(dataType))
    throw invalid(`The following data type is not supported: ${dataType} (Data type names are all lowercase.)`)
  const value = String(b.Value)
  const tier = tierFor(b.Tier ?? previous?.Tier, value)
  /** @type {SsmVersion} */
  const version = {
    Version: (previous?.Version ?? 0) + 1,
    Value: value,
    Type: b.Type ?? previous?.Type,
    DataType: dataType,
    Tier: tier,
    Description: b.Description ?? previous?.Description,
    LastModifiedDate: new Date()
  }
  const parameter = existing ?? { Name: name, versions: [] }
  parameter.versions = [...parameter.versions, version].slice(-KEPT_VERSIONS)
  store.set(nameKey(name), parameter)
  return { Version: version.Version, Tier: tier }
}

/**
 * The tier a value lands in; Standard holds 4096 characters, Advanced 8192. Intelligent-Tiering
 * picks Advanced only when the value needs it (model: Tier documentation).
 * @param {string | undefined} requested
 * @param {string} value
 */
function tierFor(requested, value) {
  const length = [...value].length
  const tier = requested === 'Intelligent-Tiering' ? (length > STANDARD_VALUE ? 'Advanced' : 'Standard') : (requested ?? 'Standard')
  if (tier === 'Standard' && length > STANDARD_VALUE) throw invalid(STANDARD_TOO_LARGE)
  if (tier === 'Advanced' && length > ADVANCED_VALUE) {
    throw invalid(`Advanced tier parameters support a maximum parameter value of ${ADVANCED_VALUE} characters. (emulator wording)`)
  }
  return tier
}

/**
 * Resolve `name`, `name:version` or the parameter's ARN (own account and region) to a version.
 * @param {Ctx} ctx
 * @param {string} raw
 * @returns {{ parameter: SsmParameter, version: SsmVersion } | undefined}
 */
function lookup(ctx, raw) {
  const arnPrefix = parameterArn(ctx.emu, ctx.region ?? 'us-east-1', '')
  const ref = raw.startsWith(arnPrefix) ? `/${raw.slice(arnPrefix.length)}` : raw
  const colon = ref.lastIndexOf(':')
  const name = colon < 0 ? ref : ref.slice(0, colon)
  const parameter = storeOf(ctx).get(nameKey(name.trim()))
  if (!parameter) return undefined
  if (colon < 0) return { parameter, version: /** @type {SsmVersion} */ (parameter.versions.at(-1)) }
  const selector = ref.slice(colon + 1)
  const version = /^\d+$/.test(selector) ? parameter.versions.find((p) => p.Version === Number(selector)) : undefined
  if (!version) {
    throw new ApiError(
      'ParameterVersionNotFound',
      400,
      `Systems Manager could not find version ${selector} of ${parameter.Name}. Verify the version and try again.`
    )
  }
  return { parameter, version }
}

/** The `Parameter` shape of GetParameter(s). @param {Ctx} ctx @param {{ parameter: SsmParameter, version: SsmVersion }} found */
function describe(ctx, { parameter, version }) {
  return {
    Name: parameter.Name,
    Type: version.Type,
    Value: version.Value,
    Version: version.Version,
    LastModifiedDate: version.LastModifiedDate.getTime() / 1000,
    ARN: parameterArn(ctx.emu, ctx.region ?? 'us-east-1', parameter.Name),
    DataType: version.DataType
  }
}

/** @param {Ctx} ctx @param {any} b */
function getParameter(ctx, b) {
  const v = new Violations()
  v.string(b.Name, 'name', { min: 1, max: 2048, required: true })
  v.throwIfAny()
  const found = lookup(ctx, String(b.Name))
  if (!found) throw new ApiError('ParameterNotFound', 400, '')
  return { Parameter: describe(ctx, found) }
}

/** @param {Violations} v @param {unknown} names */
function checkNames(v, names) {
  if (!Array.isArray(names)) v.add(undefined, 'names', 'Member must not be null')
  else if (names.length < 1 || names.length > 10) {
    v.add(names, 'names', `Member must have length ${names.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 10'}`)
  }
}

/** @param {Ctx} ctx @param {any} b */
function getParameters(ctx, b) {
  const v = new Violations()
  checkNames(v, b.Names)
  v.throwIfAny()
  /** @type {string[]} */
  const names = b.Names
  const found = names.map((n) => ({ n, found: lookup(ctx, String(n)) }))
  return {
    Parameters: found.flatMap((f) => (f.found ? [describe(ctx, f.found)] : [])),
    InvalidParameters: found.filter((f) => !f.found).map((f) => f.n)
  }
}

/** @param {Ctx} ctx @param {any} b */
function deleteParameter(ctx, b) {
  const v = new Violations()
  v.string(b.Name, 'name', { min: 1, max: 2048, required: true })
  v.throwIfAny()
  const name = String(b.Name).trim()
  checkReserved(name)
  if (!storeOf(ctx).delete(nameKey(name))) throw new ApiError('ParameterNotFound', 400, '')
  return {}
}

/** @param {Ctx} ctx @param {any} b */
function deleteParameters(ctx, b) {
  const v = new Violations()
  checkNames(v, b.Names)
  v.throwIfAny()
  /** @type {string[]} */
  const names = b.Names
  const deleted = names.filter((n) => storeOf(ctx).delete(nameKey(String(n).trim())))
  return { DeletedParameters: deleted, InvalidParameters: names.filter((n) => !deleted.includes(n)) }
}

/** @param {Violations} v @param {unknown} value @param {string} at @param {string[]} allowed */
function enumCheck(v, value, at, allowed) {
  if (value !== undefined && value !== null && !allowed.includes(String(value))) {
    v.add(value, at, `Member must satisfy enum value set: [${allowed.join(', ')}]`)
  }
}

/** @param {string} message */
const invalid = (message) => new ApiError('ValidationException', 400, message)
