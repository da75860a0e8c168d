// dist/index.js: a version reused by skip-unchanged is shared with the principals listed, no
// more: this action's own grants to principals no longer listed are removed, statements anyone
// else added are kept and named in the log and the job summary.
import { describe, expect, it } from '@jest/globals'
import { AddLayerVersionPermissionCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { groupLines, oidcEnv, readmeInputs, run, useEmulator } from './support.js'

const e2e = useEmulator()
const ARN = 'arn:aws:lambda:eu-west-1:123456789012:layer:my-deps'

/** The statement ids on a live version's policy. */
const statementIds = (n: number): string[] => {
  const policy = e2e.emu.state.layers.get('eu-west-1')?.get('my-deps')?.versions.get(n)?.policy as
    { Statement?: { Sid: string }[] } | undefined
  return (policy?.Statement ?? []).map((s) => s.Sid).sort()
}
const reuseRun = (principals: string) =>
  run({ ...readmeInputs(e2e.emu), 'skip-unchanged': 'true', principals }, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })

/** A statement added by a person (not this action), as the console or the CLI would. */
async function grantByHand(statementId: string, principal: string): Promise<void> {
  const lambda = new LambdaClient({
    endpoint: e2e.emu.url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIAHAND', secretAccessKey: 's' }
  })
  await lambda.send(
    new AddLayerVersionPermissionCommand({
      LayerName: 'my-deps',
      VersionNumber: 1,
      StatementId: statementId,
      Action: 'lambda:GetLayerVersion',
      Principal: principal
    })
  )
  lambda.destroy()
}

describe('skip-unchanged with fewer principals', () => {
  it('removes the grants of principals no longer listed from the reused version, and says so', async () => {
    const first = await reuseRun('*, 111122223333, o-a1b2c3d4e5')
    expect(first.code).toBe(0)
    expect(statementIds(1)).toEqual([
      'publish-lambda-layer-account-111122223333',
      'publish-lambda-layer-everyone',
      'publish-lambda-layer-org-o-a1b2c3d4e5'
    ])
    const second = await reuseRun('111122223333')
    expect(second.code).toBe(0)
    expect(second.outputs).toMatchObject({ published: 'false', 'layer-version-arn': `${ARN}:1` })
    // Only the account listed may use version 1 now: it is no longer public.
    expect(statementIds(1)).toEqual(['publish-lambda-layer-account-111122223333'])
    expect(groupLines(second, 'eu-west-1: share')).toEqual([
      'Shared version 1 with 111122223333 (already there)',
      'Removed the grant to * (everyone) (statement publish-lambda-layer-everyone) from version 1: no longer in principals',
      'Removed the grant to organization o-a1b2c3d4e5 (statement publish-lambda-layer-org-o-a1b2c3d4e5) from version 1: no longer in principals'
    ])
    expect(second.summary).toContain('Shared with 111122223333.')
    expect(second.summary).toContain(
      '- eu-west-1: removed the grant to \\* (everyone) and organization o-a1b2c3d4e5 from version 1: no longer in principals.'
    )
  })

  it('with no principals left, makes the reused version private again', async () => {
    await reuseRun('*')
    const second = await reuseRun('')
    expect(second.code).toBe(0)
    expect(statementIds(1)).toEqual([])
    expect(second.summary).toContain('Not shared: only this account can use it.')
    expect(second.summary).toContain('- eu-west-1: removed the grant to \\* (everyone) from version 1: no longer in principals.')
  })

  it('leaves statements this action did not add, and names them as further grants', async () => {
    await reuseRun('111122223333')
    await grantByHand('partner-read', '444455556666')
    const second = await reuseRun('111122223333')
    expect(second.code).toBe(0)
    expect(statementIds(1)).toEqual(['partner-read', 'publish-lambda-layer-account-111122223333'])
    expect(e2e.emu.requestsFor('RemoveLayerVersionPermission')).toEqual([])
    expect(groupLines(second, 'eu-west-1: share')).toContain(
      'Version 1 is also shared with 444455556666 by statement partner-read, which this action did not add; left as it is'
    )
    expect(second.summary).toContain(
      '- eu-west-1: version 1 is also shared with 444455556666, by a statement this action did not add (`partner-read`), left as it is.'
    )
  })

  it('fails the region, keeping the version, when a grant cannot be removed', async () => {
    await reuseRun('*, 111122223333')
    e2e.emu.faults.add('RemoveLayerVersionPermission', { status: 403, errorName: 'AccessDeniedException', message: 'not authorized' })
    const second = await reuseRun('111122223333')
    expect(second.code).toBe(1)
    expect(second.stdout).toMatch(
      /::error::.*Removing grants no longer in principals from .*my-deps:1 failed for \* \(everyone\): AccessDeniedException: not authorized\. It is still shared with them; version 1 was kept: this run did not create it\. Give the role lambda:RemoveLayerVersionPermission/
    )
    expect(statementIds(1)).toEqual(['publish-lambda-layer-account-111122223333', 'publish-lambda-layer-everyone'])
    expect(e2e.emu.layerVersions('eu-west-1', 'my-deps')).toHaveLength(1)
  })
})
