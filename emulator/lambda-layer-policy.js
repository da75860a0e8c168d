// @ts-check
// Layer version permissions: AddLayerVersionPermission, RemoveLayerVersionPermission,
// GetLayerVersionPolicy. Policies belong to one layer version.
import { randomUUID } from 'node:crypto'
import { ApiError, lambdaError } from './errors.js'
import { emptyReply, jsonReply } from './http-util.js'
import { checkLayerName, findLayerVersion, layerArn, parseVersion, resolveLayerName } from './lambda-layers.js'
import { P, Violations } from './validation.js'

/** @typedef {import('./lambda.js').LambdaCtx} Ctx */
/** @typedef {import('./state.js').LayerPolicyStatement} Statement */

const POLICY_LIMIT = 20480 // UNSURE for layers; AWS documents 20 KB for function policies
const REVISION_MISMATCH =
  'The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id'

/** Resolve the version or fail with the recorded 404 ("Layer version ARN:N does not exist."). */
function target(/** @type {Ctx} */ ctx, /** @type {string} */ rawName, /** @type {string} */ rawVersion) {
  const version = parseVersion(rawVersion)
  const ref = resolveLayerName(ctx, rawName)
  const lv = findLayerVersion(ctx, ref, version)
  if (!lv) throw lambdaError.notFound(`Layer version ${layerArn(ctx, ref)}:${version} does not exist.`)
  return lv
}

/** @param {string|undefined} expected @param {{ RevisionId: string } | undefined} policy */
function checkRevision(expected, policy) {
  if (expected !== undefined && expected !== '' && policy?.RevisionId !== expected) {
    throw lambdaError.precondition(REVISION_MISMATCH)
  }
}

/** @param {Ctx} ctx @param {string} principal */
function principalOf(ctx, principal) {
  if (principal === '*') return '*'
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:${ctx.emu.partition}:iam::${principal}:root` }
  return { AWS: principal }
}

/** @param {Ctx} ctx @param {string} rawName @param {string} rawVersion */
export function addLayerVersionPermission(ctx, rawName, rawVersion) {
  const body = ctx.json
  const v = new Violations()
  checkLayerName(v, rawName)
  v.string(body.StatementId, 'statementId', { min: 1, max: 100, pattern: P.statementId, required: true })
  v.string(body.Action, 'action', { max: 22, pattern: P.action, required: true })
  v.string(body.Principal, 'principal', { max: 10000, pattern: P.principal, required: true })
  v.string(body.OrganizationId, 'organizationId', { max: 34, pattern: P.organizationId })
  v.throwIfAny()
  const lv = target(ctx, rawName, rawVersion)
  if (body.OrganizationId !== undefined && body.Principal !== '*') {
    throw lambdaError.invalidParameter('OrganizationId can only be specified when Principal is "*".')
  }
  checkRevision(ctx.query.RevisionId, lv.policy)
  const existing = lv.policy?.Statement ?? []
  if (existing.some((s) => s.Sid === body.StatementId)) {
    throw lambdaError.conflict(
      `The statement id (${body.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`
    )
  }
  /** @type {Statement} */
  const statement = {
    Sid: body.StatementId,
    Effect: 'Allow',
    Principal: principalOf(ctx, body.Principal),
    Action: body.Action,
    Resource: lv.LayerVersionArn
  }
  if (body.OrganizationId !== undefined) statement.Condition = { StringEquals: { 'aws:PrincipalOrgID': body.OrganizationId } }
  const next = [...existing, statement]
  const size = policyText(next).length
  if (size > POLICY_LIMIT) {
    throw new ApiError('PolicyLengthExceededException', 400, `The final policy size (${size}) is bigger than the limit (${POLICY_LIMIT}).`)
  }
  lv.policy = { RevisionId: randomUUID(), Statement: next }
  return jsonReply(201, { Statement: JSON.stringify(statement), RevisionId: lv.policy.RevisionId })
}

/** @param {Ctx} ctx @param {string} rawName @param {string} rawVersion @param {string} sid */
export function removeLayerVersionPermission(ctx, rawName, rawVersion, sid) {
  const v = new Violations()
  checkLayerName(v, rawName)
  v.string(sid, 'statementId', { min: 1, max: 100, pattern: P.statementId, required: true })
  v.throwIfAny()
  const lv = target(ctx, rawName, rawVersion)
  checkRevision(ctx.query.RevisionId, lv.policy)
  const statements = lv.policy?.Statement ?? []
  if (!lv.policy || !statements.some((s) => s.Sid === sid)) {
    throw lambdaError.notFound(`Statement ${sid} is not found in resource policy.`)
  }
  const rest = statements.filter((s) => s.Sid !== sid)
  lv.policy = rest.length === 0 ? undefined : { RevisionId: randomUUID(), Statement: rest }
  return emptyReply(204)
}

/** @param {Ctx} ctx @param {string} rawName @param {string} rawVersion */
export function getLayerVersionPolicy(ctx, rawName, rawVersion) {
  const v = new Violations()
  checkLayerName(v, rawName)
  v.throwIfAny()
  const lv = target(ctx, rawName, rawVersion)
  if (!lv.policy) throw lambdaError.notFound('No policy is associated with the given resource.')
  return jsonReply(200, { Policy: policyText(lv.policy.Statement), RevisionId: lv.policy.RevisionId })
}

/** @param {Statement[]} statements */
function policyText(statements) {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements })
}
