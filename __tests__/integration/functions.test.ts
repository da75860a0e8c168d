// updateFunctions with the real SDK LambdaClient over HTTP against the emulator: what Lambda
// received (Layers order, RevisionId) and how the function ended, not only the return value.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { PublishLayerVersionCommand, UpdateFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { buildZip } from '../../emulator/zip.js'
import { createLambdaClient } from '../../src/aws/clients.js'
import { FunctionUpdateError, updateFunctions } from '../../src/lifecycle/functions.js'

const region = 'eu-west-1'
const L = `arn:aws:lambda:${region}:123456789012:layer`
const foreign = (name: string, n = 1) => `arn:aws:lambda:${region}:999999999999:layer:${name}:${n}`
const fast = { pollIntervalMs: 10 }

let emu: Emulator
let lambda: LambdaClient

beforeAll(async () => {
  emu = await startEmulator()
  lambda = createLambdaClient(
    { region, endpointUrl: emu.url, maxAttempts: 1 },
    { accessKeyId: 'AKIAFUNCTIONS0001', secretAccessKey: 's', sessionToken: 't' }
  )
})
afterAll(async () => {
  lambda.destroy()
  await emu.close()
})
beforeEach(() => emu.reset())

/** Publishes `count` versions of layer `deps`; returns the newest as updateFunctions takes it. */
async function publishDeps(count: number) {
  let arn = ''
  for (let i = 0; i < count; i++) {
    const out = await lambda.send(
      new PublishLayerVersionCommand({ LayerName: 'deps', Content: { ZipFile: buildZip([{ name: 'python/x.py', data: `v${i}` }]) } })
    )
    arn = out.LayerVersionArn ?? ''
  }
  return { layerArn: `${L}:deps`, layerVersionArn: arn }
}

const layersOf = (name: string) => (emu.getFunction(region, name)?.config.Layers ?? []).map((l: { Arn: string }) => l.Arn)
const ops = () =>
  emu.requests.filter((r) => r.service === 'lambda' && r.operation !== 'PublishLayerVersion').map((r) => `${r.operation} ${r.status}`)

describe('updateFunctions against the emulator', () => {
  it('replaces the old version in place, keeps the other layers in order, and passes RevisionId', async () => {
    const version = await publishDeps(2)
    emu.addFunction({ region, name: 'api', layers: [foreign('base'), `${L}:deps:1`, foreign('tail', 4)] })
    const revision = emu.getFunction(region, 'api')?.config.RevisionId
    const [update] = await updateFunctions(lambda, ['api'], version, fast)
    const sent = emu.requestsFor('UpdateFunctionConfiguration')
    expect(sent).toHaveLength(1)
    expect(sent[0].body).toEqual({ Layers: [foreign('base'), `${L}:deps:2`, foreign('tail', 4)], RevisionId: revision })
    expect(layersOf('api')).toEqual([foreign('base'), `${L}:deps:2`, foreign('tail', 4)])
    expect(emu.getFunction(region, 'api')?.config.LastUpdateStatus).toBe('Successful')
    expect(update).toEqual({
      target: 'api',
      functionArn: `arn:aws:lambda:${region}:123456789012:function:api`,
      region,
      previous: `${L}:deps:1`,
      layers: [foreign('base'), `${L}:deps:2`, foreign('tail', 4)],
      changed: true
    })
  })

  it('appends the layer when the function does not use it, and accepts a function ARN', async () => {
    const version = await publishDeps(1)
    const fn = emu.addFunction({ region, name: 'worker', layers: [foreign('base')] })
    const [update] = await updateFunctions(lambda, [fn.config.FunctionArn], version, fast)
    expect(emu.requestsFor('UpdateFunctionConfiguration')[0].body.Layers).toEqual([foreign('base'), `${L}:deps:1`])
    expect(layersOf('worker')).toEqual([foreign('base'), `${L}:deps:1`])
    expect(update).toMatchObject({ target: fn.config.FunctionArn, previous: undefined, changed: true })
  })

  it('sends no update when the function already uses the version', async () => {
    const version = await publishDeps(1)
    emu.addFunction({ region, name: 'api', layers: [`${L}:deps:1`] })
    const [update] = await updateFunctions(lambda, ['api'], version, fast)
    expect(update.changed).toBe(false)
    expect(ops()).toEqual(['GetFunctionConfiguration 200'])
  })

  it('refuses a sixth layer with a clear error and sends no update', async () => {
    const version = await publishDeps(1)
    const five = ['a', 'b', 'c', 'd', 'e'].map((n) => foreign(n))
    emu.addFunction({ region, name: 'full', layers: five })
    const err = (await updateFunctions(lambda, ['full'], version, fast).catch((e) => e)) as FunctionUpdateError
    expect(err).toBeInstanceOf(FunctionUpdateError)
    expect(err.message).toContain('Function full already has 5 layers')
    expect(err.message).toContain(five.join(', '))
    expect(emu.requestsFor('UpdateFunctionConfiguration')).toHaveLength(0)
    expect(layersOf('full')).toEqual(five)
  })

  it('reports a Failed update with its reason; the function keeps its layers', async () => {
    const version = await publishDeps(1)
    emu.addFunction({
      region,
      name: 'api',
      layers: [foreign('base')],
      failUpdates: { reason: 'Layer conflicts with /opt/python', reasonCode: 'InvalidLayer' }
    })
    const err = (await updateFunctions(lambda, ['api'], version, fast).catch((e) => e)) as FunctionUpdateError
    expect(err.message).toMatch(
      /^Lambda could not update function api to the new layer list: Layer conflicts with \/opt\/python \(InvalidLayer\)/
    )
    expect(emu.getFunction(region, 'api')?.config).toMatchObject({ LastUpdateStatus: 'Failed' })
    expect(layersOf('api')).toEqual([foreign('base')])
  })

  it('polls until LastUpdateStatus is Successful', async () => {
    const version = await publishDeps(1)
    emu.addFunction({ region, name: 'api', pollsUntilDone: 3 })
    const sleeps: number[] = []
    await updateFunctions(lambda, ['api'], version, { pollIntervalMs: 10, sleep: async (ms) => void sleeps.push(ms) })
    expect(ops()).toEqual([
      'GetFunctionConfiguration 200',
      'UpdateFunctionConfiguration 200',
      'GetFunctionConfiguration 200',
      'GetFunctionConfiguration 200',
      'GetFunctionConfiguration 200'
    ])
    expect(sleeps).toEqual([10, 10, 10])
    expect(emu.getFunction(region, 'api')?.config.LastUpdateStatus).toBe('Successful')
  })

  it('retries a 409 "update in progress" by waiting, then re-reading', async () => {
    const version = await publishDeps(1)
    emu.addFunction({ region, name: 'api' })
    emu.faults.add('UpdateFunctionConfiguration', {
      status: 409,
      errorName: 'ResourceConflictException',
      message: `The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:${region}:123456789012:function:api`
    })
    await updateFunctions(lambda, ['api'], version, fast)
    expect(ops()).toEqual([
      'GetFunctionConfiguration 200',
      'UpdateFunctionConfiguration 409',
      'GetFunctionConfiguration 200',
      'UpdateFunctionConfiguration 200',
      'GetFunctionConfiguration 200'
    ])
    expect(layersOf('api')).toEqual([`${L}:deps:1`])
  })

  it('waits for an update someone else started before reading the layers', async () => {
    const version = await publishDeps(1)
    const extra = await lambda.send(
      new PublishLayerVersionCommand({ LayerName: 'extra', Content: { ZipFile: buildZip([{ name: 'bin/x', data: 'x' }]) } })
    )
    emu.addFunction({ region, name: 'api', pollsUntilDone: 2, layers: [foreign('base')] })
    const other = await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'api', Layers: [foreign('base'), extra.LayerVersionArn ?? ''] })
    )
    expect(other.LastUpdateStatus).toBe('InProgress')
    emu.requests.length = 0
    await updateFunctions(lambda, ['api'], version, fast)
    const [ours] = emu.requestsFor('UpdateFunctionConfiguration')
    expect(ops().slice(0, 3)).toEqual(['GetFunctionConfiguration 200', 'GetFunctionConfiguration 200', 'UpdateFunctionConfiguration 200'])
    expect(ours.body.RevisionId).not.toBe(other.RevisionId)
    expect(layersOf('api')).toEqual([foreign('base'), `${L}:extra:1`, `${L}:deps:1`])
  })

  it('on 412 re-reads and merges into the list someone else just wrote', async () => {
    const version = await publishDeps(1)
    emu.addFunction({ region, name: 'api', layers: [foreign('base')] })
    let raced = false
    // Another deployer adds a layer between our read and our update.
    lambda.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'UpdateFunctionConfigurationCommand' && !raced) {
          raced = true
          const config = emu.getFunction(region, 'api')?.config
          if (config)
            Object.assign(config, { Layers: [...config.Layers, { Arn: foreign('theirs'), CodeSize: 1 }], RevisionId: 'someone-else' })
        }
        return next(args)
      },
      { step: 'initialize', name: 'raceForTest' }
    )
    try {
      await updateFunctions(lambda, ['api'], version, fast)
    } finally {
      lambda.middlewareStack.remove('raceForTest')
    }
    expect(ops().slice(0, 4)).toEqual([
      'GetFunctionConfiguration 200',
      'UpdateFunctionConfiguration 412',
      'GetFunctionConfiguration 200',
      'UpdateFunctionConfiguration 200'
    ])
    expect(emu.requestsFor('UpdateFunctionConfiguration')[1].body.RevisionId).toBe('someone-else')
    expect(layersOf('api')).toEqual([foreign('base'), foreign('theirs'), `${L}:deps:1`])
  })

  it('updates several functions independently; one failure does not stop the others', async () => {
    const version = await publishDeps(1)
    emu.addFunction({ region, name: 'good', pollsUntilDone: 2 })
    emu.addFunction({ region, name: 'bad', failUpdates: 'Function code combined with layers is too large' })
    const err = (await updateFunctions(lambda, ['good', 'bad', 'missing'], version, fast).catch((e) => e)) as FunctionUpdateError
    expect(err.message).toMatch(
      /^2 functions were not updated: Lambda could not update function bad .*too large.*; Updating function missing failed: ResourceNotFoundException: Function not found/
    )
    expect(err.message).toMatch(/Updated: good\.$/)
    expect(err.updates).toEqual([expect.objectContaining({ target: 'good', changed: true })])
    expect(layersOf('good')).toEqual([`${L}:deps:1`])
  })
})
