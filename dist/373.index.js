export const id = 373;
export const ids = [373];
export const modules = {

/***/ 1373:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ agentFor),
/* harmony export */   proxyAgents: () => (/* binding */ proxyAgents),
/* harmony export */   proxyVariables: () => (/* binding */ proxyVariables),
/* harmony export */   proxyWarning: () => (/* binding */ proxyWarning)
/* harmony export */ });
/* unused harmony export nodeHonoursProxyEnv */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
// Proxies for self-hosted runners: HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case), read by
// Node's own http/https Agents (`proxyEnv`, Node 24.5+). The AWS SDK's NodeHttpHandler ignores
// the variables (aws/aws-sdk-js-v3#2228) but takes agents, and the OIDC token request goes
// through the same agents, so one set of rules decides for every call this step makes.


const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];
/** The proxy variables set in `env`, by name. Never throws. */
function proxyVariables(env) {
    return PROXY_VARIABLES.filter((name) => env[name]);
}
/** Node's `proxyEnv` Agent option arrived in 24.5.0 (Node changelog, "Built-in proxy support in
 * request() and Agent"); older versions ignore it silently. */
function nodeHonoursProxyEnv(version = process.versions.node) {
    const [major, minor] = version.split('.').map(Number);
    return major > 24 || (major === 24 && minor >= 5);
}
let shared;
/**
 * The agents that send requests through the proxy `env` names (NO_PROXY honoured, decided per
 * request), made once per environment and shared: keep-alive, at most 50 sockets per host (the
 * SDK's own default). Undefined when no proxy variable is set, so the SDK keeps its own agents.
 * Never throws.
 */
function proxyAgents(env) {
    if (proxyVariables(env).length === 0)
        return undefined;
    if (shared?.env !== env) {
        const options = { keepAlive: true, maxSockets: 50, proxyEnv: env };
        shared = { env, agents: { httpAgent: new node_http__WEBPACK_IMPORTED_MODULE_0__.Agent(options), httpsAgent: new node_https__WEBPACK_IMPORTED_MODULE_1__.Agent(options) } };
    }
    return shared.agents;
}
/** The agent for a request to `url`: a proxying one when a proxy is set, else Node's default
 * (undefined). Never throws. */
function agentFor(url, env) {
    const agents = proxyAgents(env);
    if (!agents)
        return undefined;
    return url.protocol === 'https:' ? agents.httpsAgent : agents.httpAgent;
}
/** The warning for a proxy this Node cannot use, else undefined; names the variables, never their
 * values (a proxy URL may hold a password). Never throws. */
function proxyWarning(env, version = process.versions.node) {
    const names = proxyVariables(env);
    if (names.length === 0 || nodeHonoursProxyEnv(version))
        return undefined;
    return `${names.join(', ')} is set, but Node ${version} ignores it for AWS calls and the OIDC token request: proxies need Node 24.5 or later (update the runner)`;
}


/***/ })

};
