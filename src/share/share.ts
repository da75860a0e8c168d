// Share stage: one AddLayerVersionPermission per principal, all at once. A version that is live
// but not shared as asked is worse than none, so any failure withdraws the version.
import {
  AddLayerVersionPermissionCommand,
  DeleteLayerVersionCommand,
  GetLayerVersionPolicyCommand,
  type LambdaClient
} from '@aws-sdk/client-lambda'
import { ActionError, describeError } from '../errors.js'
import { limiter } from '../limiter.js'
import { toGrants, type Grant } from './grants.js'
import type { Principal } from '../settings.js'
import type { LayerVersion } from '../aws/layer-version.js'

/** What sharing needs to know of the version. */
type VersionRef = Pick<LayerVersion, 'layerArn' | 'version' | 'layerVersionArn'>

/** One grant as it ended. */
export interface ShareResult extends Grant {
  /** false when an identical statement was already there. */
  added: boolean
}

/** Grants in flight per version: all at once for the usual few, capped for long lists. */
const SHARE_CONCURRENCY = 10

/** What to do when a grant fails. */
export interface ShareOptions {
  /** Delete the version when a grant fails: right for a version this run just made, never for a reused one. */
  withdrawOnFailure?: boolean
}

/**
 * Grants every principal lambda:GetLayerVersion on the version, at most SHARE_CONCURRENCY at once;
 * a statement already there with the same principal counts as done. Returns one result per grant.
 * When any fails, withdraws the version (unless told not to) and throws ActionError naming each
 * failed principal and what became of the version.
 */
export async function shareVersion(
  lambda: LambdaClient,
  version: VersionRef,
  principals: Principal[],
  options: ShareOptions = {}
): Promise<ShareResult[]> {
  const grants = toGrants(principals)
  const run = limiter(SHARE_CONCURRENCY)
  const outcomes = await Promise.allSettled(grants.map((g) => run(() => grant(lambda, version, g))))
  const failed = outcomes
    .map((o, i) => ({ o, g: grants[i] }))
    .filter((x): x is { o: PromiseRejectedResult; g: Grant } => x.o.status === 'rejected')
  if (failed.length === 0) {
    return outcomes.map((o) => (o as PromiseFulfilledResult<ShareResult>).value)
  }
  const withdrawn =
    options.withdrawOnFailure === false
      ? `Version ${version.version} was kept: it existed before this run.`
      : await withdraw(lambda, version)
  const reasons = failed.map(({ o, g }) => `${g.label}: ${describeError(o.reason)}`).join('; ')
  throw new ActionError(
    `Sharing ${version.layerVersionArn} failed for ${reasons}. ${withdrawn}`,
    'Check the principals input and that the role may call lambda:AddLayerVersionPermission',
    { cause: failed[0].o.reason }
  )
}

async function grant(lambda: LambdaClient, version: VersionRef, g: Grant): Promise<ShareResult> {
  try {
    await lambda.send(
      new AddLayerVersionPermissionCommand({
        LayerName: version.layerArn,
        VersionNumber: version.version,
        StatementId: g.statementId,
        Action: 'lambda:GetLayerVersion',
        Principal: g.principal,
        OrganizationId: g.organizationId
      })
    )
    return { ...g, added: true }
  } catch (err) {
    if ((err as Error).name !== 'ResourceConflictException') throw err
    await confirmExisting(lambda, version, g)
    return { ...g, added: false }
  }
}

/** A statement id that already exists is fine only if it grants the same principal. */
async function confirmExisting(lambda: LambdaClient, version: VersionRef, g: Grant): Promise<void> {
  const policy = await lambda.send(new GetLayerVersionPolicyCommand({ LayerName: version.layerArn, VersionNumber: version.version }))
  const statement = findStatement(policy.Policy, g.statementId)
  if (!statement || !sameGrant(statement, g)) {
    throw new ActionError(`statement id ${g.statementId} already exists on the version with a different principal`)
  }
}

interface PolicyStatement {
  Sid?: string
  Principal?: string | { AWS?: string }
  Condition?: { StringEquals?: Record<string, string> }
}

/** The statement with id `sid` in a layer version policy document, if any. Throws SyntaxError when
 * `policy` is not JSON (Lambda always answers JSON). */
export function findStatement(policy: string | undefined, sid: string): PolicyStatement | undefined {
  if (!policy) return undefined
  const parsed = JSON.parse(policy) as { Statement?: PolicyStatement[] }
  return parsed.Statement?.find((s) => s.Sid === sid)
}

/** True when a policy statement grants what `g` asks, compared the way Lambda renders principals
 * (an account id as its root ARN, an organization as '*' with aws:PrincipalOrgID). Never throws. */
export function sameGrant(statement: PolicyStatement, g: Grant): boolean {
  const principal = typeof statement.Principal === 'string' ? statement.Principal : statement.Principal?.AWS
  const org = statement.Condition?.StringEquals?.['aws:PrincipalOrgID']
  if (g.principal === '*') return principal === '*' && org === g.organizationId
  const account = g.principal.includes(':') ? g.principal.split(':')[4] : g.principal
  return org === undefined && typeof principal === 'string' && principal.split(':')[4] === account
}

/** Deletes the just-published version; says what happened, for the failure message. */
async function withdraw(lambda: LambdaClient, version: VersionRef): Promise<string> {
  try {
    await lambda.send(new DeleteLayerVersionCommand({ LayerName: version.layerArn, VersionNumber: version.version }))
    return `Version ${version.version} was deleted so that no half-shared version stays live.`
  } catch (err) {
    return `Deleting version ${version.version} also failed (${describeError(err)}): delete it by hand.`
  }
}
