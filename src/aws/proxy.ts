// Proxies for self-hosted runners: HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case), read by
// Node's own http/https Agents (`proxyEnv`, Node 24.5+). The AWS SDK's NodeHttpHandler ignores
// the variables (aws/aws-sdk-js-v3#2228) but takes agents, and the OIDC token request goes
// through the same agents, so one set of rules decides for every call this step makes.
import * as http from 'node:http'
import * as https from 'node:https'

/** The agents every AWS client and the OIDC token request share. */
export interface ProxyAgents {
  httpAgent: http.Agent
  httpsAgent: https.Agent
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']

/** The proxy variables set in `env`, by name. Never throws. */
export function proxyVariables(env: NodeJS.ProcessEnv): string[] {
  return PROXY_VARIABLES.filter((name) => env[name])
}

/** Node's `proxyEnv` Agent option arrived in 24.5.0 (Node changelog, "Built-in proxy support in
 * request() and Agent"); older versions ignore it silently. */
export function nodeHonoursProxyEnv(version = process.versions.node): boolean {
  const [major, minor] = version.split('.').map(Number)
  return major > 24 || (major === 24 && minor >= 5)
}

let shared: { env: NodeJS.ProcessEnv; agents: ProxyAgents } | undefined

/**
 * The agents that send requests through the proxy `env` names (NO_PROXY honoured, decided per
 * request), made once per environment and shared: keep-alive, at most 50 sockets per host (the
 * SDK's own default). Undefined when no proxy variable is set, so the SDK keeps its own agents.
 * Never throws.
 */
export function proxyAgents(env: NodeJS.ProcessEnv): ProxyAgents | undefined {
  if (proxyVariables(env).length === 0) return undefined
  if (shared?.env !== env) {
    const options = { keepAlive: true, maxSockets: 50, proxyEnv: env }
    shared = { env, agents: { httpAgent: new http.Agent(options), httpsAgent: new https.Agent(options) } }
  }
  return shared.agents
}

/** The agent for a request to `url`: a proxying one when a proxy is set, else Node's default
 * (undefined). Never throws. */
export function agentFor(url: URL, env: NodeJS.ProcessEnv): http.Agent | undefined {
  const agents = proxyAgents(env)
  if (!agents) return undefined
  return url.protocol === 'https:' ? agents.httpsAgent : agents.httpAgent
}

/** The warning for a proxy this Node cannot use, else undefined; names the variables, never their
 * values (a proxy URL may hold a password). Never throws. */
export function proxyWarning(env: NodeJS.ProcessEnv, version = process.versions.node): string | undefined {
  const names = proxyVariables(env)
  if (names.length === 0 || nodeHonoursProxyEnv(version)) return undefined
  return `${names.join(', ')} is set, but Node ${version} ignores it for AWS calls and the OIDC token request: proxies need Node 24.5 or later (update the runner)`
}
