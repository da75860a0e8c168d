// Sharing of a version this run did not publish (reused by skip-unchanged): the principals listed
// are who may use it. This action's own statements (its statement id prefix) for principals no
// longer listed are removed; statements anyone else added are left as they are, and reported.
import { GetLayerVersionPolicyCommand, RemoveLayerVersionPermissionCommand, type LambdaClient } from '@aws-sdk/client-lambda'
import { isNotFound } from '../aws/answers.js'
import { describeError, sentence } from '../errors.js'
import type { Principal } from '../settings.js'
import { isOwnStatement, policyStatements, statementLabel, toGrants } from './grants.js'
import { ShareError } from './share.js'
import type { VersionRef } from './withdraw.js'

/** One statement of the version's policy: its id and who it lets use the version. */
export interface PolicyGrant {
  statementId: string
  label: string
}

/** What reconciling did to a reused version's policy, and what else it holds. */
export interface Reconciled {
  /** This action's statements for principals no longer listed, removed. */
  revoked: PolicyGrant[]
  /** Statements this action did not add (no `publish-lambda-layer-` id), left as they are. */
  others: PolicyGrant[]
}

/**
 * Makes the version's grants the listed principals' (call it after they were granted, so a
 * listed principal never loses access on the way): reads the policy (GetLayerVersionPolicy) and
 * removes (RemoveLayerVersionPermission) each of this action's statements whose principal is not
 * listed. Returns what it removed and the statements it leaves that this action did not add.
 * Throws ShareError naming each grant it could not remove (the version stays as it was: this run
 * did not create it), or the SDK error of the policy read.
 */
export async function reconcileSharing(
  lambda: LambdaClient,
  version: VersionRef,
  principals: Principal[],
  signal?: AbortSignal
): Promise<Reconciled> {
  const where = { LayerName: version.layerArn, VersionNumber: version.version }
  const policy = await lambda.send(new GetLayerVersionPolicyCommand(where), { abortSignal: signal }).catch((err: unknown) => {
    // 404 "No policy is associated with the given resource": no statement at all.
    if (isNotFound(err)) return { Policy: undefined }
    throw err
  })
  const listed = new Set(toGrants(principals).map((g) => g.statementId))
  const statements = policyStatements(policy.Policy).map((s) => ({ statementId: s.Sid ?? '', label: statementLabel(s) }))
  const stale = statements.filter((s) => isOwnStatement(s.statementId) && !listed.has(s.statementId))
  const outcomes = await Promise.allSettled(stale.map((s) => revoke(lambda, where, s.statementId, signal)))
  const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [`${stale[i].label}: ${describeError(o.reason)}`] : []))
  if (failed.length > 0) {
    const cause: unknown = outcomes.find((o) => o.status === 'rejected')?.reason
    const what = sentence(`Removing grants no longer in principals from ${version.layerVersionArn} failed for ${failed.join('; ')}`)
    throw new ShareError(
      `${what} It is still shared with them; version ${version.version} was kept: this run did not create it.`,
      "Give the role lambda:RemoveLayerVersionPermission on the layer's versions (skip-unchanged removes the grants of principals no longer listed), or publish a new version",
      undefined,
      cause
    )
  }
  return { revoked: stale, others: statements.filter((s) => !isOwnStatement(s.statementId)) }
}

/** Removes one statement; one already gone (404) is as good as removed. */
async function revoke(
  lambda: LambdaClient,
  where: { LayerName: string; VersionNumber: number },
  statementId: string,
  signal?: AbortSignal
): Promise<void> {
  try {
    await lambda.send(new RemoveLayerVersionPermissionCommand({ ...where, StatementId: statementId }), { abortSignal: signal })
  } catch (err) {
    if (!isNotFound(err)) throw err
  }
}
