// Who gets a statement, and under which statement id: pure, so the dry-run report can show
// the plan without loading the AWS SDK.
import type { Principal } from '../settings.js'

/** One AddLayerVersionPermission call, as the API model names its fields. */
export interface Grant {
  statementId: string
  principal: string
  organizationId?: string
  /** What the user wrote, for messages. */
  label: string
}

const SID_PREFIX = 'publish-lambda-layer'

/** True for a statement id this action makes (`publish-lambda-layer-...`): the only statements
 * it ever removes. Never throws. */
export function isOwnStatement(sid: string | undefined): boolean {
  return sid?.startsWith(`${SID_PREFIX}-`) ?? false
}

/** One statement of a layer version policy, as Lambda renders it (an account as its root ARN, an
 * organization as '*' with aws:PrincipalOrgID). */
export interface PolicyStatement {
  Sid?: string
  Principal?: string | { AWS?: string }
  Condition?: { StringEquals?: Record<string, string> }
}

/** The statements of a layer version policy document ([] for none). Throws SyntaxError when
 * `policy` is not JSON (Lambda always answers JSON). */
export function policyStatements(policy: string | undefined): PolicyStatement[] {
  if (!policy) return []
  return (JSON.parse(policy) as { Statement?: PolicyStatement[] }).Statement ?? []
}

/** Who a policy statement lets use the version, in the words of Grant.label: an account id,
 * `* (everyone)`, `organization o-...`, else the principal as written. Never throws. */
export function statementLabel(statement: PolicyStatement): string {
  const principal = typeof statement.Principal === 'string' ? statement.Principal : statement.Principal?.AWS
  const org = statement.Condition?.StringEquals?.['aws:PrincipalOrgID']
  if (principal === '*') return org ? `organization ${org}` : '* (everyone)'
  const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(principal ?? '')
  return root ? root[1] : (principal ?? 'an unknown principal')
}

/** The grant for one principal. Statement ids are deterministic, so re-running on the same version
 * finds its own statements. Never throws. */
export function toGrant(p: Principal): Grant {
  switch (p.kind) {
    case 'account':
      return { statementId: `${SID_PREFIX}-account-${p.value}`, principal: p.value, label: p.value }
    case 'root-arn': {
      const account = p.value.split(':')[4]
      return { statementId: `${SID_PREFIX}-account-${account}`, principal: p.value, label: p.value }
    }
    case 'everyone':
      return { statementId: `${SID_PREFIX}-everyone`, principal: '*', label: '* (everyone)' }
    case 'organization':
      return {
        statementId: `${SID_PREFIX}-org-${p.value}`,
        principal: '*',
        organizationId: p.value,
        label: `organization ${p.value}`
      }
  }
}

/** The grants for the principals, one per statement id: an account given as id and as root ARN is
 * one principal. Never throws. */
export function toGrants(principals: Principal[]): Grant[] {
  const bySid = new Map<string, Grant>()
  for (const p of principals) {
    const grant = toGrant(p)
    if (!bySid.has(grant.statementId)) bySid.set(grant.statementId, grant)
  }
  return [...bySid.values()]
}
