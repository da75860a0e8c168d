// The emulator's AWS Signer through the real @aws-sdk/client-signer (REST-JSON) and its waiter,
// with the source in a versioned S3 bucket and Lambda publishing the signed object.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import {
  DescribeSigningJobCommand,
  GetSigningProfileCommand,
  ListSigningJobsCommand,
  RevokeSignatureCommand,
  SignerClient,
  StartSigningJobCommand,
  waitUntilSuccessfulSigningJob,
  type StartSigningJobCommandInput
} from '@aws-sdk/client-signer'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { LambdaClient, PublishLayerVersionCommand } from '@aws-sdk/client-lambda'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { readSignature, SIGNING_FAILURES } from '../emulator/signer-zip.js'
import { buildZip, readZipDirectory } from '../emulator/zip.js'
import { failure } from './helpers/sdk.js'

const credentials = { accessKeyId: 'AKIAEMULATORTEST', secretAccessKey: 'secret' }
const region = 'eu-west-1'
const zip = buildZip([
  { name: 'nodejs/node_modules/left-pad/index.js', data: 'module.exports = 1\n', deflate: true },
  { name: 'nodejs/node_modules/left-pad/package.json', data: '{"name":"left-pad"}' }
])
let emu: Emulator
let signer: SignerClient
let s3: S3Client
const clients: Array<{ destroy(): void }> = []
let sourceVersion: string

const start = (input: Partial<StartSigningJobCommandInput> = {}, c = signer) =>
  c.send(
    new StartSigningJobCommand({
      profileName: 'LayerSigner',
      source: { s3: { bucketName: 'unsigned', key: 'layer.zip', version: sourceVersion } },
      destination: { s3: { bucketName: 'unsigned', prefix: 'signed/' } },
      ...input
    })
  )
const describeJob = (jobId: string) => signer.send(new DescribeSigningJobCommand({ jobId }))
const waitFor = (jobId: string) =>
  waitUntilSuccessfulSigningJob({ client: signer, minDelay: 0.01, maxDelay: 0.05, maxWaitTime: 10 }, { jobId })

async function upload(body: Buffer, key = 'layer.zip'): Promise<string> {
  return (await s3.send(new PutObjectCommand({ Bucket: 'unsigned', Key: key, Body: body }))).VersionId!
}

beforeAll(async () => {
  emu = await startEmulator()
  signer = new SignerClient({ endpoint: emu.url, region, credentials, maxAttempts: 1 })
  s3 = new S3Client({ endpoint: emu.url, region, forcePathStyle: true, credentials, maxAttempts: 1 })
  clients.push(signer, s3)
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await emu.close()
})
beforeEach(async () => {
  emu.reset()
  emu.createBucket(region, 'unsigned')
  emu.setBucketVersioning('unsigned')
  emu.addSigningProfile({ name: 'LayerSigner', region, profileVersion: 'B1oks0DM6r' })
  sourceVersion = await upload(zip)
})

describe('GetSigningProfile', () => {
  it('describes a seeded Lambda profile with its version ARN', async () => {
    const p = await signer.send(new GetSigningProfileCommand({ profileName: 'LayerSigner' }))
    expect(p).toMatchObject({
      profileName: 'LayerSigner',
      profileVersion: 'B1oks0DM6r',
      profileVersionArn: 'arn:aws:signer:eu-west-1:123456789012:/signing-profiles/LayerSigner/B1oks0DM6r',
      arn: 'arn:aws:signer:eu-west-1:123456789012:/signing-profiles/LayerSigner',
      platformId: 'AWSLambda-SHA384-ECDSA',
      status: 'Active',
      signatureValidityPeriod: { value: 135, type: 'MONTHS' }
    })
    const [request] = emu.requestsFor('GetSigningProfile')
    expect(request).toMatchObject({ service: 'signer', method: 'GET', path: '/signing-profiles/LayerSigner', status: 200 })
  })

  it('answers ResourceNotFoundException, ValidationException and, across accounts without a grant, AccessDeniedException', async () => {
    const missing = await failure(signer.send(new GetSigningProfileCommand({ profileName: 'Nope' })))
    expect(missing.name).toBe('ResourceNotFoundException')
    expect(missing.$metadata.httpStatusCode).toBe(404)
    const bad = await failure(signer.send(new GetSigningProfileCommand({ profileName: 'bad-name' })))
    expect(bad.name).toBe('ValidationException')
    expect(bad.message).toBe(
      "1 validation error detected: Value 'bad-name' at 'profileName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_]{2,}$"
    )
    emu.addSigningProfile({ name: 'Shared', region, owner: '111122223333' })
    const denied = await failure(signer.send(new GetSigningProfileCommand({ profileName: 'Shared', profileOwner: '111122223333' })))
    expect(denied.name).toBe('AccessDeniedException')
    expect(denied.$metadata.httpStatusCode).toBe(403)
  })
})

describe('signing jobs', () => {
  it('runs InProgress until the configured poll, then writes the signed object at prefix + jobId', async () => {
    emu.signer.pollsUntilDone = 2
    const { jobId, jobOwner } = await start()
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/)
    expect(jobOwner).toBe('123456789012')
    const first = await describeJob(jobId!)
    expect(first.status).toBe('InProgress')
    expect(first.signedObject).toBeUndefined()
    const done = await describeJob(jobId!)
    expect(done).toMatchObject({
      status: 'Succeeded',
      statusReason: 'Signing Succeeded',
      profileName: 'LayerSigner',
      profileVersion: 'B1oks0DM6r',
      platformId: 'AWSLambda-SHA384-ECDSA',
      source: { s3: { bucketName: 'unsigned', key: 'layer.zip', version: sourceVersion } },
      signedObject: { s3: { bucketName: 'unsigned', key: `signed/${jobId}` } },
      jobOwner: '123456789012'
    })
    expect(done.completedAt).toBeInstanceOf(Date)
    expect(done.signatureExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 10 * 365 * 24 * 3600 * 1000)
    const signed = emu.state.buckets.get('unsigned')!.objects.get(`signed/${jobId}`)!.body
    expect(signed.equals(zip)).toBe(false)
    expect(readZipDirectory(signed)?.entries).toEqual(readZipDirectory(zip)?.entries)
    expect(signed.subarray(0, zip.length - 2).equals(zip.subarray(0, zip.length - 2))).toBe(true)
    expect(readSignature(signed)).toMatchObject({
      jobArn: `arn:aws:signer:eu-west-1:123456789012:/signing-jobs/${jobId}`,
      profileVersionArn: 'arn:aws:signer:eu-west-1:123456789012:/signing-profiles/LayerSigner/B1oks0DM6r',
      sha384: createHash('sha384')
        .update(zip.subarray(0, zip.length - 2))
        .digest('base64')
    })
    expect(readSignature(zip)).toBeUndefined()
  })

  it('is awaited with the SDK waiter, and Lambda publishes the signed bytes, naming the job and profile version', async () => {
    emu.signer.pollsUntilDone = 3
    const { jobId } = await start()
    const result = await waitFor(jobId!)
    expect(result.state).toBe('SUCCESS')
    expect(emu.requestsFor('DescribeSigningJob')).toHaveLength(3)
    const lambda = new LambdaClient({ endpoint: emu.url, region, credentials, maxAttempts: 1 })
    clients.push(lambda)
    const out = await lambda.send(
      new PublishLayerVersionCommand({ LayerName: 'l', Content: { S3Bucket: 'unsigned', S3Key: `signed/${jobId}` } })
    )
    const signed = emu.state.buckets.get('unsigned')!.objects.get(`signed/${jobId}`)!.body
    expect(out.Content?.CodeSha256).toBe(createHash('sha256').update(signed).digest('base64'))
    expect(out.Content).toMatchObject({
      SigningJobArn: `arn:aws:signer:eu-west-1:123456789012:/signing-jobs/${jobId}`,
      SigningProfileVersionArn: 'arn:aws:signer:eu-west-1:123456789012:/signing-profiles/LayerSigner/B1oks0DM6r'
    })
    const unsigned = await lambda.send(
      new PublishLayerVersionCommand({ LayerName: 'l', Content: { S3Bucket: 'unsigned', S3Key: 'layer.zip' } })
    )
    expect(unsigned.Content).not.toHaveProperty('SigningJobArn')
    expect(unsigned.Content).not.toHaveProperty('SigningProfileVersionArn')
  })

  it('does not start a second job for a retried client request token', async () => {
    const a = await start({ clientRequestToken: 'sha256-abc-run-1' })
    const b = await start({ clientRequestToken: 'sha256-abc-run-1' })
    expect(b).toMatchObject({ jobId: a.jobId, jobOwner: a.jobOwner })
    expect(emu.state.signingJobs.get(region)?.size).toBe(1)
    const c = await start({ clientRequestToken: 'sha256-abc-run-2' })
    expect(c.jobId).not.toBe(a.jobId)
    expect(emu.requestsFor('StartSigningJob')[0].body.clientRequestToken).toBe('sha256-abc-run-1')
  })

  it('keeps one job when the answer is lost and the SDK retries with the token it generated once', async () => {
    emu.faults.add('StartSigningJob', { dropAfterApply: true })
    const retrying = new SignerClient({ endpoint: emu.url, region, credentials, maxAttempts: 2 })
    clients.push(retrying)
    const { jobId } = await start({}, retrying)
    const sent = emu.requestsFor('StartSigningJob')
    expect(sent).toHaveLength(2)
    expect(sent[1].body.clientRequestToken).toBe(sent[0].body.clientRequestToken)
    expect([...emu.state.signingJobs.get(region)!.keys()]).toEqual([jobId])
  })

  it('fills in a client request token when none is given (idempotency token trait)', async () => {
    await start()
    expect(emu.requestsFor('StartSigningJob')[0].body.clientRequestToken).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('fails with the configured reason, writes nothing, and the waiter rejects with that reason', async () => {
    emu.signer.failureReason = 'Signing profile is revoked.'
    const { jobId } = await start()
    const err = await failure(waitFor(jobId!))
    expect(err.message).toContain('Signing profile is revoked.')
    expect(await describeJob(jobId!)).toMatchObject({ status: 'Failed', statusReason: 'Signing profile is revoked.' })
    expect([...emu.state.buckets.get('unsigned')!.objects.keys()]).toEqual(['layer.zip'])
  })

  it.each([
    ['an empty file', Buffer.alloc(0), SIGNING_FAILURES.empty],
    ['a file that is not a zip', Buffer.from('not a zip at all, just text'), SIGNING_FAILURES.malformed]
  ])('fails for %s', async (_what, body, reason) => {
    sourceVersion = await upload(body)
    const { jobId } = await start()
    expect(await describeJob(jobId!)).toMatchObject({ status: 'Failed', statusReason: reason })
  })

  it('fails for a zip that already has a signature', async () => {
    const { jobId } = await start()
    await describeJob(jobId!)
    const signed = emu.state.buckets.get('unsigned')!.objects.get(`signed/${jobId}`)!.body
    sourceVersion = await upload(signed)
    const again = await start()
    expect(await describeJob(again.jobId!)).toMatchObject({ status: 'Failed', statusReason: SIGNING_FAILURES.signed })
  })

  it('fails for an unversioned source bucket or a bucket in another region', async () => {
    emu.createBucket(region, 'plain')
    emu.putObject('plain', 'layer.zip', zip)
    const plain = await start({ source: { s3: { bucketName: 'plain', key: 'layer.zip', version: 'null' } } })
    expect((await describeJob(plain.jobId!)).statusReason).toBe('Source bucket plain is not version enabled.')
    emu.createBucket('us-east-1', 'far')
    const far = await start({ destination: { s3: { bucketName: 'far' } } })
    expect(await describeJob(far.jobId!)).toMatchObject({
      status: 'Failed',
      statusReason: 'Destination bucket far not found in eu-west-1.'
    })
  })

  it('refuses a canceled profile, an unknown profile and a missing source', async () => {
    emu.addSigningProfile({ name: 'Old', region, status: 'Canceled' })
    expect((await failure(start({ profileName: 'Old' }))).name).toBe('ValidationException')
    expect((await failure(start({ profileName: 'Nope' }))).name).toBe('ResourceNotFoundException')
    const noSource = await failure(
      start({ source: { s3: { bucketName: 'unsigned', key: 'layer.zip', version: undefined as unknown as string } } })
    )
    expect(noSource.name).toBe('ValidationException')
    expect(noSource.message).toContain("at 'source.s3.version' failed to satisfy constraint: Member must not be null")
    const unknownJob = await failure(describeJob('00000000-0000-0000-0000-000000000000'))
    expect(unknownJob.name).toBe('ResourceNotFoundException')
  })

  it('signs with a profile of another account once it grants signer:StartSigningJob', async () => {
    emu.addSigningProfile({ name: 'Shared', region, owner: '111122223333', profileVersion: 'SHAREDv001' })
    const denied = await failure(start({ profileName: 'Shared', profileOwner: '111122223333' }))
    expect(denied.name).toBe('AccessDeniedException')
    emu.addSigningProfile({
      name: 'Shared',
      region,
      owner: '111122223333',
      profileVersion: 'SHAREDv001',
      permissions: [
        { action: 'signer:StartSigningJob', principal: '123456789012' },
        { action: 'signer:GetSigningProfile', principal: '123456789012' }
      ]
    })
    const profile = await signer.send(new GetSigningProfileCommand({ profileName: 'Shared', profileOwner: '111122223333' }))
    expect(profile.profileVersionArn).toBe('arn:aws:signer:eu-west-1:111122223333:/signing-profiles/Shared/SHAREDv001')
    const { jobId, jobOwner } = await start({ profileName: 'Shared', profileOwner: '111122223333' })
    expect(jobOwner).toBe('123456789012')
    await describeJob(jobId!)
    const signed = emu.state.buckets.get('unsigned')!.objects.get(`signed/${jobId}`)!.body
    expect(readSignature(signed)?.profileVersionArn).toBe(profile.profileVersionArn)
  })

  it('lists jobs and records a revoked signature', async () => {
    const { jobId } = await start()
    await describeJob(jobId!)
    await signer.send(new RevokeSignatureCommand({ jobId, reason: 'key compromised' }))
    const described = await describeJob(jobId!)
    expect(described.revocationRecord).toMatchObject({ reason: 'key compromised', revokedBy: 'arn:aws:iam::123456789012:root' })
    const listed = await signer.send(new ListSigningJobsCommand({ isRevoked: true }))
    expect(listed.jobs?.map((j) => [j.jobId, j.isRevoked])).toEqual([[jobId, true]])
    expect((await signer.send(new ListSigningJobsCommand({ status: 'Failed' }))).jobs).toEqual([])
  })

  it('injects a 429 TooManyRequestsException that the SDK retries', async () => {
    emu.faults.add('StartSigningJob', { status: 429 })
    const retrying = new SignerClient({ endpoint: emu.url, region, credentials, maxAttempts: 2 })
    clients.push(retrying)
    await start({ clientRequestToken: 'token-1' }, retrying)
    expect(emu.requestsFor('StartSigningJob').map((r) => r.status)).toEqual([429, 200])
    expect(emu.state.signingJobs.get(region)?.size).toBe(1)
  })
})

describe('control API', () => {
  it('seeds a profile and configures jobs for a separately started emulator', async () => {
    const seeded = await fetch(`${emu.url}/_emulator/signing-profiles`, {
      method: 'POST',
      body: JSON.stringify({ name: 'Remote', region, profileVersion: 'REMOTEv001' })
    })
    expect(seeded.status).toBe(201)
    const config = await fetch(`${emu.url}/_emulator/config`, {
      method: 'PATCH',
      body: JSON.stringify({ signer: { failureReason: 'nope' } })
    })
    expect(config.status).toBe(204)
    const bucket = await fetch(`${emu.url}/_emulator/buckets`, {
      method: 'POST',
      body: JSON.stringify({ region, name: 'remote-src', versioning: 'Enabled' })
    })
    expect(bucket.status).toBe(201)
    expect(emu.state.buckets.get('remote-src')?.versioning).toBe('Enabled')
    const { jobId } = await start({ profileName: 'Remote' })
    expect((await describeJob(jobId!)).statusReason).toBe('nope')
    const state = (await (await fetch(`${emu.url}/_emulator/state`)).json()) as {
      signingJobs: Record<string, Record<string, { status: string; profileName: string }>>
    }
    expect(state.signingJobs[region][jobId!]).toMatchObject({ status: 'Failed', profileName: 'Remote' })
  })
})
