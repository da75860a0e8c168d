// The emulator's Lambda layer API, exercised through the real @aws-sdk/client-lambda so that
// wire format, error names, status codes and messages match what the action will meet on AWS
// (messages are the ones recorded against live AWS in /work/shared/spec).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import {
  DeleteLayerVersionCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  LambdaClient,
  ListLayersCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  type PublishLayerVersionCommandInput,
  type Runtime
} from '@aws-sdk/client-lambda'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { buildZip } from '../emulator/zip.js'
import { failure } from './helpers/sdk.js'

const credentials = { accessKeyId: 'AKIAEMULATORTEST', secretAccessKey: 'secret' }
const zip = buildZip([{ name: 'nodejs/node_modules/left-pad/index.js', data: 'module.exports = 1\n', deflate: true }])

let emu: Emulator
let lambda: LambdaClient

function client(region: string): LambdaClient {
  return new LambdaClient({ endpoint: emu.url, region, credentials, maxAttempts: 1 })
}

function publish(input: Partial<PublishLayerVersionCommandInput> = {}, c = lambda) {
  return c.send(new PublishLayerVersionCommand({ LayerName: 'my-layer', Content: { ZipFile: zip }, ...input }))
}

beforeAll(async () => {
  emu = await startEmulator()
  lambda = client('eu-west-1')
})
afterAll(async () => {
  lambda.destroy()
  await emu.close()
})
beforeEach(() => emu.reset())

describe('PublishLayerVersion', () => {
  it('answers 201 with ARNs in the signed region, base64 SHA-256, size and echoed lists', async () => {
    const out = await publish({ CompatibleRuntimes: ['nodejs22.x', 'nodejs24.x'], CompatibleArchitectures: ['arm64'], LicenseInfo: 'MIT' })
    expect(out.$metadata.httpStatusCode).toBe(201)
    expect(out.Version).toBe(1)
    expect(out.LayerArn).toBe('arn:aws:lambda:eu-west-1:123456789012:layer:my-layer')
    expect(out.LayerVersionArn).toBe('arn:aws:lambda:eu-west-1:123456789012:layer:my-layer:1')
    expect(out.Content?.CodeSha256).toBe(createHash('sha256').update(zip).digest('base64'))
    expect(out.Content?.CodeSize).toBe(zip.length)
    expect(out.CreatedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/)
    expect(out.CompatibleRuntimes).toEqual(['nodejs22.x', 'nodejs24.x'])
    expect(out.CompatibleArchitectures).toEqual(['arm64'])
    expect(out.LicenseInfo).toBe('MIT')
    expect(emu.requests.at(-1)).toMatchObject({ service: 'lambda', operation: 'PublishLayerVersion', region: 'eu-west-1', accessKeyId: credentials.accessKeyId, status: 201 })
  })

  it('echoes omitted lists as [] and omits LicenseInfo, like the recorded publish_empty_result', async () => {
    const out = await publish()
    expect(out.CompatibleRuntimes).toEqual([])
    expect(out.CompatibleArchitectures).toEqual([])
    expect(out.Description).toBe('')
    expect(out).not.toHaveProperty('LicenseInfo')
  })

  it('never reuses version numbers after deletes', async () => {
    await publish()
    await publish()
    await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'my-layer', VersionNumber: 2 }))
    expect((await publish()).Version).toBe(3)
    expect(emu.layerVersions('eu-west-1', 'my-layer').map((v) => v.Version)).toEqual([3, 1])
  })

  it('rejects invalid runtimes and architectures with the recorded two-error message', async () => {
    const err = await failure(publish({ CompatibleRuntimes: ['invalidruntime', 'invalidruntime2', 'nodejs20.x'] as Runtime[], CompatibleArchitectures: ['invalidarch' as 'x86_64', 'x86_64'] }))
    expect(err.name).toBe('ValidationException')
    expect(err.$metadata.httpStatusCode).toBe(400)
    expect(err.message).toBe(
      "2 validation errors detected: Value '[invalidruntime, invalidruntime2, nodejs20.x]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2]; Value '[invalidarch, x86_64]' at 'compatibleArchitectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"
    )
  })

  it('accepts deprecated runtimes of the model (java8, go1.x, provided) as live AWS did', async () => {
    const out = await publish({ CompatibleRuntimes: ['java8', 'go1.x', 'provided', 'nodejs26.x'] as Runtime[] })
    expect(out.CompatibleRuntimes).toEqual(['java8', 'go1.x', 'provided', 'nodejs26.x'])
  })

  it('validates name, description, license and list lengths', async () => {
    const name = await failure(publish({ LayerName: 'bad name' }))
    expect(name.name).toBe('ValidationException')
    expect(name.message).toMatch(/^1 validation error detected: Value 'bad name' at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern: /)
    const long = await failure(publish({ LayerName: 'x'.repeat(141) }))
    expect(long.message).toContain("at 'layerName' failed to satisfy constraint: Member must have length less than or equal to 140")
    const several = await failure(publish({ Description: 'd'.repeat(257), LicenseInfo: 'l'.repeat(513) }))
    expect(several.message).toMatch(/^2 validation errors detected: Value 'd{257}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256; Value 'l{513}' at 'licenseInfo' failed to satisfy constraint: Member must have length less than or equal to 512$/)
    const sixteen = await failure(publish({ CompatibleRuntimes: Array(16).fill('nodejs22.x') }))
    expect(sixteen.message).toContain("at 'compatibleRuntimes' failed to satisfy constraint: Member must have length less than or equal to 15")
    expect((await publish({ Description: 'd'.repeat(256), LicenseInfo: 'l'.repeat(512) })).Version).toBe(1)
  })

  it('rejects bytes that are not a zip', async () => {
    const err = await failure(publish({ Content: { ZipFile: Buffer.from('definitely not a zip') } }))
    expect(err.name).toBe('InvalidParameterValueException')
    expect(err.$metadata.httpStatusCode).toBe(400)
    expect(err.Type).toBe('User')
    expect(err.message).toBe('Could not unzip uploaded file. Please check your file, then try to upload again.')
  })

  it('rejects archives whose central directory sums above 262144000 unzipped bytes', async () => {
    const big = buildZip([{ name: 'a.bin', data: 'x', declaredSize: 200_000_000 }, { name: 'b.bin', data: 'y', declaredSize: 62_144_001 }])
    const err = await failure(publish({ Content: { ZipFile: big } }))
    expect(err.name).toBe('InvalidParameterValueException')
    expect(err.message).toBe('Unzipped size must be smaller than 262144000 bytes')
    const fits = buildZip([{ name: 'a.bin', data: 'x', declaredSize: 200_000_000 }, { name: 'b.bin', data: 'y', declaredSize: 62_144_000 }])
    expect((await publish({ Content: { ZipFile: fits } })).Version).toBe(1)
  })

  it('answers 413 RequestEntityTooLargeException above 50 MB of ZipFile', async () => {
    const tooBig = Buffer.alloc(52_428_801)
    const err = await failure(publish({ Content: { ZipFile: tooBig } }))
    expect(err.name).toBe('RequestEntityTooLargeException')
    expect(err.$metadata.httpStatusCode).toBe(413)
    expect(err.message).toBe('Request must be smaller than 69905067 bytes for the PublishLayerVersion operation')
    expect(emu.requests.at(-1)?.body.Content.ZipFile).toBe('[52428801 bytes]')
  })

  it('enforces the per-region code storage quota', async () => {
    emu.limits.codeStorageBytes = zip.length * 2
    await publish()
    await publish()
    const err = await failure(publish())
    expect(err.name).toBe('CodeStorageExceededException')
    expect(err.$metadata.httpStatusCode).toBe(400)
    expect((await publish({}, client('us-east-1'))).Version).toBe(1)
  })
})

describe('PublishLayerVersion from S3', () => {
  let s3: S3Client
  beforeAll(() => {
    s3 = new S3Client({ endpoint: emu.url, region: 'eu-west-1', forcePathStyle: true, credentials })
  })
  afterAll(() => s3.destroy())

  it('reads the archive from the emulator S3 store', async () => {
    emu.createBucket('eu-west-1', 'artifacts')
    await s3.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'layers/my-layer.zip', Body: zip }))
    const out = await publish({ Content: { S3Bucket: 'artifacts', S3Key: 'layers/my-layer.zip' } })
    expect(out.Content?.CodeSha256).toBe(createHash('sha256').update(zip).digest('base64'))
    expect(out.Content?.CodeSize).toBe(zip.length)
  })

  it('reports missing keys, missing buckets and buckets of another region as AWS does', async () => {
    emu.createBucket('eu-west-1', 'artifacts')
    emu.createBucket('us-east-1', 'far-away')
    const key = await failure(publish({ Content: { S3Bucket: 'artifacts', S3Key: 'missing.zip' } }))
    expect(key.name).toBe('InvalidParameterValueException')
    expect(key.message).toBe('Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.')
    const bucket = await failure(publish({ Content: { S3Bucket: 'nobucket', S3Key: 'x.zip' } }))
    expect(bucket.message).toBe('Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist')
    const region = await failure(publish({ Content: { S3Bucket: 'far-away', S3Key: 'x.zip' } }))
    expect(region.message).toContain('S3 Error Code: PermanentRedirect')
  })
})

describe('GetLayerVersion / GetLayerVersionByArn / DeleteLayerVersion', () => {
  it('gets by name, by layer ARN and by version ARN', async () => {
    const pub = await publish({ Description: 'first' })
    const byName = await lambda.send(new GetLayerVersionCommand({ LayerName: 'my-layer', VersionNumber: 1 }))
    expect(byName).toMatchObject({ LayerVersionArn: pub.LayerVersionArn, Description: 'first', Content: { CodeSha256: pub.Content?.CodeSha256 } })
    const byArn = await lambda.send(new GetLayerVersionCommand({ LayerName: pub.LayerArn, VersionNumber: 1 }))
    expect(byArn.LayerVersionArn).toBe(pub.LayerVersionArn)
    const byVersionArn = await lambda.send(new GetLayerVersionByArnCommand({ Arn: pub.LayerVersionArn }))
    expect(byVersionArn.Version).toBe(1)
    expect(emu.requests.at(-1)?.operation).toBe('GetLayerVersionByArn')
  })

  it('answers 404 with `Message` for unknown layers and versions, 400 for version < 1', async () => {
    await publish()
    for (const [layer, version] of [['nope', 1], ['my-layer', 2]] as const) {
      const err = await failure(lambda.send(new GetLayerVersionCommand({ LayerName: layer, VersionNumber: version })))
      expect(err.name).toBe('ResourceNotFoundException')
      expect(err.$metadata.httpStatusCode).toBe(404)
      expect(err.message).toBe('The resource you requested does not exist.')
    }
    for (const version of [0, -1]) {
      const err = await failure(lambda.send(new GetLayerVersionCommand({ LayerName: 'my-layer', VersionNumber: version })))
      expect(err.name).toBe('InvalidParameterValueException')
      expect(err.message).toBe('Layer Version Cannot be less than 1')
    }
    const byArn = await failure(lambda.send(new GetLayerVersionByArnCommand({ Arn: 'arn:aws:lambda:eu-west-1:123456789012:layer:my-layer:7' })))
    expect(byArn.name).toBe('ResourceNotFoundException')
  })

  it('rejects a layer ARN without version in GetLayerVersionByArn with the recorded pattern message', async () => {
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:layer:my-layer'
    const err = await failure(lambda.send(new GetLayerVersionByArnCommand({ Arn: arn })))
    expect(err.name).toBe('ValidationException')
    expect(err.message).toBe(
      `1 validation error detected: Value '${arn}' at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)`
    )
  })

  it('deletes idempotently with 204, also for unknown layers and versions', async () => {
    await publish()
    for (const [layer, version] of [['my-layer', 1], ['my-layer', 1], ['my-layer', 9], ['never-existed', 1]] as const) {
      const out = await lambda.send(new DeleteLayerVersionCommand({ LayerName: layer, VersionNumber: version }))
      expect(out.$metadata.httpStatusCode).toBe(204)
    }
    const err = await failure(lambda.send(new DeleteLayerVersionCommand({ LayerName: 'my-layer', VersionNumber: 0 })))
    expect(err.message).toBe('Layer Version Cannot be less than 1')
    expect(emu.layerVersions('eu-west-1', 'my-layer')).toEqual([])
  })
})

describe('ListLayerVersions / ListLayers', () => {
  it('lists newest first without Content, and an unknown layer as an empty list', async () => {
    await publish({ CompatibleRuntimes: ['nodejs22.x'] })
    await publish({ CompatibleRuntimes: ['python3.12'] })
    const out = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'my-layer' }))
    expect(out.LayerVersions?.map((v) => v.Version)).toEqual([2, 1])
    expect(out.LayerVersions?.[0]).not.toHaveProperty('Content')
    expect(out.NextMarker).toBeUndefined()
    const none = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'unknown-layer' }))
    expect(none.$metadata.httpStatusCode).toBe(200)
    expect(none.LayerVersions).toEqual([])
  })

  it('paginates with Marker/NextMarker', async () => {
    for (let i = 0; i < 5; i++) await publish()
    const seen: number[][] = []
    let marker: string | undefined
    do {
      const page = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'my-layer', MaxItems: 2, Marker: marker }))
      seen.push((page.LayerVersions ?? []).map((v) => v.Version ?? 0))
      marker = page.NextMarker
    } while (marker)
    expect(seen).toEqual([[5, 4], [3, 2], [1]])
  })

  it('validates MaxItems 1-50 and the filters against the enums with the recorded messages', async () => {
    for (const max of [0, 51]) {
      const err = await failure(lambda.send(new ListLayerVersionsCommand({ LayerName: 'my-layer', MaxItems: max })))
      expect(err.name).toBe('ValidationException')
      expect(err.message).toContain(`Value '${max}' at 'maxItems' failed to satisfy constraint`)
    }
    const runtime = await failure(lambda.send(new ListLayerVersionsCommand({ LayerName: 'my-layer', CompatibleRuntime: 'runtimedoesnotexist' as Runtime })))
    expect(runtime.message).toMatch(/^1 validation error detected: Value 'runtimedoesnotexist' at 'compatibleRuntime' failed to satisfy constraint: Member must satisfy enum value set: \[ruby3\.5, ruby2\.6, .*, python2\.7\]$/)
    const arch = await failure(lambda.send(new ListLayersCommand({ CompatibleArchitecture: 'archdoesnotexist' as 'x86_64' })))
    expect(arch.message).toBe("1 validation error detected: Value 'archdoesnotexist' at 'compatibleArchitecture' failed to satisfy constraint: Member must satisfy enum value set: [x86_64, arm64]")
  })

  it('filters by runtime and architecture', async () => {
    await publish({ CompatibleRuntimes: ['nodejs22.x'], CompatibleArchitectures: ['x86_64'] })
    await publish({ CompatibleRuntimes: ['python3.12'], CompatibleArchitectures: ['arm64'] })
    await publish({ CompatibleRuntimes: ['nodejs22.x'], CompatibleArchitectures: ['arm64'] })
    const node = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'my-layer', CompatibleRuntime: 'nodejs22.x' }))
    expect(node.LayerVersions?.map((v) => v.Version)).toEqual([3, 1])
    const arm = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'my-layer', CompatibleRuntime: 'nodejs22.x', CompatibleArchitecture: 'arm64' }))
    expect(arm.LayerVersions?.map((v) => v.Version)).toEqual([3])
    await publish({ LayerName: 'other', CompatibleRuntimes: ['python3.12'] })
    const layers = await lambda.send(new ListLayersCommand({ CompatibleRuntime: 'python3.12' }))
    expect(layers.Layers?.map((l) => [l.LayerName, l.LatestMatchingVersion?.Version])).toEqual([['my-layer', 2], ['other', 1]])
  })
})

describe('regions', () => {
  it('keeps layers per signed region and resolves a layer ARN to its own region', async () => {
    const us = client('us-east-1')
    try {
      expect((await publish()).Version).toBe(1)
      expect((await publish()).Version).toBe(2)
      const usOut = await publish({}, us)
      expect(usOut.Version).toBe(1)
      expect(usOut.LayerVersionArn).toBe('arn:aws:lambda:us-east-1:123456789012:layer:my-layer:1')
      const usList = await us.send(new ListLayerVersionsCommand({ LayerName: 'my-layer' }))
      expect(usList.LayerVersions?.map((v) => v.Version)).toEqual([1])
      const viaArn = await us.send(new GetLayerVersionCommand({ LayerName: 'arn:aws:lambda:eu-west-1:123456789012:layer:my-layer', VersionNumber: 2 }))
      expect(viaArn.LayerVersionArn).toBe('arn:aws:lambda:eu-west-1:123456789012:layer:my-layer:2')
    } finally {
      us.destroy()
    }
  })

  it('uses the configured account id and partition in ARNs', async () => {
    const cn = await startEmulator({ accountId: '210987654321', partition: 'aws-cn' })
    const c = new LambdaClient({ endpoint: cn.url, region: 'cn-north-1', credentials })
    try {
      const out = await c.send(new PublishLayerVersionCommand({ LayerName: 'l', Content: { ZipFile: zip } }))
      expect(out.LayerVersionArn).toBe('arn:aws-cn:lambda:cn-north-1:210987654321:layer:l:1')
    } finally {
      c.destroy()
      await cn.close()
    }
  })
})

describe('Content.Location', () => {
  it('serves the zip bytes and honours Range requests', async () => {
    const out = await publish()
    const location = out.Content?.Location ?? ''
    expect(location.startsWith(emu.url)).toBe(true)
    const full = await fetch(location)
    expect(full.status).toBe(200)
    expect(Buffer.from(await full.arrayBuffer()).equals(zip)).toBe(true)
    const head = await fetch(location, { headers: { range: 'bytes=0-3' } })
    expect(head.status).toBe(206)
    expect(head.headers.get('content-range')).toBe(`bytes 0-3/${zip.length}`)
    expect(Buffer.from(await head.arrayBuffer())).toEqual(zip.subarray(0, 4))
    const tail = await fetch(location, { headers: { range: 'bytes=-22' } })
    expect(tail.status).toBe(206)
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(zip.subarray(zip.length - 22))
    const beyond = await fetch(location, { headers: { range: `bytes=${zip.length}-` } })
    expect(beyond.status).toBe(416)
    expect(beyond.headers.get('content-range')).toBe(`bytes */${zip.length}`)
  })

  it('refuses a URL with a wrong signature', async () => {
    const out = await publish()
    const forged = (out.Content?.Location ?? '').replace(/X-Amz-Signature=[^&]+/, 'X-Amz-Signature=forged')
    expect((await fetch(forged)).status).toBe(403)
  })
})

describe('wire format', () => {
  it('sends Lambda errors as {Type, message|Message} with x-amzn-errortype, like the recordings', async () => {
    const notFound = await fetch(`${emu.url}/2018-10-31/layers/nope/versions/1`)
    expect(notFound.status).toBe(404)
    expect(notFound.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException')
    expect(await notFound.json()).toEqual({ Type: 'User', Message: 'The resource you requested does not exist.' })
    const invalid = await fetch(`${emu.url}/2018-10-31/layers/nope/versions/0`)
    expect(await invalid.json()).toEqual({ Type: 'User', message: 'Layer Version Cannot be less than 1' })
    const validation = await fetch(`${emu.url}/2018-10-31/layers/nope/versions?MaxItems=0`)
    expect(validation.headers.get('x-amzn-errortype')).toBe('ValidationException')
    expect(Object.keys(await validation.json())).toEqual(['message'])
    emu.faults.add('ListLayers', { status: 429, retryAfter: 2 })
    const throttled = await fetch(`${emu.url}/2018-10-31/layers`)
    expect(throttled.status).toBe(429)
    expect(throttled.headers.get('retry-after')).toBe('2')
    expect(await throttled.json()).toEqual({ Type: 'User', message: 'Rate exceeded', Reason: 'CallerRateLimitExceeded' })
    expect(emu.requests.map((r) => r.region)).toEqual([undefined, undefined, undefined, undefined])
  })

  it('sends STS errors as an ErrorResponse document', async () => {
    const res = await fetch(emu.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s1&WebIdentityToken=abcd'
    })
    expect(res.status).toBe(400)
    const xml = await res.text()
    expect(xml).toMatch(/^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<Error>\s*<Type>Sender<\/Type>\s*<Code>InvalidIdentityToken<\/Code>\s*<Message>[^<]+<\/Message>\s*<\/Error>\s*<RequestId>[0-9a-f-]{36}<\/RequestId>\s*<\/ErrorResponse>\s*$/)
    expect(emu.requests.at(-1)).toMatchObject({ service: 'sts', operation: 'AssumeRoleWithWebIdentity', status: 400 })
  })
})
