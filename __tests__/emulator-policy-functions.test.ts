// Layer version permissions and function layer updates of the emulator, through the real
// @aws-sdk/client-lambda (messages as recorded against live AWS).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  AddLayerVersionPermissionCommand,
  type AddLayerVersionPermissionCommandInput,
  DeleteLayerVersionCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionPolicyCommand,
  LambdaClient,
  PublishLayerVersionCommand,
  RemoveLayerVersionPermissionCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdated
} from '@aws-sdk/client-lambda'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { buildZip } from '../emulator/zip.js'
import { failure } from './helpers/sdk.js'

const zip = buildZip([{ name: 'python/mod.py', data: 'x = 1\n' }])
const ACCOUNT = '123456789012'
const REGION = 'eu-west-1'
const layerArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:${name}`

let emu: Emulator
let lambda: LambdaClient

async function publish(name = 'shared') {
  return lambda.send(new PublishLayerVersionCommand({ LayerName: name, Content: { ZipFile: zip } }))
}

function permit(input: Partial<AddLayerVersionPermissionCommandInput> = {}) {
  return lambda.send(
    new AddLayerVersionPermissionCommand({
      LayerName: 'shared',
      VersionNumber: 1,
      StatementId: 's1',
      Action: 'lambda:GetLayerVersion',
      Principal: '*',
      ...input
    })
  )
}

beforeAll(async () => {
  emu = await startEmulator()
  lambda = new LambdaClient({
    endpoint: emu.url,
    region: REGION,
    credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 's' },
    maxAttempts: 1
  })
})
afterAll(async () => {
  lambda.destroy()
  await emu.close()
})
beforeEach(() => emu.reset())

describe('layer version permissions', () => {
  it('adds statements (201, Statement as JSON string) and returns the policy document', async () => {
    await publish()
    const added = await permit()
    expect(added.$metadata.httpStatusCode).toBe(201)
    expect(JSON.parse(added.Statement ?? '')).toEqual({
      Sid: 's1',
      Effect: 'Allow',
      Principal: '*',
      Action: 'lambda:GetLayerVersion',
      Resource: `${layerArn('shared')}:1`
    })
    await permit({ StatementId: 'acct', Principal: '210987654321' })
    await permit({ StatementId: 'org', Principal: '*', OrganizationId: 'o-abcdefghij' })
    const policy = await lambda.send(new GetLayerVersionPolicyCommand({ LayerName: 'shared', VersionNumber: 1 }))
    const doc = JSON.parse(policy.Policy ?? '')
    expect(doc).toMatchObject({ Version: '2012-10-17', Id: 'default' })
    expect(doc.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['s1', 'acct', 'org'])
    expect(doc.Statement[1].Principal).toEqual({ AWS: 'arn:aws:iam::210987654321:root' })
    expect(doc.Statement[2].Condition).toEqual({ StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } })
    expect(typeof policy.RevisionId).toBe('string')
  })

  it('answers 404 "No policy is associated with the given resource." without statements', async () => {
    await publish()
    const err = await failure(lambda.send(new GetLayerVersionPolicyCommand({ LayerName: 'shared', VersionNumber: 1 })))
    expect(err.name).toBe('ResourceNotFoundException')
    expect(err.$metadata.httpStatusCode).toBe(404)
    expect(err.message).toBe('No policy is associated with the given resource.')
  })

  it('refuses a duplicate statement id with 409 and the recorded message (no upsert)', async () => {
    await publish()
    await permit()
    const err = await failure(permit({ Principal: '210987654321' }))
    expect(err.name).toBe('ResourceConflictException')
    expect(err.$metadata.httpStatusCode).toBe(409)
    expect(err.message).toBe(
      'The statement id (s1) provided already exists. Please provide a new statement id, or remove the existing statement.'
    )
  })

  it('checks RevisionId on add and remove (412)', async () => {
    await publish()
    const first = await permit()
    const second = await permit({ StatementId: 's2', RevisionId: first.RevisionId })
    const stale = await failure(permit({ StatementId: 's3', RevisionId: first.RevisionId }))
    expect(stale.name).toBe('PreconditionFailedException')
    expect(stale.$metadata.httpStatusCode).toBe(412)
    expect(stale.message).toBe(
      'The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id'
    )
    const staleRemove = await failure(
      lambda.send(
        new RemoveLayerVersionPermissionCommand({ LayerName: 'shared', VersionNumber: 1, StatementId: 's1', RevisionId: first.RevisionId })
      )
    )
    expect(staleRemove.name).toBe('PreconditionFailedException')
    const removed = await lambda.send(
      new RemoveLayerVersionPermissionCommand({ LayerName: 'shared', VersionNumber: 1, StatementId: 's1', RevisionId: second.RevisionId })
    )
    expect(removed.$metadata.httpStatusCode).toBe(204)
    const policy = await lambda.send(new GetLayerVersionPolicyCommand({ LayerName: 'shared', VersionNumber: 1 }))
    expect(JSON.parse(policy.Policy ?? '').Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['s2'])
    expect(policy.RevisionId).not.toBe(second.RevisionId)
  })

  it('validates action, statement id, principal and organization id', async () => {
    await publish()
    const action = await failure(permit({ Action: '*' }))
    expect(action.name).toBe('ValidationException')
    expect(action.message).toBe(
      "1 validation error detected: Value '*' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: lambda:GetLayerVersion"
    )
    expect((await failure(permit({ Action: 'lambda:GetLayerVersionPolicy' }))).name).toBe('ValidationException')
    const sid = await failure(permit({ StatementId: 'no spaces' }))
    expect(sid.message).toContain(
      "Value 'no spaces' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)"
    )
    const principal = await failure(permit({ Principal: 'arn:aws:iam::210987654321:user/bob' }))
    expect(principal.message).toContain("at 'principal' failed to satisfy constraint")
    const org = await failure(permit({ OrganizationId: 'org-1' }))
    expect(org.message).toContain(
      "Value 'org-1' at 'organizationId' failed to satisfy constraint: Member must satisfy regular expression pattern: o-[a-z0-9]{10,32}"
    )
    const orgWithAccount = await failure(permit({ Principal: '210987654321', OrganizationId: 'o-abcdefghij' }))
    expect(orgWithAccount.name).toBe('InvalidParameterValueException')
    expect(await failure(lambda.send(new GetLayerVersionPolicyCommand({ LayerName: 'shared', VersionNumber: 1 })))).toMatchObject({
      name: 'ResourceNotFoundException'
    })
  })

  it('answers 404 with the layer version ARN for missing layers, versions and statements', async () => {
    await publish()
    const layer = await failure(permit({ LayerName: 'shared-doesnotexist' }))
    expect(layer.name).toBe('ResourceNotFoundException')
    expect(layer.message).toBe(`Layer version ${layerArn('shared-doesnotexist')}:1 does not exist.`)
    const version = await failure(lambda.send(new GetLayerVersionPolicyCommand({ LayerName: 'shared', VersionNumber: 2 })))
    expect(version.message).toBe(`Layer version ${layerArn('shared')}:2 does not exist.`)
    await permit()
    const sid = await failure(
      lambda.send(new RemoveLayerVersionPermissionCommand({ LayerName: 'shared', VersionNumber: 1, StatementId: 'doesnotexist' }))
    )
    expect(sid.message).toBe('Statement doesnotexist is not found in resource policy.')
  })

  it('keeps permissions per version: a new version starts without policy', async () => {
    await publish()
    await permit()
    await publish()
    const err = await failure(lambda.send(new GetLayerVersionPolicyCommand({ LayerName: 'shared', VersionNumber: 2 })))
    expect(err.message).toBe('No policy is associated with the given resource.')
  })
})

describe('function configuration', () => {
  it('replaces the layer list in order, goes InProgress and turns Successful on the next poll', async () => {
    const a = await publish('a')
    const b = await publish('b')
    emu.addFunction({ region: REGION, name: 'fn', layers: [a.LayerVersionArn ?? ''] })
    const updated = await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', Layers: [b.LayerVersionArn ?? '', a.LayerVersionArn ?? ''] })
    )
    expect(updated.LastUpdateStatus).toBe('InProgress')
    expect(updated.Layers).toEqual([
      { Arn: b.LayerVersionArn, CodeSize: zip.length },
      { Arn: a.LayerVersionArn, CodeSize: zip.length }
    ])
    const polled = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:fn` })
    )
    expect(polled.LastUpdateStatus).toBe('Successful')
    expect(polled.RevisionId).not.toBe(updated.RevisionId)
    expect(polled).not.toHaveProperty('LastUpdateStatusReason')
  })

  it('works with the SDK FunctionUpdated waiter and stays InProgress for pollsUntilDone polls', async () => {
    const a = await publish('a')
    emu.addFunction({ region: REGION, name: 'slow', pollsUntilDone: 3 })
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'slow', Layers: [a.LayerVersionArn ?? ''] }))
    const statuses = []
    for (let i = 0; i < 3; i++)
      statuses.push((await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'slow' }))).LastUpdateStatus)
    expect(statuses).toEqual(['InProgress', 'InProgress', 'Successful'])
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'slow', Layers: [] }))
    emu.getFunction(REGION, 'slow')!.pending!.remaining = 1
    const result = await waitUntilFunctionUpdated({ client: lambda, maxWaitTime: 10 }, { FunctionName: 'slow' })
    expect(result.state).toBe('SUCCESS')
    expect(emu.getFunction(REGION, 'slow')?.config).not.toHaveProperty('Layers')
  })

  it('ends Failed with the configured reason and keeps the previous layers', async () => {
    const a = await publish('a')
    const b = await publish('b')
    emu.addFunction({
      region: REGION,
      name: 'fn',
      layers: [a.LayerVersionArn ?? ''],
      failUpdates: { reason: 'Layer conflict', reasonCode: 'InvalidConfiguration' }
    })
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', Layers: [b.LayerVersionArn ?? ''] }))
    const polled = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn' }))
    expect(polled).toMatchObject({
      LastUpdateStatus: 'Failed',
      LastUpdateStatusReason: 'Layer conflict',
      LastUpdateStatusReasonCode: 'InvalidConfiguration'
    })
    expect(polled.Layers?.map((l) => l.Arn)).toEqual([a.LayerVersionArn])
  })

  it('answers 409 while an update is in progress and 412 for a stale RevisionId', async () => {
    emu.addFunction({ region: REGION, name: 'fn' })
    const first = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', Description: 'one' }))
    const busy = await failure(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', Description: 'two' })))
    expect(busy.name).toBe('ResourceConflictException')
    expect(busy.$metadata.httpStatusCode).toBe(409)
    expect(busy.message).toContain('An update is in progress for resource')
    const done = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn' }))
    const stale = await failure(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', Description: 'three', RevisionId: first.RevisionId }))
    )
    expect(stale.name).toBe('PreconditionFailedException')
    expect(stale.$metadata.httpStatusCode).toBe(412)
    const ok = await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', Description: 'three', RevisionId: done.RevisionId })
    )
    expect(ok.Description).toBe('three')
  })

  it('rejects bad layer lists with the recorded InvalidParameterValueException messages', async () => {
    const v1 = await publish('shared')
    const v2 = await publish('shared')
    const others = await Promise.all(['l1', 'l2', 'l3', 'l4', 'l5'].map((n) => publish(n)))
    emu.addFunction({ region: REGION, name: 'fn' })
    const update = (Layers: string[]) => failure(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', Layers })))
    const six = await update([v1, ...others].map((o) => o.LayerVersionArn ?? ''))
    expect([six.name, six.$metadata.httpStatusCode, six.message]).toEqual([
      'InvalidParameterValueException',
      400,
      'Cannot reference more than 5 layers.'
    ])
    const twice = await update([v1.LayerVersionArn ?? '', v2.LayerVersionArn ?? ''])
    expect(twice.message).toBe(
      `Two different versions of the same layer are not allowed to be referenced in the same function. ${v1.LayerVersionArn} and ${v2.LayerVersionArn} are versions of the same layer.`
    )
    const missing = await update([`${layerArn('shared')}:9`])
    expect(missing.message).toBe(`Layer version ${layerArn('shared')}:9 does not exist.`)
    const region = await update([`arn:aws:lambda:us-east-1:${ACCOUNT}:layer:shared:1`])
    expect(region.message).toBe(`Layers are not in the same region as the function. Layers are expected to be in region ${REGION}.`)
    const noVersion = await update([layerArn('shared')])
    expect(noVersion.name).toBe('ValidationException')
    expect(noVersion.message).toMatch(
      new RegExp(
        `^1 validation error detected: Value '\\[${layerArn('shared')}\\]' at 'layers' failed to satisfy constraint: Member must satisfy constraint: \\[Member must have length less than or equal to 2048`
      )
    )
    expect(emu.getFunction(REGION, 'fn')?.config.LastUpdateStatus).toBe('Successful')
  })

  it('keeps a deleted version the function already uses but refuses new references to it', async () => {
    const a = await publish('a')
    const b = await publish('b')
    emu.addFunction({ region: REGION, name: 'fn', layers: [a.LayerVersionArn ?? ''] })
    await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'a', VersionNumber: 1 }))
    await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'b', VersionNumber: 1 }))
    const kept = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', Layers: [a.LayerVersionArn ?? ''] }))
    expect(kept.Layers?.map((l) => l.Arn)).toEqual([a.LayerVersionArn])
    await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn' }))
    const err = await failure(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', Layers: [b.LayerVersionArn ?? ''] }))
    )
    expect(err.message).toBe(`Layer version ${b.LayerVersionArn} does not exist.`)
  })

  it('refuses layers that push function + layers above 262144000 unzipped bytes', async () => {
    const big = buildZip([{ name: 'big.bin', data: 'x', declaredSize: 200_000_000 }])
    const layer = await lambda.send(new PublishLayerVersionCommand({ LayerName: 'big', Content: { ZipFile: big } }))
    emu.addFunction({ region: REGION, name: 'fn', unzippedSize: 70_000_000 })
    const err = await failure(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', Layers: [layer.LayerVersionArn ?? ''] }))
    )
    expect(err.name).toBe('InvalidParameterValueException')
    expect(err.message).toContain('exceeds the maximum allowed size of 262144000 bytes')
  })

  it('answers 404 Function not found for unknown functions and functions of other regions', async () => {
    emu.addFunction({ region: 'us-east-1', name: 'fn' })
    const err = await failure(lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn' })))
    expect(err.name).toBe('ResourceNotFoundException')
    expect(err.$metadata.httpStatusCode).toBe(404)
    expect(err.message).toBe(`Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:fn`)
  })
})
