// The SSM parameter write with the real SSM client against the emulator: through the region's
// pace like the Lambda calls, replacing the value unless it names a newer version of the layer,
// settling a lost or cut answer by reading the parameter back, and errors with the fix a user
// can act on.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { createSsmClient } from '../../src/aws/clients.js'
import { paceCalls, rereadCutAnswers } from '../../src/aws/middleware.js'
import { ActionError } from '../../src/errors.js'
import { ParameterCancelledError, versionNamed, writeParameter } from '../../src/lifecycle/parameter.js'
import { failure } from '../helpers/sdk.js'

let emu: Emulator
beforeAll(async () => (emu = await startEmulator()))
afterAll(() => emu.close())
beforeEach(() => emu.reset())

const region = 'eu-west-1'
const NAME = '/layers/latest'
const layerArn = `arn:aws:lambda:${region}:123456789012:layer:my-deps`
const version = (n: number) => ({ layerArn, layerVersionArn: `${layerArn}:${n}`, version: n, codeSha256: 'h', codeSize: 1 })
const ssm = async () => {
  const client = await createSsmClient(
    { region, endpointUrl: emu.url, maxAttempts: 2 },
    { accessKeyId: 'AKIAINTEGRATION0001', secretAccessKey: 's' },
    region
  )
  rereadCutAnswers(client)
  return client
}
const values = () => emu.parameter(region, NAME)?.versions.map((v) => v.Value)
const calls = () => emu.requests.filter((r) => r.service === 'ssm').map((r) => r.operation)
const until = async (done: () => boolean) => {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 10))
}
/** Another run's write, straight to SSM. */
const otherWrite = async (client: SSMClient, value: string) =>
  client.send(new PutParameterCommand({ Name: NAME, Value: value, Type: 'String', Overwrite: true }))

describe('writeParameter', () => {
  it('waits for the pace on every attempt, and replaces an older version on the next write', async () => {
    const client = await ssm()
    const turns: string[] = []
    paceCalls(client, async () => void turns.push('turn'))
    emu.faults.add('PutParameter', { status: 500 })
    expect(await writeParameter(client, NAME, version(1))).toEqual({ name: NAME, version: 1, holds: `${layerArn}:1`, outcome: 'written' })
    expect(turns).toEqual(['turn', 'turn', 'turn'])
    expect(await writeParameter(client, NAME, version(2))).toEqual({
      name: NAME,
      version: 2,
      holds: `${layerArn}:2`,
      outcome: 'written',
      replaced: `${layerArn}:1`
    })
    expect(values()).toEqual([`${layerArn}:1`, `${layerArn}:2`])
  })

  it('leaves a parameter naming a newer version of the layer, and keeps one naming this version', async () => {
    const client = await ssm()
    await otherWrite(client, `${layerArn}:5`)
    expect(await writeParameter(client, NAME, version(4))).toEqual({ name: NAME, version: 1, holds: `${layerArn}:5`, outcome: 'newer' })
    expect(await writeParameter(client, NAME, version(5))).toEqual({ name: NAME, version: 1, holds: `${layerArn}:5`, outcome: 'kept' })
    expect(values()).toEqual([`${layerArn}:5`])
    // The other run's write, then only reads.
    expect(calls()).toEqual(['PutParameter', 'GetParameter', 'GetParameter'])
  })

  it("replaces a value that is not a version of this layer (another layer's, another region's, free text)", async () => {
    const client = await ssm()
    for (const other of [
      'arn:aws:lambda:eu-west-1:123456789012:layer:other:9',
      'arn:aws:lambda:us-east-1:123456789012:layer:my-deps:9',
      'x'
    ]) {
      await otherWrite(client, other)
      expect((await writeParameter(client, NAME, version(4))).outcome).toBe('written')
    }
    expect(versionNamed(`${layerArn}:12`, { layerArn })).toBe(12)
    expect(versionNamed(`${layerArn}:12:x`, { layerArn })).toBeUndefined()
  })

  it("puts a newer version back when another run's write landed between this run's read and write", async () => {
    const client = await ssm()
    await otherWrite(client, `${layerArn}:1`)
    emu.faults.add('PutParameter', { hold: 'ours' })
    const ours = writeParameter(client, NAME, version(2))
    await until(() => emu.holds.waiting().includes('ours'))
    await otherWrite(await ssm(), `${layerArn}:3`)
    emu.release('ours')
    expect(await ours).toMatchObject({ version: 4, holds: `${layerArn}:3`, outcome: 'restored' })
    expect(values()).toEqual([`${layerArn}:1`, `${layerArn}:3`, `${layerArn}:2`, `${layerArn}:3`])
  })

  it('settles a 2xx answer cut short by reading the parameter back: written, in words without SDK internals', async () => {
    const client = await ssm()
    const lines: string[] = []
    emu.faults.add('PutParameter', { truncate: true })
    const written = await writeParameter(client, NAME, version(1), { log: (m) => lines.push(m) })
    expect(written).toMatchObject({ version: 1, holds: `${layerArn}:1`, outcome: 'written' })
    expect(lines).toEqual([
      `Writing ${layerArn}:1 to the SSM parameter ${NAME}: SSM answered HTTP 200, but the answer was cut short and could not be read; reading it back, it holds ${layerArn}:1 (parameter version 1), so the write landed`
    ])
    expect(calls()).toEqual(['GetParameter', 'PutParameter', 'GetParameter'])
  })

  it('a cancel while the write is in flight reads the parameter back and says what it holds', async () => {
    const client = await ssm()
    const controller = new AbortController()
    emu.faults.add('PutParameter', { hold: 'write', afterApply: true })
    const write = writeParameter(client, NAME, version(6), { signal: controller.signal })
    await until(() => emu.holds.waiting().includes('write'))
    controller.abort()
    const err = await failure(write)
    expect(err).toBeInstanceOf(ParameterCancelledError)
    expect(err.message).toBe(
      `Writing ${layerArn}:6 to the SSM parameter ${NAME}: the run was cancelled while the write was in flight; reading it back, it holds ${layerArn}:6 (parameter version 1): the write landed`
    )
    expect((err as unknown as ParameterCancelledError).parameter).toEqual({
      name: NAME,
      version: 1,
      holds: `${layerArn}:6`,
      outcome: 'written'
    })
  })

  it('names the parameter and the IAM fix when the role may not read or write it', async () => {
    emu.faults.add('GetParameter', {
      status: 400,
      errorName: 'AccessDeniedException',
      message: 'not authorized to perform: ssm:GetParameter'
    })
    const read = await failure(writeParameter(await ssm(), 'latest', version(1)))
    expect(read.message).toBe('Reading the SSM parameter latest failed: AccessDeniedException: not authorized to perform: ssm:GetParameter')
    expect((read as unknown as ActionError).fix).toBe(
      `Allow the role ssm:GetParameter on arn:aws:ssm:${region}:123456789012:parameter/latest`
    )
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
