import { describe, expect, it } from '@jest/globals'
import type { LambdaClient } from '@aws-sdk/client-lambda'
import { ActionError } from '../src/errors.js'
import { isOwnStatement, statementLabel, toGrant, toGrants, type PolicyStatement } from '../src/share/grants.js'
import { findStatement, sameGrant, ShareError, shareVersion } from '../src/share/share.js'

const version = {
  layerArn: 'arn:aws:lambda:eu-west-1:123456789012:layer:deps',
  version: 7,
  layerVersionArn: 'arn:aws:lambda:eu-west-1:123456789012:layer:deps:7'
}

describe('toGrant', () => {
  it.each([
    [
      { kind: 'account', value: '111122223333' },
      { statementId: 'publish-lambda-layer-account-111122223333', principal: '111122223333' }
    ],
    [
      { kind: 'root-arn', value: 'arn:aws-cn:iam::111122223333:root' },
      { statementId: 'publish-lambda-layer-account-111122223333', principal: 'arn:aws-cn:iam::111122223333:root' }
    ],
    [
      { kind: 'everyone', value: '*' },
      { statementId: 'publish-lambda-layer-everyone', principal: '*' }
    ],
    [
      { kind: 'organization', value: 'o-a1b2c3d4e5' },
      { statementId: 'publish-lambda-layer-org-o-a1b2c3d4e5', principal: '*', organizationId: 'o-a1b2c3d4e5' }
    ]
  ] as const)('%j', (principal, expected) => {
    const grant = toGrant(principal)
    expect(grant).toMatchObject(expected)
    expect(grant.statementId).toMatch(/^[a-zA-Z0-9-_]{1,100}$/)
  })

  it('merges an account given as id and as root ARN', () => {
    const grants = toGrants([
      { kind: 'account', value: '111122223333' },
      { kind: 'root-arn', value: 'arn:aws:iam::111122223333:root' },
      { kind: 'organization', value: 'o-a1b2c3d4e5' }
    ])
    expect(grants.map((g) => g.statementId)).toEqual(['publish-lambda-layer-account-111122223333', 'publish-lambda-layer-org-o-a1b2c3d4e5'])
  })
})

describe('sameGrant', () => {
  const account = toGrant({ kind: 'account', value: '111122223333' })
  const org = toGrant({ kind: 'organization', value: 'o-a1b2c3d4e5' })
  it.each([
    [{ Principal: { AWS: 'arn:aws:iam::111122223333:root' } }, account, true],
    [{ Principal: { AWS: 'arn:aws:iam::999999999999:root' } }, account, false],
    [{ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }, org, true],
    [{ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } } }, org, false],
    [{ Principal: '*' }, org, false],
    [{ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }, account, false]
  ])('%j vs grant #%#', (statement, grant, expected) => {
    expect(sameGrant(statement, grant)).toBe(expected)
  })

  it('finds statements by Sid in a policy document', () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'a', Principal: '*' }] })
    expect(findStatement(policy, 'a')).toEqual({ Sid: 'a', Principal: '*' })
    expect(findStatement(policy, 'b')).toBeUndefined()
    expect(findStatement(undefined, 'a')).toBeUndefined()
  })
})

/** A stub client: answers per command name, records the calls. */
function stubLambda(handlers: Record<string, (input: Record<string, unknown>) => unknown>) {
  const calls: { name: string; input: Record<string, unknown> }[] = []
  const client = {
    send: async (cmd: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = cmd.constructor.name.replace(/Command$/, '')
      calls.push({ name, input: cmd.input })
      const handler = handlers[name]
      if (!handler) throw new Error(`unexpected ${name}`)
      return handler(cmd.input)
    }
  } as unknown as LambdaClient
  return { client, calls }
}

function awsError(name: string, message = name): Error {
  const e = new Error(message)
  e.name = name
  return e
}

describe('statementLabel and isOwnStatement', () => {
  it.each([
    [{ Sid: 'publish-lambda-layer-everyone', Principal: '*' }, '* (everyone)', true],
    [
      { Sid: 'publish-lambda-layer-org-o-a1', Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1' } } },
      'organization o-a1',
      true
    ],
    [{ Sid: 'partner', Principal: { AWS: 'arn:aws-cn:iam::444455556666:root' } }, '444455556666', false],
    [{ Sid: 'publish-lambda-layerx', Principal: { AWS: 'arn:aws:iam::444455556666:role/r' } }, 'arn:aws:iam::444455556666:role/r', false],
    [{}, 'an unknown principal', false]
  ] as [PolicyStatement, string, boolean][])('%j is %s (own: %s)', (statement, label, own) => {
    expect(statementLabel(statement)).toBe(label)
    expect(isOwnStatement(statement.Sid)).toBe(own)
  })
})

describe('shareVersion', () => {
  const principals = [
    { kind: 'account', value: '111122223333' },
    { kind: 'organization', value: 'o-a1b2c3d4e5' }
  ] as const

  it('adds one statement per principal with action lambda:GetLayerVersion', async () => {
    const { client, calls } = stubLambda({ AddLayerVersionPermission: () => ({}) })
    const results = await shareVersion(client, version, [...principals])
    expect(results.map((r) => r.added)).toEqual([true, true])
    expect(calls.map((c) => c.input)).toEqual([
      {
        LayerName: version.layerArn,
        VersionNumber: 7,
        StatementId: 'publish-lambda-layer-account-111122223333',
        Action: 'lambda:GetLayerVersion',
        Principal: '111122223333',
        OrganizationId: undefined
      },
      {
        LayerName: version.layerArn,
        VersionNumber: 7,
        StatementId: 'publish-lambda-layer-org-o-a1b2c3d4e5',
        Action: 'lambda:GetLayerVersion',
        Principal: '*',
        OrganizationId: 'o-a1b2c3d4e5'
      }
    ])
  })

  it('treats an existing identical statement as success', async () => {
    const policy = JSON.stringify({
      Statement: [{ Sid: 'publish-lambda-layer-account-111122223333', Principal: { AWS: 'arn:aws:iam::111122223333:root' } }]
    })
    const { client } = stubLambda({
      AddLayerVersionPermission: () => {
        throw awsError('ResourceConflictException')
      },
      GetLayerVersionPolicy: () => ({ Policy: policy })
    })
    const results = await shareVersion(client, version, [principals[0]])
    expect(results).toEqual([expect.objectContaining({ added: false, principal: '111122223333' })])
  })

  it('deletes the version and names the principal when a grant fails', async () => {
    const { client, calls } = stubLambda({
      AddLayerVersionPermission: (input) => {
        if (input.OrganizationId) throw awsError('InvalidParameterValueException', 'bad org')
        return {}
      },
      DeleteLayerVersion: () => ({})
    })
    const err = (await shareVersion(client, version, [...principals]).catch((e) => e)) as ActionError
    expect(err).toBeInstanceOf(ActionError)
    expect(err.message).toContain('organization o-a1b2c3d4e5: InvalidParameterValueException: bad org')
    expect(err.message).toContain('Version 7 was deleted')
    expect(calls.filter((c) => c.name === 'DeleteLayerVersion').map((c) => c.input)).toEqual([
      { LayerName: version.layerArn, VersionNumber: 7 }
    ])
  })

  it('refuses a statement id that exists with another principal', async () => {
    const policy = JSON.stringify({
      Statement: [{ Sid: 'publish-lambda-layer-account-111122223333', Principal: { AWS: 'arn:aws:iam::999999999999:root' } }]
    })
    const { client } = stubLambda({
      AddLayerVersionPermission: () => {
        throw awsError('ResourceConflictException')
      },
      GetLayerVersionPolicy: () => ({ Policy: policy }),
      DeleteLayerVersion: () => {
        throw awsError('ServiceException', 'down')
      }
    })
    const err = (await shareVersion(client, version, [principals[0]]).catch((e) => e)) as ActionError
    expect(err.message).toContain('publish-lambda-layer-account-111122223333 already exists on the version with a different principal')
    expect(err.message).toContain('Deleting version 7 also failed (ServiceException: down)')
  })

  it('leaves the version named as left behind when even the deletion fails', async () => {
    const { client } = stubLambda({
      AddLayerVersionPermission: () => {
        throw awsError('AccessDeniedException', 'no')
      },
      GetLayerVersion: () => ({}),
      DeleteLayerVersion: () => {
        throw awsError('ServiceException', 'down')
      }
    })
    const err = (await shareVersion(client, version, [principals[0]]).catch((e) => e)) as ShareError
    expect(err).toBeInstanceOf(ShareError)
    expect(err.leftBehind).toEqual([version.layerVersionArn])
    expect(err.withdrawal?.state).toBe('failed')
  })

  it('says someone else deleted the version when it is gone, and claims no withdrawal', async () => {
    const gone = () => {
      throw awsError('ResourceNotFoundException', 'Layer version arn:...:7 does not exist.')
    }
    const { client, calls } = stubLambda({ AddLayerVersionPermission: gone, GetLayerVersion: gone })
    const err = (await shareVersion(client, version, [principals[0]]).catch((e) => e)) as ShareError
    expect(err.message).toContain(
      'Version 7 was already gone: someone else deleted it (a concurrent run or a person); this run did not withdraw it.'
    )
    expect(err.message).not.toContain('was deleted, so')
    expect(calls.map((c) => c.name)).not.toContain('DeleteLayerVersion')
    expect(err.withdrawal?.state).toBe('gone')
  })

  it('never deletes a version the run did not create; reports the failure instead', async () => {
    const { client, calls } = stubLambda({
      AddLayerVersionPermission: () => {
        throw awsError('AccessDeniedException', 'no')
      }
    })
    const err = (await shareVersion(client, version, [principals[0]], { withdrawOnFailure: false }).catch((e) => e)) as ShareError
    expect(err.message).toContain('Version 7 was kept: this run did not create it, so it does not undo its sharing.')
    expect(calls.map((c) => c.name)).toEqual(['AddLayerVersionPermission'])
  })

  it('counts a grant answered 2xx with a cut body as added, once the policy shows it', async () => {
    const policy = JSON.stringify({
      Statement: [{ Sid: 'publish-lambda-layer-account-111122223333', Principal: { AWS: 'arn:aws:iam::111122223333:root' } }]
    })
    const { client, calls } = stubLambda({
      AddLayerVersionPermission: () => {
        throw Object.assign(new SyntaxError('Unexpected end of JSON input'), { $metadata: { httpStatusCode: 201 } })
      },
      GetLayerVersionPolicy: () => ({ Policy: policy })
    })
    expect(await shareVersion(client, version, [principals[0]])).toEqual([expect.objectContaining({ added: true })])
    expect(calls.map((c) => c.name)).toEqual(['AddLayerVersionPermission', 'GetLayerVersionPolicy'])
  })

  it('stops on a cancel and withdraws the version it made', async () => {
    const controller = new AbortController()
    controller.abort()
    const { client, calls } = stubLambda({
      AddLayerVersionPermission: () => {
        throw awsError('AbortError', 'Request aborted')
      },
      GetLayerVersion: () => ({}),
      DeleteLayerVersion: () => ({})
    })
    const err = (await shareVersion(client, version, [...principals], { signal: controller.signal }).catch((e) => e)) as ShareError
    expect(err.message).toMatch(/^Sharing .*:7 stopped: the run was cancelled\. Version 7 was deleted/)
    expect(calls.filter((c) => c.name === 'DeleteLayerVersion')).toHaveLength(1)
  })
})
