// Share stage: one AddLayerVersionPermission per principal, all at once. A version that is live
// but not shared as asked is worse than none, so any failure withdraws the run's own version.
import { AddLayerVersionPermissionCommand, GetLayerVersionPolicyCommand, type LambdaClient } from '@aws-sdk/client-lambda'
import { isUnreadableSuccess, LeftBehindError } from '../aws/answers.js'
import { outcomeOf } from '../aws/call-log.js'
import { ActionError, describeError, sentence } from '../errors.js'
import { limiter } from '../limiter.js'
import { policyStatements, toGrants, type Grant, type PolicyStatement } from './grants.js'
import type { Principal } from '../settings.js'
import { withdrawVersion, type VersionRef, type Withdrawal } from './withdraw.js'

/** One grant as it ended. */
export interface ShareResult extends Grant {
  /** true: this run added it; false: a statement with the same principal was there already;
   * undefined: found in place by a request the SDK had retried, so this run's own earlier attempt,
   * whose answer was lost, may have added it (the two cannot be told apart). */
  added?: boolean
}

/** The fix when the version vanished while the run shared it. */
const GONE_FIX =
  "Another run's keep-versions or mode: delete (or a person) deleted it: give the workflows that publish this layer one concurrency group, then re-run"

/** Grants in flight per version: all at once for the usual few, capped for long lists. */
const SHARE_CONCURRENCY = 10

/** What to do when a grant fails. */
export interface ShareOptions {
  /** Delete the version when a grant fails: right for a version this run made, never for one it
   * did not (reused by skip-unchanged, or older than the run). */
  withdrawOnFailure?: boolean
  /** Aborts when the run is cancelled: no new grant starts, those in flight are cut off, and the
   * version is withdrawn as after a failure. */
  signal?: AbortSignal
  /** Told how each grant ended, with its statement id (core.debug). */
  debug?: (message: string) => void
}

/**
 * Grants every principal lambda:GetLayerVersion on the version, at most SHARE_CONCURRENCY at once;
 * a statement already there with the same principal counts as done. Returns one result per grant.
 * When any fails (or the run is cancelled), withdraws the version (unless told not to) and throws
 * ShareError naming each failed principal and what became of the version (its leftBehind names
 * the version when it stays live half-shared).
 */
export async function shareVersion(
  lambda: LambdaClient,
  version: VersionRef,
  principals: Principal[],
  options: ShareOptions = {}
): Promise<ShareResult[]> {
  const grants = toGrants(principals)
  const run = limiter(SHARE_CONCURRENCY)
  const outcomes = await Promise.allSettled(grants.map((g) => run(() => told(grant(lambda, version, g, options.signal), g, options.debug))))
  const failed = outcomes
    .map((o, i) => ({ o, g: grants[i] }))
    .filter((x): x is { o: PromiseRejectedResult; g: Grant } => x.o.status === 'rejected')
  if (failed.length === 0) {
    return outcomes.map((o) => (o as PromiseFulfilledResult<ShareResult>).value)
  }
  const what = options.signal?.aborted
    ? `Sharing ${version.layerVersionArn} stopped: the run was cancelled.`
    : sentence(
        `Sharing ${version.layerVersionArn} failed for ${failed.map(({ o, g }) => `${g.label}: ${describeError(o.reason)}`).join('; ')}`
      )
  const fix = options.signal?.aborted ? undefined : 'Check the principals input and that the role may call lambda:AddLayerVersionPermission'
  const cause: unknown = failed[0].o.reason
  if (options.withdrawOnFailure === false) {
    const kept = `Version ${version.version} was kept: this run did not create it, so it does not undo its sharing.`
    throw new ShareError(`${what} ${kept}`, fix, undefined, cause)
  }
  const withdrawal = await withdrawVersion(lambda, version)
  // A version deleted under the run is no matter of principals or permissions.
  const gone = withdrawal.state === 'gone' && !options.signal?.aborted ? GONE_FIX : fix
  throw new ShareError(
    `${what} ${withdrawal.text}`,
    gone,
    withdrawal,
    cause,
    withdrawal.state === 'failed' ? [version.layerVersionArn] : []
  )
}

/** Sharing failed or was cancelled; `withdrawal` says what became of the version, when the run
 * tried to withdraw it; `leftBehind` names it when it stays live half-shared. */
export class ShareError extends LeftBehindError {
  constructor(
    message: string,
    fix: string | undefined,
    readonly withdrawal: Withdrawal | undefined,
    cause: unknown,
    leftBehind: string[] = []
  ) {
    super(message, fix, leftBehind, { cause })
    this.name = 'ShareError'
  }
}

/** Tells `debug` how a grant ended: added, already there (the same principal), or failed. */
async function told(granting: Promise<ShareResult>, g: Grant, debug?: (message: string) => void): Promise<ShareResult> {
  const about = `lambda:GetLayerVersion for ${g.label} (statement id ${g.statementId})`
  try {
    const result = await granting
    const how = result.added === undefined ? 'in place after a retried request (its first answer was lost)' : 'already there'
    debug?.(`${about}: ${result.added ? 'added' : `${how}, with the same principal`}`)
    return result
  } catch (err) {
    debug?.(`${about}: failed (${outcomeOf(err)})`)
    throw err
  }
}

async function grant(lambda: LambdaClient, version: VersionRef, g: Grant, signal?: AbortSignal): Promise<ShareResult> {
  try {
    await lambda.send(
      new AddLayerVersionPermissionCommand({
        LayerName: version.layerArn,
        VersionNumber: version.version,
        StatementId: g.statementId,
        Action: 'lambda:GetLayerVersion',
        Principal: g.principal,
        OrganizationId: g.organizationId
      }),
      { abortSignal: signal }
    )
    return { ...g, added: true }
  } catch (err) {
    // A 2xx whose body was cut short: the statement was added; the policy proves it.
    if (isUnreadableSuccess(err)) return (await confirmExisting(lambda, version, g, signal), { ...g, added: true })
    if ((err as Error).name !== 'ResourceConflictException') throw err
    await confirmExisting(lambda, version, g, signal)
    // The SDK counts the attempts on the error (@smithy/middleware-retry $metadata.attempts).
    const retried = ((err as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1) > 1
    return { ...g, added: retried ? undefined : false }
  }
}

/** A statement id that already exists is fine only if it grants the same principal. */
async function confirmExisting(lambda: LambdaClient, version: VersionRef, g: Grant, signal?: AbortSignal): Promise<void> {
  const policy = await lambda.send(new GetLayerVersionPolicyCommand({ LayerName: version.layerArn, VersionNumber: version.version }), {
    abortSignal: signal
  })
  const statement = findStatement(policy.Policy, g.statementId)
  if (!statement || !sameGrant(statement, g)) {
    throw new ActionError(`statement id ${g.statementId} already exists on the version with a different principal`)
  }
}

/** The statement with id `sid` in a layer version policy document, if any. Throws SyntaxError when
 * `policy` is not JSON (Lambda always answers JSON). */
export function findStatement(policy: string | undefined, sid: string): PolicyStatement | undefined {
  return policyStatements(policy).find((s) => s.Sid === sid)
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
