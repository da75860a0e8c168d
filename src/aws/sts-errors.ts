// What to change when STS refuses AssumeRoleWithWebIdentity, by the failures users meet.
import { ActionError, asError } from '../errors.js'
import type { Settings } from '../settings.js'

/** The settings the explanations name. */
export type StsErrorSettings = Pick<Settings, 'roleToAssume' | 'audience'>

const TRUST_POLICY_FIX =
  "Check the role's trust policy: it must trust the GitHub OIDC provider, and its token.actions.githubusercontent.com:sub condition must match this workflow's subject (repo:ORG/REPO:..., or the immutable repo:org@ORGID/repo@REPOID:... form) and :aud must match the audience"

/** The SDK names errors after the STS model's shapes, with the `Exception` suffix
 * (InvalidIdentityTokenException, IDPRejectedClaimException, ExpiredTokenException); errors the
 * model does not declare keep the wire code (AccessDenied). */
const FIX_BY_NAME: Record<string, string> = {
  AccessDenied: TRUST_POLICY_FIX,
  AccessDeniedException: TRUST_POLICY_FIX,
  InvalidIdentityTokenException:
    'Check that the OIDC provider in the account is https://token.actions.githubusercontent.com and that the token audience matches its client ID',
  IDPRejectedClaimException:
    "The role's OIDC provider refused the token's claims: check that the provider is https://token.actions.githubusercontent.com and the trust policy's conditions",
  ExpiredTokenException: 'The OIDC token expired before use: re-run the job',
  RegionDisabledException: 'Activate STS in this region (IAM account settings) or use another aws-region'
}

/** The ActionError for an STS failure: the SDK error's name and message, and for the failures
 * users meet, what they must change. `err` is kept as the cause. Never throws. */
export function explainStsError(err: unknown, settings: StsErrorSettings): ActionError {
  const { name, message } = asError(err)
  const prefix = `Could not assume role ${settings.roleToAssume} (${name}: ${message})`
  let fix: string | undefined
  if (/no openidconnect provider/i.test(message)) {
    fix =
      "Create the IAM OIDC identity provider for https://token.actions.githubusercontent.com (audience sts.amazonaws.com) in the role's account"
  } else if (/incorrect token audience/i.test(message)) {
    fix = `The token audience '${settings.audience}' is not a client ID of the account's GitHub OIDC provider: set the audience input to match it (sts.amazonaws.com.cn in the China partition)`
  } else if (FIX_BY_NAME[name]) {
    fix = FIX_BY_NAME[name]
  } else if (/duration/i.test(message)) {
    fix = "Lower role-duration-seconds to at most the role's MaxSessionDuration"
  }
  return new ActionError(prefix, fix, { cause: err })
}
