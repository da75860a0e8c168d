// The emulator's S3 bucket versioning and CopyObject through the real @aws-sdk/client-s3 (and
// lib-storage), and Lambda reading a given S3ObjectVersion.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { LambdaClient, PublishLayerVersionCommand } from '@aws-sdk/client-lambda'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { buildZip } from '../emulator/zip.js'
import { failure } from './helpers/sdk.js'

const credentials = { accessKeyId: 'AKIAEMULATORTEST', secretAccessKey: 'secret' }
let emu: Emulator
let s3: S3Client
const clients: Array<{ destroy(): void }> = []

function s3In(region: string): S3Client {
  const c = new S3Client({ endpoint: emu.url, region, forcePathStyle: true, maxAttempts: 1, credentials })
  clients.push(c)
  return c
}

const text = async (out: { Body?: { transformToString(): Promise<string> } }) => out.Body!.transformToString()
const putText = (Key: string, Body: string, Bucket = 'artifacts', c = s3) => c.send(new PutObjectCommand({ Bucket, Key, Body }))

beforeAll(async () => {
  emu = await startEmulator()
  s3 = s3In('eu-west-1')
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await emu.close()
})
beforeEach(() => {
  emu.reset()
  emu.createBucket('eu-west-1', 'artifacts')
})

describe('bucket versioning', () => {
  it('has no status until set, then gives every write its own version id', async () => {
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'artifacts' }))).Status).toBeUndefined()
    expect((await putText('k', 'before')).VersionId).toBeUndefined()
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'artifacts', VersioningConfiguration: { Status: 'Enabled' } }))
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'artifacts' }))).Status).toBe('Enabled')
    const v1 = (await putText('k', 'one')).VersionId
    const v2 = (await putText('k', 'two')).VersionId
    expect(v1).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(v2).not.toBe(v1)
    expect(await text(await s3.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'k' })))).toBe('two')
    const old = await s3.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'k', VersionId: v1 }))
    expect(await text(old)).toBe('one')
    expect(old.VersionId).toBe(v1)
    const pre = await s3.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'k', VersionId: 'null' }))
    expect(await text(pre)).toBe('before')
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'artifacts', Key: 'k', VersionId: v2 }))).VersionId).toBe(v2)
    const unknown = await failure(s3.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'k', VersionId: 'nope' })))
    expect(unknown.name).toBe('NoSuchVersion')
    expect(unknown.$metadata.httpStatusCode).toBe(404)
  })

  it('hides a deleted key behind a delete marker and brings it back when the marker goes', async () => {
    emu.setBucketVersioning('artifacts')
    const v1 = (await putText('k', 'one')).VersionId
    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: 'artifacts', Key: 'k' }))
    expect(deleted.DeleteMarker).toBe(true)
    expect(deleted.VersionId).toBeDefined()
    const hidden = await failure(s3.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'k' })))
    expect(hidden.name).toBe('NoSuchKey')
    expect(await text(await s3.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'k', VersionId: v1 })))).toBe('one')
    const marker = await failure(s3.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'k', VersionId: deleted.VersionId })))
    expect(marker.$metadata.httpStatusCode).toBe(405)
    await s3.send(new DeleteObjectCommand({ Bucket: 'artifacts', Key: 'k', VersionId: deleted.VersionId }))
    expect(await text(await s3.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'k' })))).toBe('one')
    await s3.send(new DeleteObjectCommand({ Bucket: 'artifacts', Key: 'k', VersionId: v1 }))
    expect((await failure(s3.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'k', VersionId: v1 })))).name).toBe('NoSuchVersion')
  })

  it('writes the null version while suspended', async () => {
    emu.setBucketVersioning('artifacts')
    const kept = (await putText('k', 'kept')).VersionId
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'artifacts', VersioningConfiguration: { Status: 'Suspended' } }))
    expect((await putText('k', 'a')).VersionId).toBe('null')
    expect((await putText('k', 'b')).VersionId).toBe('null')
    expect(
      emu.state.buckets
        .get('artifacts')
        ?.versions.get('k')
        ?.map((v) => v.versionId)
    ).toEqual([kept, 'null'])
  })

  it('returns the version id of a multipart upload', async () => {
    emu.setBucketVersioning('artifacts')
    const data = Buffer.alloc(6 * 1024 * 1024, 3)
    const upload = new Upload({ client: s3, params: { Bucket: 'artifacts', Key: 'big.zip', Body: data }, partSize: 5 * 1024 * 1024 })
    const out = await upload.done()
    expect(out.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(emu.state.buckets.get('artifacts')?.objects.get('big.zip')?.versionId).toBe(out.VersionId)
  })

  it('refuses a malformed versioning configuration', async () => {
    const raw = await fetch(`${emu.url}/artifacts?versioning`, { method: 'PUT', body: '<VersioningConfiguration/>' })
    expect(raw.status).toBe(400)
    expect(await raw.text()).toContain('<Code>MalformedXML</Code>')
  })
})

describe('CopyObject', () => {
  it('copies the current or a given version, also from another region, into a versioned bucket', async () => {
    emu.createBucket('us-east-1', 'signed-us')
    emu.setBucketVersioning('signed-us')
    emu.setBucketVersioning('artifacts')
    const v1 = (await putText('signed/job', 'first')).VersionId
    await putText('signed/job', 'second')
    const us = s3In('us-east-1')
    const copied = await us.send(
      new CopyObjectCommand({ Bucket: 'signed-us', Key: 'layer.zip', CopySource: `artifacts/signed/job?versionId=${v1}` })
    )
    expect(copied.CopySourceVersionId).toBe(v1)
    expect(copied.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(copied.CopyObjectResult?.ETag).toBe(`"${createHash('md5').update('first').digest('hex')}"`)
    expect(await text(await us.send(new GetObjectCommand({ Bucket: 'signed-us', Key: 'layer.zip' })))).toBe('first')
    await us.send(new CopyObjectCommand({ Bucket: 'signed-us', Key: 'latest.zip', CopySource: '/artifacts/signed%2Fjob' }))
    expect(emu.state.buckets.get('signed-us')?.objects.get('latest.zip')?.body.toString()).toBe('second')
  })

  it('is bound to the destination bucket region and needs an existing source', async () => {
    emu.createBucket('us-east-1', 'signed-us')
    await putText('k', 'x')
    const wrongRegion = await failure(s3.send(new CopyObjectCommand({ Bucket: 'signed-us', Key: 'k', CopySource: 'artifacts/k' })))
    expect(wrongRegion.name).toBe('PermanentRedirect')
    expect(wrongRegion.$metadata.httpStatusCode).toBe(301)
    const us = s3In('us-east-1')
    expect((await failure(us.send(new CopyObjectCommand({ Bucket: 'signed-us', Key: 'k', CopySource: 'artifacts/none' })))).name).toBe(
      'NoSuchKey'
    )
    expect((await failure(us.send(new CopyObjectCommand({ Bucket: 'signed-us', Key: 'k', CopySource: 'nobucket/k' })))).name).toBe(
      'NoSuchBucket'
    )
    expect((await failure(us.send(new CopyObjectCommand({ Bucket: 'signed-us', Key: 'k', CopySource: 'artifacts' })))).name).toBe(
      'InvalidArgument'
    )
    expect(emu.requestsFor('CopyObject')).toHaveLength(4)
  })
})

describe('Lambda reads S3ObjectVersion', () => {
  it('publishes the named version and reports a missing one as Lambda does', async () => {
    emu.setBucketVersioning('artifacts')
    const zipA = buildZip([{ name: 'a.txt', data: 'a' }])
    const zipB = buildZip([{ name: 'b.txt', data: 'b' }])
    const va = (await s3.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'layer.zip', Body: zipA }))).VersionId
    await s3.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'layer.zip', Body: zipB }))
    const lambda = new LambdaClient({ endpoint: emu.url, region: 'eu-west-1', credentials, maxAttempts: 1 })
    clients.push(lambda)
    const out = await lambda.send(
      new PublishLayerVersionCommand({ LayerName: 'l', Content: { S3Bucket: 'artifacts', S3Key: 'layer.zip', S3ObjectVersion: va } })
    )
    expect(out.Content?.CodeSize).toBe(zipA.length)
    const missing = await failure(
      lambda.send(
        new PublishLayerVersionCommand({ LayerName: 'l', Content: { S3Bucket: 'artifacts', S3Key: 'layer.zip', S3ObjectVersion: 'nope' } })
      )
    )
    expect(missing.name).toBe('InvalidParameterValueException')
    expect(missing.message).toBe(
      'Error occurred while GetObject. S3 Error Code: NoSuchVersion. S3 Error Message: The specified version does not exist.'
    )
  })
})
