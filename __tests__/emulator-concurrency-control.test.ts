// What concurrent runs meet in Lambda (version numbers, versions deleted under them), through the
// real @aws-sdk/client-lambda, and the control API a separately started emulator is set up with.
import { describe, expect, it } from '@jest/globals'
import {
  AddLayerVersionPermissionCommand,
  DeleteLayerVersionCommand,
  GetLayerVersionCommand,
  GetLayerVersionPolicyCommand,
  ListLayersCommand,
  PublishLayerVersionCommand
} from '@aws-sdk/client-lambda'
import { useLambdaEmulator } from './helpers/emulator-lambda.js'
import { failure } from './helpers/sdk.js'

const t = useLambdaEmulator()
const control = (method: string, path: string, body?: unknown) =>
  fetch(`${t.emu.url}/_emulator/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })

describe('concurrent runs', () => {
  it('concurrent publishes get distinct version numbers that only go up', async () => {
    const out = await Promise.all(Array.from({ length: 5 }, () => t.publish()))
    expect(out.map((o) => o.Version).sort()).toEqual([1, 2, 3, 4, 5])
    await t.lambda.send(new DeleteLayerVersionCommand({ LayerName: 'my-layer', VersionNumber: 5 }))
    expect((await t.publish()).Version).toBe(6)
  })

  it('a version deleted by someone else: delete again is 204, get and grant are 404 naming the version', async () => {
    await t.publish()
    const del = () => t.lambda.send(new DeleteLayerVersionCommand({ LayerName: 'my-layer', VersionNumber: 1 }))
    expect((await del()).$metadata.httpStatusCode).toBe(204)
    expect((await del()).$metadata.httpStatusCode).toBe(204)
    const get = await failure(t.lambda.send(new GetLayerVersionCommand({ LayerName: 'my-layer', VersionNumber: 1 })))
    expect([get.name, get.$metadata.httpStatusCode, get.message]).toEqual([
      'ResourceNotFoundException',
      404,
      'The resource you requested does not exist.'
    ])
    const grant = await failure(
      t.lambda.send(
        new AddLayerVersionPermissionCommand({
          LayerName: 'my-layer',
          VersionNumber: 1,
          StatementId: 's',
          Action: 'lambda:GetLayerVersion',
          Principal: '*'
        })
      )
    )
    expect([grant.name, grant.message]).toEqual([
      'ResourceNotFoundException',
      'Layer version arn:aws:lambda:eu-west-1:123456789012:layer:my-layer:1 does not exist.'
    ])
    const policy = await failure(t.lambda.send(new GetLayerVersionPolicyCommand({ LayerName: 'my-layer', VersionNumber: 1 })))
    expect(policy.name).toBe('ResourceNotFoundException')
  })

  it('a grant held until the version is deleted lands on nothing', async () => {
    await t.publish()
    t.emu.faults.add('AddLayerVersionPermission', { hold: 'grant' })
    const grant = failure(
      t.lambda.send(
        new AddLayerVersionPermissionCommand({
          LayerName: 'my-layer',
          VersionNumber: 1,
          StatementId: 's',
          Action: 'lambda:GetLayerVersion',
          Principal: '*'
        })
      )
    )
    await t.emu.waitForRequest('AddLayerVersionPermission')
    await t.lambda.send(new DeleteLayerVersionCommand({ LayerName: 'my-layer', VersionNumber: 1 }))
    t.emu.release('grant')
    expect((await grant).$metadata.httpStatusCode).toBe(404)
  })
})

describe('control API for a separately started emulator', () => {
  it('sets faults with holds and releases them, and reports who is waiting', async () => {
    expect((await control('POST', 'faults', { operation: 'ListLayers', fault: { hold: 'gate' } })).status).toBe(201)
    const listing = t.lambda.send(new ListLayersCommand({}))
    await t.emu.waitForRequest('ListLayers')
    expect(await (await control('GET', 'holds')).json()).toEqual({ waiting: ['gate'] })
    expect((await control('POST', 'release', { name: 'gate' })).status).toBe(204)
    expect((await listing).Layers).toEqual([])
  })

  it('PATCH config turns on the rate limit, regions and fields refused, session lifetime and GitHub identities', async () => {
    const patch = await control('PATCH', 'config', {
      rateLimit: { requestsPerSecond: 0.001, burst: 1, errorName: 'ThrottlingException' },
      disabledRegions: ['ap-east-2'],
      unsupportedFields: { 'af-south-1': ['CompatibleArchitectures'] },
      sts: { sessionLifetimeSeconds: 5, identities: { AKIAOTHER: { account: '999988887777', arn: 'arn:aws:iam::999988887777:user/x' } } },
      github: { tokens: { ghp_x: { login: 'octocat', id: 1, type: 'User', installation: false } } }
    })
    expect(patch.status).toBe(204)
    expect(t.emu.disabledRegions.has('ap-east-2')).toBe(true)
    expect([...(t.emu.unsupportedFields.get('af-south-1') ?? [])]).toEqual(['CompatibleArchitectures'])
    expect(t.emu.sts.sessionLifetimeSeconds).toBe(5)
    expect(t.emu.sts.identities.AKIAOTHER.account).toBe('999988887777')
    expect(t.emu.github.tokens.ghp_x.login).toBe('octocat')
    await t.lambda.send(new ListLayersCommand({}))
    expect((await failure(t.lambda.send(new ListLayersCommand({})))).name).toBe('ThrottlingException')
    expect((await control('PATCH', 'config', { rateLimit: null })).status).toBe(204)
    await t.lambda.send(new ListLayersCommand({}))
    const af = t.client('af-south-1')
    try {
      const refused = await failure(
        af.send(
          new PublishLayerVersionCommand({ LayerName: 'l', Content: { ZipFile: Buffer.from('x') }, CompatibleArchitectures: ['arm64'] })
        )
      )
      expect(refused.message).toContain('CompatibleArchitectures are not supported in af-south-1')
    } finally {
      af.destroy()
    }
  })

  it('seeds comments by other authors', async () => {
    const res = await control('POST', 'comments', {
      owner: 'o',
      repo: 'r',
      issue_number: 1,
      body: 'pasted',
      user: { login: 'mallory', type: 'User' }
    })
    expect(res.status).toBe(201)
    const listed = await fetch(`${t.emu.url}/github/repos/o/r/issues/1/comments`, { headers: { authorization: 'token ghs_x' } })
    expect(((await listed.json()) as Array<{ user: { login: string; type: string } }>)[0].user).toMatchObject({
      login: 'mallory',
      type: 'User'
    })
  })
})
