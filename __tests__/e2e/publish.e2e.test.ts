// dist/index.js run as a runner runs it, against the emulator: the README example end to end.
import { describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { ROLE, fileBase64Sha256, oidcEnv, readmeInputs, run, unmaskedUses, useEmulator } from './support.js'

const e2e = useEmulator()

describe('publishing the README example', () => {
  it('publishes, shares with an account and an organization, and writes outputs and summary', async () => {
    const result = await run(readmeInputs(e2e.emu), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    // Nothing on stderr: on Node 24 the AWS SDK has no end-of-support notice to print.
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)

    const arn = 'arn:aws:lambda:eu-west-1:123456789012:layer:my-deps'
    expect(result.outputs).toMatchObject({
      'layer-arn': arn,
      'layer-version-arn': `${arn}:1`,
      'layer-version': '1',
      published: 'true'
    })
    const zip = result.outputs['archive-path']
    expect(zip.startsWith(result.runnerTemp)).toBe(true)
    expect(existsSync(zip)).toBe(true)
    expect(result.outputs['code-sha256']).toBe(await fileBase64Sha256(zip))

    const ops = e2e.emu.requests.map((r) => r.operation)
    // The newest version number first (the run's ownership baseline, and the version the summary's
    // "what changed" compares with: none yet), then the publish and, still in the publish stage,
    // one list for same-content versions other runs published meanwhile; then the grants.
    expect(ops.slice(0, 4)).toEqual(['GetIdToken', 'AssumeRoleWithWebIdentity', 'ListLayerVersions', 'PublishLayerVersion'])
    expect(ops.slice(4)).toEqual(['ListLayerVersions', 'AddLayerVersionPermission', 'AddLayerVersionPermission'])

    const publish = e2e.emu.requestsFor('PublishLayerVersion')[0]
    expect(publish.region).toBe('eu-west-1')
    expect(publish.body).toMatchObject({ CompatibleRuntimes: ['python3.12', 'python3.13'], CompatibleArchitectures: ['x86_64'] })
    // Signed with the role's credentials from STS, not anything from the environment.
    expect(publish.accessKeyId).toBe(e2e.emu.sts.issued[0].accessKeyId)
    expect(e2e.emu.sts.issued[0].roleArn).toBe(ROLE)

    const grants = e2e.emu.requestsFor('AddLayerVersionPermission').map((r) => r.body)
    expect(grants).toEqual(
      expect.arrayContaining([
        { StatementId: 'publish-lambda-layer-account-111122223333', Action: 'lambda:GetLayerVersion', Principal: '111122223333' },
        {
          StatementId: 'publish-lambda-layer-org-o-a1b2c3d4e5',
          Action: 'lambda:GetLayerVersion',
          Principal: '*',
          OrganizationId: 'o-a1b2c3d4e5'
        }
      ])
    )

    expect(result.summary).toContain('### Lambda layer `my-deps`: version 1 published')
    expect(result.summary).toContain('Shared with 111122223333 and organization o-a1b2c3d4e5.')
    expect(result.summary).toContain('| eu-west-1 | 1 | published |')
    expect(result.summary).toContain(`Version ARN:\n\n\`\`\`text\n${arn}:1\n\`\`\``)
    expect(result.summary).toContain('- **Runtimes:** python3.12, python3.13\n- **Architectures:** x86_64')
  })

  it('masks the OIDC token and the three credential parts before anything else prints them', async () => {
    const result = await run(readmeInputs(e2e.emu), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(0)
    const creds = e2e.emu.sts.issued[0]
    const secrets = [e2e.emu.oidc.issued[0].token, creds.accessKeyId, creds.secretAccessKey, creds.sessionToken]
    expect(unmaskedUses(result, secrets)).toEqual([])
  })

  it('uses the environment credential chain when role-to-assume is empty', async () => {
    const inputs = { ...readmeInputs(e2e.emu), 'role-to-assume': '' }
    const env = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEENVKEY01', AWS_SECRET_ACCESS_KEY: 'env-secret' }
    const result = await run(inputs, { workspace: e2e.workspace, env })
    expect(result.code).toBe(0)
    expect(e2e.emu.requestsFor('AssumeRoleWithWebIdentity')).toHaveLength(0)
    expect(e2e.emu.requestsFor('PublishLayerVersion')[0].accessKeyId).toBe('AKIAEXAMPLEENVKEY01')
  })

  it('gives byte-identical zips on two runs, so the same content has the same CodeSha256', async () => {
    const first = await run(readmeInputs(e2e.emu), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    const second = await run(readmeInputs(e2e.emu), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(second.outputs['layer-version']).toBe('2')
    expect(second.outputs['code-sha256']).toBe(first.outputs['code-sha256'])
  })
})
