// The emulator's Lambda layer API, exercised through the real @aws-sdk/client-lambda so that
// wire format, error names, status codes and messages match what the action will meet on AWS
// (messages are the ones recorded against live AWS in /work/shared/spec).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import {
  DeleteLayerVersionCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  ListLayersCommand,
  ListLayerVersionsCommand,
  type Runtime
} from '@aws-sdk/client-lambda'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { buildZip } from '../emulator/zip.js'
import { failure } from './helpers/sdk.js'

import { credentials, useLambdaEmulator, zip } from './helpers/emulator-lambda.js'

const t = useLambdaEmulator()

describe('PublishLayerVersion', () => {
  it('answers 201 with ARNs in the signed region, base64 SHA-256, size and echoed lists', async () => {
    const out = await t.publish({
      CompatibleRuntimes: ['nodejs22.x', 'nodejs24.x'],
      CompatibleArchitectures: ['arm64'],
      LicenseInfo: 'MIT'
    })
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
    expect(t.emu.requests.at(-1)).toMatchObject({
      service: 'lambda',
      operation: 'PublishLayerVersion',
      region: 'eu-west-1',
      accessKeyId: credentials.accessKeyId,
      status: 201
    })
  })

  it('echoes omitted lists as [] and omits LicenseInfo, like the recorded publish_empty_result', async () => {
    const out = await t.publish()
    expect(out.CompatibleRuntimes).toEqual([])
    expect(out.CompatibleArchitectures).toEqual([])
    expect(out.Description).toBe('')
    expect(out).not.toHaveProperty('LicenseInfo')
  })

  it('never reuses version numbers after deletes', async () => {
    await t.publish()
    await t.publish()
    await t.lambda.send(new DeleteLayerVersionCommand({ LayerName: 'my-layer', VersionNumber: 2 }))
    expect((await t.publish()).Version).toBe(3)
    expect(t.emu.layerVersions('eu-west-1', 'my-layer').map((v) => v.Version)).toEqual([3, 1])
  })

  it('keeps counting after every version is deleted (the counter outlives the versions)', async () => {
    for (let i = 0; i < 3; i++) await t.publish()
    for (const VersionNumber of [1, 2, 3]) await t.lambda.send(new DeleteLayerVersionCommand({ LayerName: 'my-layer', VersionNumber }))
    expect((await t.lambda.send(new ListLayerVersionsCommand({ LayerName: 'my-layer' }))).LayerVersions).toEqual([])
    expect((await t.lambda.send(new ListLayersCommand({}))).Layers).toEqual([])
    expect((await failure(t.lambda.send(new GetLayerVersionCommand({ LayerName: 'my-layer', VersionNumber: 3 })))).name).toBe(
      'ResourceNotFoundException'
    )
    expect((await t.publish()).Version).toBe(4)
    const us = t.client('us-east-1')
    try {
      expect((await t.publish({}, us)).Version).toBe(1)
    } finally {
      us.destroy()
    }
  })

  it('rejects invalid runtimes and architectures with the recorded two-error message', async () => {
    const err = await failure(
      t.publish({
        CompatibleRuntimes: ['invalidruntime', 'invalidruntime2', 'nodejs20.x'] as Runtime[],
        CompatibleArchitectures: ['invalidarch' as 'x86_64', 'x86_64']
      })
    )
    expect(err.name).toBe('ValidationException')
    expect(err.$metadata.httpStatusCode).toBe(400)
    expect(err.message).toBe(
      "2 validation errors detected: Value '[invalidruntime, invalidruntime2, nodejs20.x]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2]; Value '[invalidarch, x86_64]' at 'compatibleArchitectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"
    )
  })

  it('accepts deprecated runtimes of the model (java8, go1.x, provided) as live AWS did', async () => {
    const out = await t.publish({ CompatibleRuntimes: ['java8', 'go1.x', 'provided', 'nodejs26.x'] as Runtime[] })
    expect(out.CompatibleRuntimes).toEqual(['java8', 'go1.x', 'provided', 'nodejs26.x'])
  })

  it('validates name, description, license and list lengths', async () => {
    const name = await failure(t.publish({ LayerName: 'bad name' }))
    expect(name.name).toBe('ValidationException')
    expect(name.message).toMatch(
      /^1 validation error detected: Value 'bad name' at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern: /
    )
    const long = await failure(t.publish({ LayerName: 'x'.repeat(141) }))
    expect(long.message).toContain("at 'layerName' failed to satisfy constraint: Member must have length less than or equal to 140")
    const several = await failure(t.publish({ Description: 'd'.repeat(257), LicenseInfo: 'l'.repeat(513) }))
    expect(several.message).toMatch(
      /^2 validation errors detected: Value 'd{257}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256; Value 'l{513}' at 'licenseInfo' failed to satisfy constraint: Member must have length less than or equal to 512$/
    )
    const sixteen = await failure(t.publish({ CompatibleRuntimes: Array(16).fill('nodejs22.x') }))
    expect(sixteen.message).toContain(
      "at 'compatibleRuntimes' failed to satisfy constraint: Member must have length less than or equal to 15"
    )
    expect((await t.publish({ Description: 'd'.repeat(256), LicenseInfo: 'l'.repeat(512) })).Version).toBe(1)
  })

  it('rejects bytes that are not a zip', async () => {
    const err = await failure(t.publish({ Content: { ZipFile: Buffer.from('definitely not a zip') } }))
    expect(err.name).toBe('InvalidParameterValueException')
    expect(err.$metadata.httpStatusCode).toBe(400)
    expect(err.Type).toBe('User')
    expect(err.message).toBe('Could not unzip uploaded file. Please check your file, then try to upload again.')
  })

  it('rejects archives whose central directory sums above 262144000 unzipped bytes', async () => {
    const big = buildZip([
      { name: 'a.bin', data: 'x', declaredSize: 200_000_000 },
      { name: 'b.bin', data: 'y', declaredSize: 62_144_001 }
    ])
    const err = await failure(t.publish({ Content: { ZipFile: big } }))
    expect(err.name).toBe('InvalidParameterValueException')
    expect(err.message).toBe('Unzipped size must be smaller than 262144000 bytes')
    const fits = buildZip([
      { name: 'a.bin', data: 'x', declaredSize: 200_000_000 },
      { name: 'b.bin', data: 'y', declaredSize: 62_144_000 }
    ])
    expect((await t.publish({ Content: { ZipFile: fits } })).Version).toBe(1)
  })

  it('answers 413 RequestEntityTooLargeException above 50 MB of ZipFile', async () => {
    const tooBig = Buffer.alloc(52_428_801)
    const err = await failure(t.publish({ Content: { ZipFile: tooBig } }))
    expect(err.name).toBe('RequestEntityTooLargeException')
    expect(err.$metadata.httpStatusCode).toBe(413)
    expect(err.message).toBe('Request must be smaller than 69905067 bytes for the PublishLayerVersion operation')
    expect(t.emu.requests.at(-1)?.body.Content.ZipFile).toBe('[52428801 bytes]')
  })

  it('enforces the per-region code storage quota', async () => {
    t.emu.limits.codeStorageBytes = zip.length * 2
    await t.publish()
    await t.publish()
    const err = await failure(t.publish())
    expect(err.name).toBe('CodeStorageExceededException')
    expect(err.$metadata.httpStatusCode).toBe(400)
    expect((await t.publish({}, t.client('us-east-1'))).Version).toBe(1)
  })
})

describe('PublishLayerVersion from S3', () => {
  let s3: S3Client
  beforeAll(() => {
    s3 = new S3Client({ endpoint: t.emu.url, region: 'eu-west-1', forcePathStyle: true, credentials })
  })
  afterAll(() => s3.destroy())

  it('reads the archive from the emulator S3 store', async () => {
    t.emu.createBucket('eu-west-1', 'artifacts')
    await s3.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'layers/my-layer.zip', Body: zip }))
    const out = await t.publish({ Content: { S3Bucket: 'artifacts', S3Key: 'layers/my-layer.zip' } })
    expect(out.Content?.CodeSha256).toBe(createHash('sha256').update(zip).digest('base64'))
    expect(out.Content?.CodeSize).toBe(zip.length)
  })

  it('reports missing keys, missing buckets and buckets of another region as AWS does', async () => {
    t.emu.createBucket('eu-west-1', 'artifacts')
    t.emu.createBucket('us-east-1', 'far-away')
    const key = await failure(t.publish({ Content: { S3Bucket: 'artifacts', S3Key: 'missing.zip' } }))
    expect(key.name).toBe('InvalidParameterValueException')
    expect(key.message).toBe(
      'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.'
    )
    const bucket = await failure(t.publish({ Content: { S3Bucket: 'nobucket', S3Key: 'x.zip' } }))
    expect(bucket.message).toBe(
      'Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist'
    )
    const region = await failure(t.publish({ Content: { S3Bucket: 'far-away', S3Key: 'x.zip' } }))
    expect(region.message).toContain('S3 Error Code: PermanentRedirect')
  })
})

describe('GetLayerVersion / GetLayerVersionByArn / DeleteLayerVersion', () => {
  it('gets by name, by layer ARN and by version ARN', async () => {
    const pub = await t.publish({ Description: 'first' })
    const byName = await t.lambda.send(new GetLayerVersionCommand({ LayerName: 'my-layer', VersionNumber: 1 }))
    expect(byName).toMatchObject({
      LayerVersionArn: pub.LayerVersionArn,
      Description: 'first',
      Content: { CodeSha256: pub.Content?.CodeSha256 }
    })
    const byArn = await t.lambda.send(new GetLayerVersionCommand({ LayerName: pub.LayerArn, VersionNumber: 1 }))
    expect(byArn.LayerVersionArn).toBe(pub.LayerVersionArn)
    const byVersionArn = await t.lambda.send(new GetLayerVersionByArnCommand({ Arn: pub.LayerVersionArn }))
    expect(byVersionArn.Version).toBe(1)
    expect(t.emu.requests.at(-1)?.operation).toBe('GetLayerVersionByArn')
  })

  it('answers 404 with `Message` for unknown layers and versions, 400 for version < 1', async () => {
    await t.publish()
    for (const [layer, version] of [
      ['nope', 1],
      ['my-layer', 2]
    ] as const) {
      const err = await failure(t.lambda.send(new GetLayerVersionCommand({ LayerName: layer, VersionNumber: version })))
      expect(err.name).toBe('ResourceNotFoundException')
      expect(err.$metadata.httpStatusCode).toBe(404)
      expect(err.message).toBe('The resource you requested does not exist.')
    }
    for (const version of [0, -1]) {
      const err = await failure(t.lambda.send(new GetLayerVersionCommand({ LayerName: 'my-layer', VersionNumber: version })))
      expect(err.name).toBe('InvalidParameterValueException')
      expect(err.message).toBe('Layer Version Cannot be less than 1')
    }
    const byArn = await failure(
      t.lambda.send(new GetLayerVersionByArnCommand({ Arn: 'arn:aws:lambda:eu-west-1:123456789012:layer:my-layer:7' }))
    )
    expect(byArn.name).toBe('ResourceNotFoundException')
  })

  it('rejects a layer ARN without version in GetLayerVersionByArn with the recorded pattern message', async () => {
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:layer:my-layer'
    const err = await failure(t.lambda.send(new GetLayerVersionByArnCommand({ Arn: arn })))
    expect(err.name).toBe('ValidationException')
    expect(err.message).toBe(
      `1 validation error detected: Value '${arn}' at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)`
    )
  })

  it('deletes idempotently with 204, also for unknown layers and versions', async () => {
    await t.publish()
    for (const [layer, version] of [
      ['my-layer', 1],
      ['my-layer', 1],
      ['my-layer', 9],
      ['never-existed', 1]
    ] as const) {
      const out = await t.lambda.send(new DeleteLayerVersionCommand({ LayerName: layer, VersionNumber: version }))
      expect(out.$metadata.httpStatusCode).toBe(204)
    }
    const err = await failure(t.lambda.send(new DeleteLayerVersionCommand({ LayerName: 'my-layer', VersionNumber: 0 })))
    expect(err.message).toBe('Layer Version Cannot be less than 1')
    expect(t.emu.layerVersions('eu-west-1', 'my-layer')).toEqual([])
  })
})

describe('ListLayerVersions / ListLayers', () => {
  it('lists newest first without Content, and an unknown layer as an empty list', async () => {
    await t.publish({ CompatibleRuntimes: ['nodejs22.x'] })
    await t.publish({ CompatibleRuntimes: ['python3.12'] })
    const out = await t.lambda.send(new ListLayerVersionsCommand({ LayerName: 'my-layer' }))
    expect(out.LayerVersions?.map((v) => v.Version)).toEqual([2, 1])
    expect(out.LayerVersions?.[0]).not.toHaveProperty('Content')
    expect(out.NextMarker).toBeUndefined()
    const none = await t.lambda.send(new ListLayerVersionsCommand({ LayerName: 'unknown-layer' }))
    expect(none.$metadata.httpStatusCode).toBe(200)
    expect(none.LayerVersions).toEqual([])
  })

  it('paginates with Marker/NextMarker', async () => {
    for (let i = 0; i < 5; i++) await t.publish()
    const seen: number[][] = []
    let marker: string | undefined
    do {
      const page = await t.lambda.send(new ListLayerVersionsCommand({ LayerName: 'my-layer', MaxItems: 2, Marker: marker }))
      seen.push((page.LayerVersions ?? []).map((v) => v.Version ?? 0))
      marker = page.NextMarker
    } while (marker)
    expect(seen).toEqual([[5, 4], [3, 2], [1]])
  })

  it('validates MaxItems 1-50 and the filters against the enums with the recorded messages', async () => {
    for (const max of [0, 51]) {
      const err = await failure(t.lambda.send(new ListLayerVersionsCommand({ LayerName: 'my-layer', MaxItems: max })))
      expect(err.name).toBe('ValidationException')
      expect(err.message).toContain(`Value '${max}' at 'maxItems' failed to satisfy constraint`)
    }
    const runtime = await failure(
      t.lambda.send(new ListLayerVersionsCommand({ LayerName: 'my-layer', CompatibleRuntime: 'runtimedoesnotexist' as Runtime }))
    )
    expect(runtime.message).toMatch(
      /^1 validation error detected: Value 'runtimedoesnotexist' at 'compatibleRuntime' failed to satisfy constraint: Member must satisfy enum value set: \[ruby3\.5, ruby2\.6, .*, python2\.7\]$/
    )
    const arch = await failure(t.lambda.send(new ListLayersCommand({ CompatibleArchitecture: 'archdoesnotexist' as 'x86_64' })))
    expect(arch.message).toBe(
      "1 validation error detected: Value 'archdoesnotexist' at 'compatibleArchitecture' failed to satisfy constraint: Member must satisfy enum value set: [x86_64, arm64]"
    )
  })

  it('filters by runtime and architecture', async () => {
    await t.publish({ CompatibleRuntimes: ['nodejs22.x'], CompatibleArchitectures: ['x86_64'] })
    await t.publish({ CompatibleRuntimes: ['python3.12'], CompatibleArchitectures: ['arm64'] })
    await t.publish({ CompatibleRuntimes: ['nodejs22.x'], CompatibleArchitectures: ['arm64'] })
    const node = await t.lambda.send(new ListLayerVersionsCommand({ LayerName: 'my-layer', CompatibleRuntime: 'nodejs22.x' }))
    expect(node.LayerVersions?.map((v) => v.Version)).toEqual([3, 1])
    const arm = await t.lambda.send(
      new ListLayerVersionsCommand({ LayerName: 'my-layer', CompatibleRuntime: 'nodejs22.x', CompatibleArchitecture: 'arm64' })
    )
    expect(arm.LayerVersions?.map((v) => v.Version)).toEqual([3])
    await t.publish({ LayerName: 'other', CompatibleRuntimes: ['python3.12'] })
    const layers = await t.lambda.send(new ListLayersCommand({ CompatibleRuntime: 'python3.12' }))
    expect(layers.Layers?.map((l) => [l.LayerName, l.LatestMatchingVersion?.Version])).toEqual([
      ['my-layer', 2],
      ['other', 1]
    ])
  })
})
