// What injected faults do on the wire, through the real @aws-sdk/client-lambda: throttling as
// HTTP 400, answers cut short after the change was applied, answers that never come (dropped,
// reset, hung, held), and the same for the layer zip download behind Content.Location.
import { describe, expect, it } from '@jest/globals'
import {
  AddLayerVersionPermissionCommand,
  DeleteLayerVersionCommand,
  GetLayerVersionCommand,
  LambdaClient,
  ListLayersCommand,
  ListLayerVersionsCommand,
  RemoveLayerVersionPermissionCommand,
  UpdateFunctionConfigurationCommand
} from '@aws-sdk/client-lambda'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { credentials, useLambdaEmulator } from './helpers/emulator-lambda.js'
import { failure } from './helpers/sdk.js'

const t = useLambdaEmulator()
const arnOf = (version: number) => `arn:aws:lambda:eu-west-1:123456789012:layer:my-layer:${version}`
const versions = () => t.emu.layerVersions('eu-west-1', 'my-layer').map((v) => v.Version)
const grant = (version = 1, sid = 's1') =>
  t.lambda.send(
    new AddLayerVersionPermissionCommand({
      LayerName: 'my-layer',
      VersionNumber: version,
      StatementId: sid,
      Action: 'lambda:GetLayerVersion',
      Principal: '*'
    })
  )
/** A client whose socket gives up after `ms` of silence, as the action's request timeout does. */
const impatient = (ms: number) =>
  new LambdaClient({ endpoint: t.emu.url, region: 'eu-west-1', credentials, maxAttempts: 1, requestHandler: { socketTimeout: ms } })

describe('throttling as HTTP 400 ThrottlingException (Lambda common errors)', () => {
  it('is sent with x-amzn-errortype and a bare {message}, and the SDK classifies and retries it as throttling', async () => {
    t.emu.faults.add('ListLayers', { status: 400, errorName: 'ThrottlingException' })
    const raw = await fetch(`${t.emu.url}/2018-10-31/layers`)
    expect(raw.status).toBe(400)
    expect(raw.headers.get('x-amzn-errortype')).toBe('ThrottlingException')
    expect(await raw.json()).toEqual({ message: 'Rate exceeded' })
    t.emu.faults.add('PublishLayerVersion', { status: 400, errorName: 'ThrottlingException' })
    const err = await failure(t.publish())
    expect(err.name).toBe('ThrottlingException')
    expect(err.$metadata.httpStatusCode).toBe(400)
    expect(versions()).toEqual([])
    t.emu.faults.add('PublishLayerVersion', { status: 400, errorName: 'ThrottlingException' })
    const retrying = new LambdaClient({ endpoint: t.emu.url, region: 'eu-west-1', credentials, maxAttempts: 2 })
    try {
      const out = await t.publish({}, retrying)
      expect(out.$metadata.attempts).toBe(2)
      expect(versions()).toEqual([1])
    } finally {
      retrying.destroy()
    }
  })
})

describe('a 2xx whose body is cut short', () => {
  it('applies PublishLayerVersion and AddLayerVersionPermission; the SDK fails with a SyntaxError that still carries the 201', async () => {
    t.emu.faults.add('PublishLayerVersion', { truncate: true })
    const retrying = new LambdaClient({ endpoint: t.emu.url, region: 'eu-west-1', credentials, maxAttempts: 3 })
    const published = await failure(t.publish({}, retrying)).finally(() => retrying.destroy())
    expect(published.name).toBe('SyntaxError')
    expect(published.$metadata).toMatchObject({ httpStatusCode: 201, attempts: 1 })
    expect(versions()).toEqual([1])
    t.emu.faults.add('AddLayerVersionPermission', { truncate: 20 })
    const granted = await failure(grant())
    expect(granted.name).toBe('SyntaxError')
    expect(granted.$metadata.httpStatusCode).toBe(201)
    expect(t.emu.layerVersions('eu-west-1', 'my-layer')[0].policy?.Statement.map((s) => s.Sid)).toEqual(['s1'])
    const log = t.emu.requestsFor('AddLayerVersionPermission')[0]
    expect(log).toMatchObject({ status: 201, fault: { truncate: 20 } })
  })

  it('cuts reads too; reading again gets the whole answer', async () => {
    await t.publish()
    t.emu.faults.add('GetLayerVersion', { truncate: true })
    t.emu.faults.add('ListLayerVersions', { truncate: 5 })
    expect((await failure(t.lambda.send(new GetLayerVersionCommand({ LayerName: 'my-layer', VersionNumber: 1 })))).name).toBe('SyntaxError')
    expect((await failure(t.lambda.send(new ListLayerVersionsCommand({ LayerName: 'my-layer' })))).$metadata.httpStatusCode).toBe(200)
    expect((await t.lambda.send(new GetLayerVersionCommand({ LayerName: 'my-layer', VersionNumber: 1 }))).Version).toBe(1)
  })

  it('closeMidBody ends the connection inside the body: ECONNRESET, which the SDK retries even for a publish', async () => {
    t.emu.faults.add('PublishLayerVersion', { truncate: true, closeMidBody: true })
    expect((await failure(t.publish())).message).toMatch(/\baborted\b/)
    expect(versions()).toEqual([1])
    t.emu.faults.add('PublishLayerVersion', { truncate: true, closeMidBody: true })
    const retrying = new LambdaClient({ endpoint: t.emu.url, region: 'eu-west-1', credentials, maxAttempts: 2 })
    try {
      expect((await t.publish({}, retrying)).Version).toBe(3)
      expect(versions()).toEqual([3, 2, 1])
    } finally {
      retrying.destroy()
    }
  })
})

describe('answers that never come', () => {
  it('dropAfterApply applies every write, then closes the connection without an answer', async () => {
    await t.publish()
    await grant(1, 'keep')
    t.emu.addFunction({ name: 'fn', region: 'eu-west-1' })
    t.emu.createBucket('eu-west-1', 'artifacts')
    const s3 = new S3Client({ endpoint: t.emu.url, region: 'eu-west-1', forcePathStyle: true, credentials, maxAttempts: 1 })
    const policyOf = (version: number) => t.emu.layerVersions('eu-west-1', 'my-layer').find((v) => v.Version === version)?.policy
    const writes: Array<[string, () => Promise<unknown>, () => unknown, unknown]> = [
      ['PublishLayerVersion', () => t.publish(), () => versions(), [2, 1]],
      [
        'AddLayerVersionPermission',
        () => grant(1, 'dropped'),
        () => t.emu.layerVersions('eu-west-1', 'my-layer')[1].policy?.Statement.length,
        2
      ],
      [
        'RemoveLayerVersionPermission',
        () => t.lambda.send(new RemoveLayerVersionPermissionCommand({ LayerName: 'my-layer', VersionNumber: 1, StatementId: 'keep' })),
        () => policyOf(1)?.Statement.map((st) => st.Sid),
        ['dropped']
      ],
      [
        'DeleteLayerVersion',
        () => t.lambda.send(new DeleteLayerVersionCommand({ LayerName: 'my-layer', VersionNumber: 2 })),
        () => versions(),
        [1]
      ],
      [
        'UpdateFunctionConfiguration',
        () => t.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', Layers: [arnOf(1)] })),
        () => t.emu.getFunction('eu-west-1', 'fn')?.config.Layers?.map((l: { Arn: string }) => l.Arn),
        [arnOf(1)]
      ],
      [
        'PutObject',
        () => s3.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'k', Body: 'x' })),
        () => t.emu.state.buckets.get('artifacts')?.objects.has('k'),
        true
      ]
    ]
    for (const [operation, call, state, expected] of writes) {
      t.emu.faults.add(operation, { dropAfterApply: true })
      expect([operation, (await failure(call())).message]).toEqual([operation, expect.stringMatching(/socket hang up/)])
      expect([operation, state()]).toEqual([operation, expected])
      expect(t.emu.requestsFor(operation).at(-1)?.status).toBeUndefined()
    }
    s3.destroy()
  })

  it('reset answers with a TCP RST before applying anything', async () => {
    t.emu.faults.add('PublishLayerVersion', { reset: true })
    expect((await failure(t.publish())).message).toMatch(/read ECONNRESET/)
    expect(versions()).toEqual([])
  })

  it('hang holds the connection open until the client gives up; afterApply hangs after the change', async () => {
    const client = impatient(300)
    try {
      t.emu.faults.add('PublishLayerVersion', { hang: true })
      expect((await failure(t.publish({}, client))).name).toBe('TimeoutError')
      expect(versions()).toEqual([])
      t.emu.faults.add('PublishLayerVersion', { hang: true, afterApply: true })
      expect((await failure(t.publish({}, client))).name).toBe('TimeoutError')
      expect(versions()).toEqual([1])
    } finally {
      client.destroy()
    }
  })

  it('hold orders concurrent requests: the held publish lands after the one that overtook it', async () => {
    t.emu.faults.add('PublishLayerVersion', { hold: 'first' })
    const first = t.publish()
    await t.emu.waitForRequest('PublishLayerVersion')
    expect(t.emu.holds.waiting()).toEqual(['first'])
    expect((await t.publish()).Version).toBe(1)
    t.emu.release('first')
    expect((await first).Version).toBe(2)
  })

  it('a held request lands when released even though its client gave up (a late landing)', async () => {
    const client = impatient(300)
    try {
      t.emu.faults.add('PublishLayerVersion', { hold: 'late' })
      expect((await failure(t.publish({}, client))).name).toBe('TimeoutError')
      expect(versions()).toEqual([])
      t.emu.release('late')
      await new Promise((resolve) => setImmediate(resolve))
      expect(versions()).toEqual([1])
    } finally {
      client.destroy()
    }
  })

  it('reset() cancels held requests without applying them', async () => {
    t.emu.faults.add('PublishLayerVersion', { hold: 'never' })
    const held = failure(t.publish())
    await t.emu.waitForRequest('PublishLayerVersion')
    t.emu.reset()
    expect((await held).message).toMatch(/socket hang up/)
    expect(t.emu.holds.waiting()).toEqual([])
    expect(versions()).toEqual([])
  })

  it('a fault narrowed to a region passes requests signed for other regions by', async () => {
    t.emu.faults.add('ListLayers', { region: 'us-east-1', status: 500 })
    await t.lambda.send(new ListLayersCommand({}))
    const us = t.client('us-east-1')
    try {
      expect((await failure(us.send(new ListLayersCommand({})))).$metadata.httpStatusCode).toBe(500)
    } finally {
      us.destroy()
    }
    expect(t.emu.faults.pending()).toBe(0)
  })
})

describe('the layer zip download (Content.Location)', () => {
  it('fails, cuts, delays or hangs like any other answer', async () => {
    const location = (await t.publish()).Content?.Location ?? ''
    const tail = { headers: { range: 'bytes=-22' } }
    t.emu.faults.add('GetLayerContent', { status: 500 })
    const failed = await fetch(location, tail)
    expect(failed.status).toBe(500)
    expect(await failed.text()).toContain('<Code>InternalError</Code>')
    t.emu.faults.add('GetLayerContent', { truncate: 10 })
    const cut = await fetch(location, tail)
    expect(cut.status).toBe(206)
    expect((await cut.arrayBuffer()).byteLength).toBe(10)
    t.emu.faults.add('GetLayerContent', { delayMs: 50 })
    expect((await (await fetch(location, tail)).arrayBuffer()).byteLength).toBe(22)
    t.emu.faults.add('GetLayerContent', { hang: true })
    const hung = await fetch(location, { ...tail, signal: AbortSignal.timeout(300) }).then(
      () => undefined,
      (err: Error) => err.name
    )
    expect(hung).toBe('TimeoutError')
  })
})
