import { describe, expect, it } from '@jest/globals'
import { agentFor, nodeHonoursProxyEnv, proxyAgents, proxyWarning } from '../src/aws/proxy.js'

describe('proxy agents', () => {
  it('are made only when a proxy variable is set, once per environment', () => {
    expect(proxyAgents({ NO_PROXY: 'localhost' })).toBeUndefined()
    const env = { https_proxy: 'http://proxy.internal:3128' }
    const agents = proxyAgents(env)
    expect(agents).toBeDefined()
    expect(proxyAgents(env)).toBe(agents)
    expect(agentFor(new URL('https://sts.amazonaws.com'), env)).toBe(agents?.httpsAgent)
    expect(agentFor(new URL('http://127.0.0.1:4566'), env)).toBe(agents?.httpAgent)
    expect(agentFor(new URL('https://sts.amazonaws.com'), {})).toBeUndefined()
  })

  it("need Node 24.5 (Agent's proxyEnv), and say so by variable name, never by value", () => {
    expect(nodeHonoursProxyEnv('24.5.0')).toBe(true)
    expect(nodeHonoursProxyEnv('25.0.1')).toBe(true)
    expect(nodeHonoursProxyEnv('24.4.1')).toBe(false)
    const env = { HTTPS_PROXY: 'http://user:secret@proxy:3128' }
    expect(proxyWarning(env, '24.4.1')).toMatch(/^HTTPS_PROXY is set, but Node 24\.4\.1 ignores it .*Node 24\.5 or later/)
    expect(proxyWarning(env, '24.4.1')).not.toContain('secret')
    expect(proxyWarning(env, '24.22.3')).toBeUndefined()
    expect(proxyWarning({}, '24.4.1')).toBeUndefined()
  })
})
