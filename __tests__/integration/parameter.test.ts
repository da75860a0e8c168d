// The SSM parameter write with the real SSM client against the emulator: through the region's
// pace like the Lambda calls, replacing the value, and errors with the fix a user can act on.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { createSsmClient } from '../../src/aws/clients.js'
import { paceCalls } from '../../src/aws/middleware.js'
import { ActionError } from '../../src/errors.js'
import { writeParameter } from '../../src/lifecycle/parameter.js'
import { failure } from '../helpers/sdk.js'

let emu: Emulator
beforeAll(async () => (emu = await startEmulator()))
afterAll(() => emu.close())
beforeEach(() => emu.reset())

const region = 'eu-west-1'
const layerArn = `arn:aws:lambda:${region}:123456789012:layer:my-deps`
const version = (n: number) => ({ layerArn, layerVersionArn: `${layerArn}:${n}`, version: n, codeSha256: 'h', codeSize: 1 })
const ssm = () =>
  createSsmClient({ region, endpointUrl: emu.url, maxAttempts: 2 }, { accessKeyId: 'AKIAINTEGRATION0001', secretAccessKey: 's' }, region)

describe('writeParameter', () => {
  it('waits for the pace on every attempt, and replaces the value on the next write', async () => {
    const client = await ssm()
    const turns: string[] = []
    paceCalls(client, async () => void turns.push('turn'))
    emu.faults.add('PutParameter', { status: 500 })
    expect(await writeParameter(client, '/layers/latest', version(1))).toEqual({ name: '/layers/latest', version: 1 })
    expect(turns).toEqual(['turn', 'turn'])
    expect(await writeParameter(client, '/layers/latest', version(2))).toEqual({ name: '/layers/latest', version: 2 })
    expect(emu.parameter(region, '/layers/latest')?.versions.map((v) => v.Value)).toEqual([`${layerArn}:1`, `${layerArn}:2`])
  })

  it('names the parameter and the IAM fix when the role may not write it', async () => {
    emu.faults.add('PutParameter', {
      status: 400,
      errorName: 'AccessDeniedException',
      message: 'not authorized to perform: ssm:PutParameter'
    })
    const err = await failure(writeParameter(await ssm(), 'latest', version(1)))
    expect(err).toBeInstanceOf(ActionError)
    expect(err.message).toBe(
      `Writing ${layerArn}:1 to the SSM parameter latest failed: AccessDeniedException: not authorized to perform: ssm:PutParameter`
    )
    expect((err as unknown as ActionError).fix).toBe(
      `Allow the role ssm:PutParameter on arn:aws:ssm:${region}:123456789012:parameter/latest`
    )
  })
})
