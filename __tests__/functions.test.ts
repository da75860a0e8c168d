import { describe, expect, it } from '@jest/globals'
import type { FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda'
import { ActionError } from '../src/errors.js'
import {
  FunctionUpdateError,
  MAX_UPDATE_ATTEMPTS,
  checkLayerLimit,
  layerArnOf,
  mergeLayers,
  planUpdate,
  updateFunctions
} from '../src/lifecycle/functions.js'

const L = 'arn:aws:lambda:eu-west-1:123456789012:layer'
const mine = `${L}:deps`
const version = { layerArn: mine, layerVersionArn: `${mine}:7` }

describe('mergeLayers', () => {
  it.each([
    ['replaces in place, order kept', [`${L}:a:1`, `${mine}:3`, `${L}:b:2`], [`${L}:a:1`, `${mine}:7`, `${L}:b:2`]],
    ['replaces the first entry', [`${mine}:3`, `${L}:a:1`], [`${mine}:7`, `${L}:a:1`]],
    ['appends when absent', [`${L}:a:1`, `${L}:b:2`], [`${L}:a:1`, `${L}:b:2`, `${mine}:7`]],
    ['appends to an empty list', [], [`${mine}:7`]],
    ['unchanged when already on the version', [`${L}:a:1`, `${mine}:7`], [`${L}:a:1`, `${mine}:7`]],
    ['moves back to an older number too', [`${mine}:9`], [`${mine}:7`]],
    ['a layer whose name starts the same is another layer', [`${mine}-extra:3`], [`${mine}-extra:3`, `${mine}:7`]],
    [
      'the same name in another account is another layer',
      ['arn:aws:lambda:eu-west-1:999999999999:layer:deps:3'],
      ['arn:aws:lambda:eu-west-1:999999999999:layer:deps:3', `${mine}:7`]
    ]
  ])('%s', (_name, current, expected) => {
    const before = [...current]
    expect(mergeLayers(current, mine, `${mine}:7`)).toEqual(expected)
    expect(current).toEqual(before)
  })

  it('layerArnOf drops only the version suffix', () => {
    expect(layerArnOf(`${mine}:12`)).toBe(mine)
    expect(layerArnOf(`${L}:my-layer_2:1`)).toBe(`${L}:my-layer_2`)
  })
})

const fnArn = 'arn:aws:lambda:eu-west-1:123456789012:function:api'
const config = (layers: string[], extra: Partial<FunctionConfiguration> = {}): FunctionConfiguration => ({
  FunctionArn: fnArn,
  Layers: layers.map((Arn) => ({ Arn })),
  RevisionId: 'r1',
  LastUpdateStatus: 'Successful',
  ...extra
})
const five = [1, 2, 3, 4, 5].map((n) => `${L}:other${n}:1`)

describe('the 5-layer limit', () => {
  it('refuses a sixth layer, naming the function and listing its layers', () => {
    let error: unknown
    try {
      planUpdate('api', config(five), version)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ActionError)
    const { message, fix } = error as ActionError
    expect(message).toContain('Function api already has 5 layers')
    for (const arn of five) expect(message).toContain(arn)
    expect(message).toContain(`adding ${mine}:7 would make 6, and Lambda allows 5 per function`)
    expect(fix).toMatch(/Remove a layer/)
  })

  it('replacing within 5 layers is allowed', () => {
    const layers = [...five.slice(0, 4), `${mine}:3`]
    expect(planUpdate('api', config(layers), version)).toMatchObject({
      changed: true,
      previous: `${mine}:3`,
      layers: [...five.slice(0, 4), `${mine}:7`]
    })
    expect(() => checkLayerLimit('api', five.slice(0, 4), [...five.slice(0, 4), `${mine}:7`])).not.toThrow()
  })
})

describe('planUpdate', () => {
  it('reports the region, the previous version and no change when already on it', () => {
    expect(planUpdate('api', config([`${mine}:7`]), version)).toEqual({
      target: 'api',
      functionArn: fnArn,
      region: 'eu-west-1',
      previous: `${mine}:7`,
      layers: [`${mine}:7`],
      changed: false
    })
    expect(planUpdate('api', { FunctionArn: fnArn }, version)).toMatchObject({ previous: undefined, layers: [`${mine}:7`], changed: true })
  })

  it('refuses a layer of another region before calling Lambda', () => {
    const other = { ...config([]), FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:api' }
    expect(() => planUpdate('api', other, version)).toThrow(/api is in us-east-1 but .*deps:7 is in eu-west-1/)
  })
})

/** A stub client answering per command from queues; records the calls. */
function stubLambda(answers: Record<string, Array<FunctionConfiguration | Error>>) {
  const calls: { name: string; input: Record<string, unknown> }[] = []
  const client = {
    send: async (cmd: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = cmd.constructor.name.replace(/Command$/, '')
      calls.push({ name, input: cmd.input })
      const queue = answers[name] ?? []
      const next = queue.length > 1 ? queue.shift() : queue[0]
      if (next === undefined) throw new Error(`unexpected ${name}`)
      if (next instanceof Error) throw next
      return next
    }
  } as unknown as LambdaClient
  return { client, calls }
}

function awsError(name: string): Error {
  const e = new Error(`${name} message`)
  e.name = name
  return e
}

function fakeSleep() {
  const sleeps: number[] = []
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) }
}

describe('updateFunctions with a stub client', () => {
  it('times out with a clear message when the update never finishes', async () => {
    const { client, calls } = stubLambda({
      GetFunctionConfiguration: [config([]), config([], { LastUpdateStatus: 'InProgress' })],
      UpdateFunctionConfiguration: [config([], { LastUpdateStatus: 'InProgress' })]
    })
    const { sleeps, sleep } = fakeSleep()
    const err = await updateFunctions(client, ['api'], version, { pollIntervalMs: 1000, maxWaitMs: 3000, sleep }).catch((e) => e)
    expect(err).toBeInstanceOf(FunctionUpdateError)
    expect(err.message).toMatch(/^Function api was still updating after 3 s \(LastUpdateStatus InProgress\)/)
    expect(sleeps).toEqual([1000, 1000, 1000])
    expect(calls.filter((c) => c.name === 'GetFunctionConfiguration')).toHaveLength(4)
  })

  it('gives up on 412 after a bounded number of attempts, naming the function', async () => {
    const { client, calls } = stubLambda({
      GetFunctionConfiguration: [config([])],
      UpdateFunctionConfiguration: [awsError('PreconditionFailedException')]
    })
    const err = await updateFunctions(client, ['api'], version, fakeSleep()).catch((e) => e)
    expect(err.message).toMatch(
      /^Function api kept changing while this step tried to update it \(5 attempts; last answer PreconditionFailedException/
    )
    expect(calls.filter((c) => c.name === 'UpdateFunctionConfiguration')).toHaveLength(MAX_UPDATE_ATTEMPTS)
  })

  it('names the function in SDK errors and keeps the successful updates of the others', async () => {
    const notFound = awsError('ResourceNotFoundException')
    const client = {
      send: async (cmd: { constructor: { name: string }; input: { FunctionName: string } }) => {
        if (cmd.input.FunctionName === 'missing') throw notFound
        if (cmd.constructor.name === 'GetFunctionConfigurationCommand') return config([`${mine}:7`])
        throw new Error('no update expected')
      }
    } as unknown as LambdaClient
    const err = (await updateFunctions(client, ['api', 'missing'], version).catch((e) => e)) as FunctionUpdateError
    expect(err.message).toBe(
      'Updating function missing failed: ResourceNotFoundException: ResourceNotFoundException message. Updated: api.'
    )
    expect(err.fix).toMatch(/update-functions/)
    expect(err.updates.map((u) => [u.target, u.changed])).toEqual([['api', false]])
  })

  it('lists every failed function when several fail', async () => {
    const client = {
      send: async () => {
        throw awsError('AccessDeniedException')
      }
    } as unknown as LambdaClient
    const err = (await updateFunctions(client, ['a', 'b'], version).catch((e) => e)) as FunctionUpdateError
    expect(err.message).toMatch(/^2 functions were not updated: Updating function a failed: .*; Updating function b failed: /)
    expect(err.updates).toEqual([])
  })
})
