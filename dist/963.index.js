export const id = 963;
export const ids = [963];
export const modules = {

/***/ 6963:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   defaultCredentialDeps: () => (/* binding */ defaultCredentialDeps),
/* harmony export */   resolveCredentials: () => (/* binding */ resolveCredentials)
/* harmony export */ });
/* unused harmony exports checkOidcAvailable, explainStsError */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6257);
/* harmony import */ var _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1695);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
// Credentials stage: GitHub OIDC token -> STS AssumeRoleWithWebIdentity -> credentials kept in
// memory for this step's clients only (never exported to later steps).



const OIDC_VARIABLES = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
const PERMISSION_FIX = 'Add `permissions: id-token: write` to the job (or workflow) so GitHub issues an OIDC token';
/** Returns nothing; throws ActionError, with the fix, when the job was not granted an OIDC token
 * (ACTIONS_ID_TOKEN_REQUEST_URL or _TOKEN missing: GitHub docs, "OpenID Connect"). */
function checkOidcAvailable(env) {
    const missing = OIDC_VARIABLES.filter((name) => !env[name]);
    if (missing.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`role-to-assume is set but the GitHub OIDC token is not available (${missing.join(', ')} missing)`, PERMISSION_FIX);
    }
}
/**
 * Returns credentials for the role (valid for roleDurationSeconds), or undefined without
 * role-to-assume, to let the SDK use its default chain. The token and each credential part are
 * masked before anything else, so no later log line can show them. Throws ActionError when no
 * OIDC token is available or STS refuses (explainStsError says why and what to change).
 */
async function resolveCredentials(settings, deps) {
    if (!settings.roleToAssume)
        return undefined;
    checkOidcAvailable(deps.env);
    const token = await fetchToken(settings.audience, deps);
    deps.setSecret(token);
    const response = await assumeRole(settings, token, deps.sts);
    const creds = response.Credentials;
    if (!creds?.AccessKeyId || !creds.SecretAccessKey || !creds.SessionToken) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ('STS AssumeRoleWithWebIdentity returned no credentials');
    }
    for (const part of [creds.AccessKeyId, creds.SecretAccessKey, creds.SessionToken]) {
        deps.setSecret(part);
    }
    return {
        accessKeyId: creds.AccessKeyId,
        secretAccessKey: creds.SecretAccessKey,
        sessionToken: creds.SessionToken,
        expiration: creds.Expiration
    };
}
async function fetchToken(audience, deps) {
    try {
        return await deps.getIDToken(audience);
    }
    catch (err) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`Could not get a GitHub OIDC token for audience '${audience}': ${messageOf(err)}`, PERMISSION_FIX, { cause: err });
    }
}
async function assumeRole(settings, token, sts) {
    try {
        return await sts.send(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_2__/* .AssumeRoleWithWebIdentityCommand */ .WH({
            RoleArn: settings.roleToAssume,
            RoleSessionName: settings.roleSessionName,
            DurationSeconds: settings.roleDurationSeconds,
            WebIdentityToken: token
        }));
    }
    catch (err) {
        throw explainStsError(err, settings);
    }
}
/** The ActionError for an STS failure: the SDK error's name and message, and for the failures
 * users meet, what they must change. `err` is kept as the cause. Never throws. */
function explainStsError(err, settings) {
    const name = err instanceof Error ? err.name : '';
    const message = messageOf(err);
    const role = settings.roleToAssume;
    const prefix = `Could not assume role ${role} (${name || 'Error'}: ${message})`;
    let fix;
    if (/no openidconnect provider/i.test(message)) {
        fix =
            "Create the IAM OIDC identity provider for https://token.actions.githubusercontent.com (audience sts.amazonaws.com) in the role's account";
    }
    else if (/incorrect token audience/i.test(message)) {
        fix = `The token audience '${settings.audience}' is not a client ID of the account's GitHub OIDC provider: set the audience input to match it (sts.amazonaws.com.cn in the China partition)`;
    }
    else if (name === 'AccessDenied' || name === 'AccessDeniedException') {
        fix =
            "Check the role's trust policy: it must trust the GitHub OIDC provider, and its token.actions.githubusercontent.com:sub condition must match this workflow's subject (repo:ORG/REPO:..., or the immutable repo:org@ORGID/repo@REPOID:... form) and :aud must match the audience";
    }
    else if (name === 'InvalidIdentityToken' || name === 'IDPRejectedClaim') {
        fix =
            'Check that the OIDC provider in the account is https://token.actions.githubusercontent.com and that the token audience matches its client ID';
    }
    else if (name === 'ExpiredTokenException') {
        fix = 'The OIDC token expired before use: re-run the job';
    }
    else if (name === 'RegionDisabledException') {
        fix = 'Activate STS in this region (IAM account settings) or use another aws-region';
    }
    else if (/duration/i.test(message)) {
        fix = "Lower role-duration-seconds to at most the role's MaxSessionDuration";
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(prefix, fix, { cause: err });
}
function messageOf(err) {
    return err instanceof Error ? err.message : String(err);
}
/** The real dependencies, for main.ts: @actions/core's OIDC token and masking. Never throws. */
function defaultCredentialDeps(sts) {
    return {
        sts,
        getIDToken: (aud) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getIDToken */ .V9(aud),
        setSecret: (v) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(v),
        env: process.env
    };
}


/***/ })

};
