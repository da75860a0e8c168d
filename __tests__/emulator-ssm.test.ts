// The emulator's SSM Parameter Store through the real @aws-sdk/client-ssm (AWS JSON 1.1).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  DeleteParameterCommand,
  DeleteParametersCommand,
  GetParameterCommand,
  GetParametersCommand,
  PutParameterCommand,
  SSMClient,
  type PutParameterCommandInput
} from '@aws-sdk/client-ssm'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { BAD_NAME } from '../emulator/ssm-names.js'
import { failure } from './helpers/sdk.js'

const credentials = { accessKeyId: 'AKIAEMULATORTEST', secretAccessKey: 'secret' }
let emu: Emulator
let ssm: SSMClient
const clients: SSMClient[] = []

function client(region: string, maxAttempts = 1): SSMClient {
  const c = new SSMClient({ endpoint: emu.url, region, credentials, maxAttempts })
  clients.push(c)
  return c
}

const put = (input: Partial<PutParameterCommandInput>, c = ssm) =>
  c.send(new PutParameterCommand({ Name: '/layers/my-deps/latest', Value: 'v1', Type: 'String', ...input }))

beforeAll(async () => {
  emu = await startEmulator()
  ssm = client('eu-west-1')
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await emu.close()
})
beforeEach(() => emu.reset())

describe('PutParameter and GetParameter', () => {
  it('stores a String parameter as version 1 in the Standard tier and reads it back', async () => {
    expect(await put({})).toMatchObject({ Version: 1, Tier: 'Standard' })
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: '/layers/my-deps/latest' }))
    expect(Parameter).toMatchObject({
      Name: '/layers/my-deps/latest',
      Type: 'String',
      Value: 'v1',
      Version: 1,
      DataType: 'text',
      ARN: 'arn:aws:ssm:eu-west-1:123456789012:parameter/layers/my-deps/latest'
    })
    expect(Parameter?.LastModifiedDate).toBeInstanceOf(Date)
    const [request] = emu.requestsFor('PutParameter')
    expect(request).toMatchObject({ service: 'ssm', method: 'POST', path: '/', region: 'eu-west-1', status: 200 })
    expect(request.headers['x-amz-target']).toBe('AmazonSSM.PutParameter')
    expect(request.headers['content-type']).toBe('application/x-amz-json-1.1')
  })

  it('refuses to replace a parameter without Overwrite and counts versions with it', async () => {
    await put({})
    const exists = await failure(put({ Value: 'v2' }))
    expect(exists.name).toBe('ParameterAlreadyExists')
    expect(exists.$metadata.httpStatusCode).toBe(400)
    expect(exists.message).toBe('The parameter already exists. To overwrite this value, set the overwrite option in the request to true.')
    expect(await put({ Value: 'v2', Overwrite: true, Type: undefined })).toMatchObject({ Version: 2 })
    expect(await put({ Value: 'v3', Overwrite: true })).toMatchObject({ Version: 3 })
    const latest = await ssm.send(new GetParameterCommand({ Name: '/layers/my-deps/latest' }))
    expect(latest.Parameter).toMatchObject({ Value: 'v3', Version: 3, Type: 'String' })
    const first = await ssm.send(new GetParameterCommand({ Name: '/layers/my-deps/latest:1' }))
    expect(first.Parameter).toMatchObject({ Value: 'v1', Version: 1 })
    const gone = await failure(ssm.send(new GetParameterCommand({ Name: '/layers/my-deps/latest:9' })))
    expect(gone.name).toBe('ParameterVersionNotFound')
    expect(emu.parameter('eu-west-1', '/layers/my-deps/latest')?.versions.map((v) => v.Value)).toEqual(['v1', 'v2', 'v3'])
  })

  it('keeps one store per region', async () => {
    await put({ Value: 'arn-eu' })
    await put({ Value: 'arn-us' }, client('us-east-1'))
    const missing = await failure(client('ap-south-1').send(new GetParameterCommand({ Name: '/layers/my-deps/latest' })))
    expect(missing.name).toBe('ParameterNotFound')
    expect(missing.$metadata.httpStatusCode).toBe(400)
    expect(emu.parameter('eu-west-1', '/layers/my-deps/latest')?.versions[0].Value).toBe('arn-eu')
    expect(emu.parameter('us-east-1', '/layers/my-deps/latest')?.versions[0].Value).toBe('arn-us')
  })

  it('answers ParameterNotFound without a message, as the service does', async () => {
    const raw = await fetch(emu.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonSSM.GetParameter',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIAEMULATORTEST/20260101/eu-west-1/ssm/aws4_request, SignedHeaders=host, Signature=x'
      },
      body: JSON.stringify({ Name: 'nothing' })
    })
    expect(raw.status).toBe(400)
    expect(raw.headers.get('content-type')).toBe('application/x-amz-json-1.1')
    expect(await raw.json()).toEqual({ __type: 'ParameterNotFound' })
  })

  it('needs a Type to create, keeps it on overwrite and refuses to change it', async () => {
    const untyped = await failure(put({ Type: undefined }))
    expect(untyped.name).toBe('ValidationException')
    expect(untyped.message).toBe('A parameter type is required when you create a parameter.')
    await put({})
    const changed = await failure(put({ Type: 'StringList', Overwrite: true }))
    expect(changed.name).toBe('HierarchyTypeMismatchException')
    const tagged = await failure(put({ Overwrite: true, Tags: [{ Key: 'k', Value: 'v' }] }))
    expect(tagged.name).toBe('ValidationException')
    expect(tagged.message).toMatch(/^Invalid request: tags and overwrite can't be used together/)
  })

  it('treats /Name and Name as one parameter', async () => {
    await put({ Name: '/my-deps-latest' })
    const again = await failure(put({ Name: 'my-deps-latest' }))
    expect(again.name).toBe('ParameterAlreadyExists')
    const viaBare = await ssm.send(new GetParameterCommand({ Name: 'my-deps-latest' }))
    expect(viaBare.Parameter?.Name).toBe('/my-deps-latest')
  })

  it('reads a parameter by its ARN', async () => {
    await put({})
    const out = await ssm.send(new GetParameterCommand({ Name: 'arn:aws:ssm:eu-west-1:123456789012:parameter/layers/my-deps/latest' }))
    expect(out.Parameter?.Value).toBe('v1')
  })
})

describe('parameter names', () => {
  it.each([
    ['aws-thing', 'AccessDeniedException', 'No access to reserved parameter name: aws-thing.'],
    ['/aws/test', 'AccessDeniedException', 'No access to reserved parameter name: aws/test.'],
    ['/AWSome/x', 'AccessDeniedException', 'No access to reserved parameter name: AWSome/x.'],
    ['ssm-thing', 'ValidationException', BAD_NAME],
    ['/SSM/x', 'ValidationException', BAD_NAME],
    ['has space', 'ValidationException', BAD_NAME],
    ['/layers/a@b', 'ValidationException', BAD_NAME],
    ['layers/latest', 'ValidationException', BAD_NAME],
    ['/layers//latest', 'ValidationException', BAD_NAME],
    ['/layers/latest/', 'ValidationException', BAD_NAME]
  ])('refuses %s with %s', async (Name, name, message) => {
    const err = await failure(put({ Name }))
    expect(err.name).toBe(name)
    expect(err.$metadata.httpStatusCode).toBe(400)
    expect(err.message).toBe(message)
  })

  it('allows 15 levels and refuses a 16th', async () => {
    const levels = (n: number) => '/' + Array.from({ length: n }, (_, i) => `L${i + 1}`).join('/')
    expect((await put({ Name: levels(15) })).Version).toBe(1)
    const deep = await failure(put({ Name: levels(16) }))
    expect(deep.name).toBe('HierarchyLevelLimitExceededException')
    expect(deep.message).toMatch(/^A hierarchy can have a maximum of 15 levels/)
  })

  it('limits the name plus the ARN before it to 1011 characters', async () => {
    const prefix = 'arn:aws:ssm:eu-west-1:123456789012:parameter/'.length
    const longest = '/' + 'n'.repeat(1011 - prefix)
    expect((await put({ Name: longest })).Version).toBe(1)
    const tooLong = await failure(put({ Name: longest + 'n' }))
    expect(tooLong.name).toBe('ValidationException')
    const overModel = await failure(put({ Name: 'n'.repeat(2049) }))
    expect(overModel.message).toBe(
      `1 validation error detected: Value '${'n'.repeat(2049)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 2048`
    )
  })

  it('trims spaces around a name', async () => {
    await put({ Name: '  /layers/padded  ' })
    expect(emu.parameter('eu-west-1', '/layers/padded')?.Name).toBe('/layers/padded')
  })
})

describe('values and tiers', () => {
  it('holds 4096 characters in the Standard tier and refuses one more with the recorded message', async () => {
    expect((await put({ Value: 'x'.repeat(4096) })).Tier).toBe('Standard')
    const big = await failure(put({ Name: '/big', Value: 'x'.repeat(4097) }))
    expect(big.name).toBe('ValidationException')
    expect(big.message).toMatch(/^Standard tier parameters support a maximum parameter value of 4096 characters\./)
  })

  it('holds 8192 characters in the Advanced tier and picks it for Intelligent-Tiering when needed', async () => {
    expect((await put({ Name: '/adv', Value: 'x'.repeat(8192), Tier: 'Advanced' })).Tier).toBe('Advanced')
    expect((await failure(put({ Name: '/adv2', Value: 'x'.repeat(8193), Tier: 'Advanced' }))).name).toBe('ValidationException')
    expect((await put({ Name: '/it', Value: 'x'.repeat(5000), Tier: 'Intelligent-Tiering' })).Tier).toBe('Advanced')
    expect((await put({ Name: '/it2', Value: 'x', Tier: 'Intelligent-Tiering' })).Tier).toBe('Standard')
    const huge = await failure(put({ Name: '/huge', Value: 'x'.repeat(32769) }))
    expect(huge.message).toBe(
      "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length less than or equal to 32768"
    )
  })
})

describe('GetParameters, DeleteParameter, DeleteParameters', () => {
  it('reads several, deletes one and reports unknown names', async () => {
    await put({ Name: '/a' })
    await put({ Name: '/b' })
    const got = await ssm.send(new GetParametersCommand({ Names: ['/a', '/b', '/c'] }))
    expect(got.Parameters?.map((p) => p.Name)).toEqual(['/a', '/b'])
    expect(got.InvalidParameters).toEqual(['/c'])
    await ssm.send(new DeleteParameterCommand({ Name: '/a' }))
    expect((await failure(ssm.send(new DeleteParameterCommand({ Name: '/a' })))).name).toBe('ParameterNotFound')
    const deleted = await ssm.send(new DeleteParametersCommand({ Names: ['/a', '/b'] }))
    expect(deleted).toMatchObject({ DeletedParameters: ['/b'], InvalidParameters: ['/a'] })
    const many = await failure(ssm.send(new GetParametersCommand({ Names: Array.from({ length: 11 }, (_, i) => `/p${i}`) })))
    expect(many.name).toBe('ValidationException')
    expect(many.message).toContain("at 'names' failed to satisfy constraint: Member must have length less than or equal to 10")
  })

  it('starts again at version 1 after a delete', async () => {
    await put({})
    await put({ Overwrite: true })
    await ssm.send(new DeleteParameterCommand({ Name: '/layers/my-deps/latest' }))
    expect((await put({})).Version).toBe(1)
  })
})

describe('faults and credentials', () => {
  it('injects a 400 ThrottlingException that the SDK retries', async () => {
    emu.faults.add('PutParameter', { status: 400 })
    const out = await put({}, client('eu-west-1', 2))
    expect(out.Version).toBe(1)
    expect(emu.requestsFor('PutParameter').map((r) => r.status)).toEqual([400, 200])
  })

  it('refuses a session key this STS never issued with a 400 UnrecognizedClientException', async () => {
    const stranger = new SSMClient({
      endpoint: emu.url,
      region: 'eu-west-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'ASIAUNKNOWN', secretAccessKey: 's', sessionToken: 't' }
    })
    clients.push(stranger)
    const err = await failure(put({}, stranger))
    expect(err.name).toBe('UnrecognizedClientException')
    expect(err.$metadata.httpStatusCode).toBe(400)
  })
})
