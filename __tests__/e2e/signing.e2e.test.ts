// dist/index.js with signing-profile-name: the zip goes to the first region's versioned bucket,
// AWS Signer signs that version, and every region publishes the signed zip (the first from where
// Signer wrote it, the others from a copy in their own bucket); a profile that cannot sign, a
// bucket without versions, a failed, slow or unreadable job publish nothing.
import { describe, expect, it } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { readSignature } from '../../emulator/signer-zip.js'
import { tempDir } from '../helpers/layer-tree.js'
import { logLines, oidcEnv, readmeInputs, run, start, useEmulator, type RunResult } from './support.js'

const e2e = useEmulator()

const REGION = 'eu-west-1'
const BUCKET = 'layers-eu-west-1'
const PROFILE_VERSION_ARN = 'arn:aws:signer:eu-west-1:123456789012:/signing-profiles/LayerSigner/B1oks0DM6r'
const RUN = { GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '1' }

type Job = { jobId: string; status: string; clientRequestToken: string; source: { key: string; version: string } }
type StoredObject = { body: Buffer; versionId?: string }

/** A versioned bucket in each region given, and the README's Lambda profile in eu-west-1. */
function prepare(regions: string[] = [REGION], options: { versioned?: boolean } = {}): void {
  for (const region of regions) e2e.emu.createBucket(region, `layers-${region}`)
  if (options.versioned !== false) e2e.emu.setBucketVersioning(BUCKET)
  e2e.emu.addSigningProfile({ name: 'LayerSigner', region: REGION, profileVersion: 'B1oks0DM6r' })
}

const signingInputs = (over: Record<string, string> = {}): Record<string, string> => ({
  ...readmeInputs(e2e.emu),
  's3-bucket': 'layers-{region}',
  'signing-profile-name': 'LayerSigner',
  ...over
})

function signedRun(over: Record<string, string> = {}, env: Record<string, string> = RUN): Promise<RunResult> {
  return run(signingInputs(over), { workspace: e2e.workspace, env: { ...oidcEnv(e2e.emu), ...env } })
}

const jobs = (): Job[] => [...(e2e.emu.state.signingJobs.get(REGION)?.values() ?? [])] as Job[]
const object = (bucket: string, key: string) => e2e.emu.state.buckets.get(bucket)?.objects.get(key) as StoredObject | undefined
const signedKey = (job: Job) => `publish-lambda-layer/my-deps/signed/${job.jobId}`
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('base64')
const errorLine = (result: RunResult) => logLines(result).find((l) => l.startsWith('::error::')) ?? ''
const publishes = () => e2e.emu.requestsFor('PublishLayerVersion')
const contentOf = (i: number) => (publishes()[i].body as { Content: Record<string, string> }).Content

describe('a signed publish', () => {
  it('uploads the zip, signs that version, publishes the signed object and reports the signer', async () => {
    prepare()
    const result = await signedRun()
    expect(result.code).toBe(0)
    const [job] = jobs()
    expect(jobs()).toHaveLength(1)
    expect(job.status).toBe('Succeeded')
    // The unsigned upload, pinned by its version.
    const [put] = e2e.emu.requestsFor('PutObject')
    const unsigned = object(BUCKET, job.source.key)
    expect(put.path).toBe(`/${BUCKET}/${job.source.key}`)
    expect(job.source.version).toBe(unsigned?.versionId)
    expect(unsigned?.body.equals(await readFile(result.outputs['archive-path']))).toBe(true)
    // The signed object, published by version.
    const signed = object(BUCKET, signedKey(job)) as StoredObject
    expect(contentOf(0)).toEqual({ S3Bucket: BUCKET, S3Key: signedKey(job), S3ObjectVersion: signed.versionId })
    const jobArn = `arn:aws:signer:eu-west-1:123456789012:/signing-jobs/${job.jobId}`
    expect(readSignature(signed.body)).toMatchObject({ jobArn, profileVersionArn: PROFILE_VERSION_ARN })
    expect(result.outputs).toMatchObject({
      published: 'true',
      'signing-job-arn': jobArn,
      'signing-profile-version-arn': PROFILE_VERSION_ARN,
      'code-sha256': sha256(signed.body),
      'code-size': String(signed.body.length)
    })
    expect(result.outputs['code-sha256']).not.toBe(sha256(unsigned?.body as Buffer))
    expect(e2e.emu.layerVersions(REGION, 'my-deps')[0]).toMatchObject({
      SigningJobArn: jobArn,
      SigningProfileVersionArn: PROFILE_VERSION_ARN
    })
    expect(result.summary).toContain(`- eu-west-1: signed by job \`${jobArn}\` with the profile version \`${PROFILE_VERSION_ARN}\``)
    expect(job.clientRequestToken).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(result.stdout).toContain(`Signing job ${job.jobId}: Succeeded after`)
  })

  it('signs with a profile another account shares (signing-profile-owner)', async () => {
    prepare()
    const grants = ['signer:StartSigningJob', 'signer:GetSigningProfile'].map((action) => ({ action, principal: '123456789012' }))
    e2e.emu.addSigningProfile({
      name: 'SharedSigner',
      region: REGION,
      owner: '210987654321',
      profileVersion: 'Zx81Yq2Wp0',
      permissions: grants
    })
    const result = await signedRun({ 'signing-profile-name': 'SharedSigner', 'signing-profile-owner': '210987654321' })
    expect(result.code).toBe(0)
    expect(result.outputs['signing-profile-version-arn']).toBe(
      'arn:aws:signer:eu-west-1:210987654321:/signing-profiles/SharedSigner/Zx81Yq2Wp0'
    )
    expect(result.outputs['signing-job-arn']).toMatch(/^arn:aws:signer:eu-west-1:123456789012:\/signing-jobs\//)
  })
})

describe('refused before anything is published', () => {
  it.each([['false'], ['true']])('no s3-bucket: refused before any AWS call, naming both inputs (dry-run: %s)', async (dryRun) => {
    const inputs = { ...readmeInputs(e2e.emu), 'signing-profile-name': 'LayerSigner', 'dry-run': dryRun }
    const result = await run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain("Input 'signing-profile-name': requires 's3-bucket'")
    expect(e2e.emu.requests).toEqual([])
  })

  it('a dry run says it would sign, and calls nothing', async () => {
    const result = await signedRun({ 'dry-run': 'true' })
    expect(result.code).toBe(0)
    expect(result.summary).toContain('Would sign the zip first with the AWS Signer profile `LayerSigner` in eu-west-1.')
    expect(e2e.emu.requests).toEqual([])
  })

  it.each<[string, string]>([
    ['never versioned', 'no version id'],
    ['with versioning suspended', 'the null version id (versioning is suspended)']
  ])('a bucket %s: says so, signs and publishes nothing', async (state, answer) => {
    prepare([REGION], { versioned: false })
    if (state !== 'never versioned') e2e.emu.setBucketVersioning(BUCKET, 'Suspended')
    const result = await signedRun()
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain(`s3://layers-eu-west-1 is not versioned: S3 gave the upload of publish-lambda-layer/my-deps/`)
    expect(errorLine(result)).toContain(answer)
    expect(errorLine(result)).toContain('put-bucket-versioning')
    expect(e2e.emu.requestsFor('StartSigningJob')).toEqual([])
    expect(publishes()).toEqual([])
  })

  it.each<[string, object, string]>([
    ['Canceled', { status: 'Canceled' }, 'is Canceled'],
    ['Revoked', { status: 'Revoked', statusReason: 'key compromised' }, 'is Revoked (key compromised)'],
    [
      'of another platform',
      { platformId: 'AWSIoTDeviceManagement-SHA256-ECDSA' },
      'is for the platform AWSIoTDeviceManagement-SHA256-ECDSA'
    ]
  ])('a profile that is %s: refused before uploading', async (_name, profile, message) => {
    prepare()
    e2e.emu.addSigningProfile({ name: 'LayerSigner', region: REGION, ...profile })
    const result = await signedRun()
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain(`The signing profile 'LayerSigner' ${message}`)
    expect(result.summary).toContain('- **In AWS:** Nothing was changed in AWS: the step stopped before publishing.')
    expect(result.outputs['failed-regions']).toBe('["eu-west-1"]')
    expect(e2e.emu.requestsFor('PutObject')).toEqual([])
    expect(e2e.emu.requestsFor('StartSigningJob')).toEqual([])
    expect(publishes()).toEqual([])
  })

  it('a job that fails: fails with Signer’s reason once for every region, publishes nothing, names the job in the outputs', async () => {
    prepare([REGION, 'us-east-1'])
    e2e.emu.signer.failureReason = 'The signing key is not available.'
    const result = await signedRun({ regions: `${REGION}, us-east-1` })
    expect(result.code).toBe(1)
    const [job] = jobs()
    const reason = `Signing job ${job.jobId} failed: The signing key is not available.; nothing was published`
    expect(errorLine(result)).toContain(`eu-west-1, us-east-1: ${reason}`)
    expect(errorLine(result).split(reason)).toHaveLength(2)
    expect(result.summary.split(reason)).toHaveLength(2)
    expect(result.summary).toContain(`- **eu-west-1 and us-east-1:** ${reason}`)
    const jobArn = `arn:aws:signer:eu-west-1:123456789012:/signing-jobs/${job.jobId}`
    expect(result.summary).toContain(
      `- Signing job \`${jobArn}\` (profile version \`${PROFILE_VERSION_ARN}\`): no version was published from it (see below).`
    )
    expect(publishes()).toEqual([])
    expect(result.outputs).toMatchObject({
      'layer-version-arn': '',
      'signing-job-arn': jobArn,
      'signing-profile-version-arn': PROFILE_VERSION_ARN,
      'failed-regions': '["eu-west-1","us-east-1"]'
    })
  })

  it('a job still running at signing-timeout-seconds: fails naming what it may still write', async () => {
    prepare()
    e2e.emu.signer.pollsUntilDone = 10_000
    const result = await signedRun({ 'signing-timeout-seconds': '5' })
    expect(result.code).toBe(1)
    const [job] = jobs()
    expect(errorLine(result)).toContain(
      `Signing job ${job.jobId} did not finish within 5 s (last status: InProgress); nothing was published`
    )
    expect(errorLine(result)).toContain(`may still write s3://${BUCKET}/${signedKey(job)}`)
    expect(publishes()).toEqual([])
  })

  it('DescribeSigningJob denied: stops at the first answer instead of polling until the timeout', async () => {
    prepare()
    e2e.emu.faults.add('DescribeSigningJob', { status: 403, errorName: 'AccessDeniedException', message: 'not allowed', times: 20 })
    const result = await signedRun()
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain('AccessDeniedException: not allowed')
    expect(errorLine(result)).toContain('signer:DescribeSigningJob')
    expect(e2e.emu.requestsFor('DescribeSigningJob')).toHaveLength(1)
    expect(publishes()).toEqual([])
  })
})

describe('the client request token', () => {
  it('a StartSigningJob whose answer was lost is retried into the same job', async () => {
    prepare()
    e2e.emu.faults.add('StartSigningJob', { dropAfterApply: true })
    const result = await signedRun()
    expect(result.code).toBe(0)
    const starts = e2e.emu.requestsFor('StartSigningJob').map((r) => (r.body as { clientRequestToken: string }).clientRequestToken)
    expect(starts).toHaveLength(2)
    expect(new Set(starts).size).toBe(1)
    expect(jobs()).toHaveLength(1)
    expect(result.outputs['signing-job-arn']).toContain(jobs()[0].jobId)
  })

  it('the same run attempt gets its job back; a re-run attempt signs anew', async () => {
    prepare()
    const first = await signedRun()
    const again = await signedRun()
    expect(jobs()).toHaveLength(1)
    expect(again.outputs['signing-job-arn']).toBe(first.outputs['signing-job-arn'])
    const rerun = await signedRun({}, { ...RUN, GITHUB_RUN_ATTEMPT: '2' })
    expect(rerun.code).toBe(0)
    expect(jobs()).toHaveLength(2)
    expect(rerun.outputs['signing-job-arn']).not.toBe(first.outputs['signing-job-arn'])
  })
})

describe('several regions', () => {
  it('signs once in the first region and publishes the same signed bytes everywhere', async () => {
    prepare([REGION, 'us-east-1'])
    const result = await signedRun({ regions: 'eu-west-1, us-east-1' })
    expect(result.code).toBe(0)
    const [job] = jobs()
    expect(jobs()).toHaveLength(1)
    expect(e2e.emu.requestsFor('PutObject').map((r) => r.region)).toEqual([REGION])
    const signed = object(BUCKET, signedKey(job)) as StoredObject
    const copy = object('layers-us-east-1', signedKey(job)) as StoredObject
    expect(copy.body.equals(signed.body)).toBe(true)
    const contents = publishes().map((r) => `${r.region} ${(r.body as { Content: { S3Bucket: string; S3Key: string } }).Content.S3Bucket}`)
    expect(contents.sort()).toEqual(['eu-west-1 layers-eu-west-1', 'us-east-1 layers-us-east-1'])
    for (const region of [REGION, 'us-east-1']) {
      expect(e2e.emu.layerVersions(region, 'my-deps')[0]).toMatchObject({
        CodeSha256: sha256(signed.body),
        SigningJobArn: result.outputs['signing-job-arn'],
        SigningProfileVersionArn: PROFILE_VERSION_ARN
      })
    }
  })
})

describe('skip-unchanged', () => {
  const reuseRun = (attempt: string) => signedRun({ 'skip-unchanged': 'true' }, { ...RUN, GITHUB_RUN_ATTEMPT: attempt })
  /** skip-unchanged's verdict, a line of the region's publish group. */
  const regionLine = (r: RunResult) => logLines(r).find((l) => l.startsWith('skip-unchanged: ')) ?? ''

  it('reuses a version signed by the same profile version with the same content, signing nothing', async () => {
    prepare()
    const first = await signedRun()
    const second = await reuseRun('2')
    expect(second.code).toBe(0)
    expect(second.outputs).toMatchObject({
      published: 'false',
      'layer-version': '1',
      'signing-job-arn': first.outputs['signing-job-arn'],
      'signing-profile-version-arn': PROFILE_VERSION_ARN
    })
    expect(regionLine(second)).toContain('holds the same entries')
    expect(jobs()).toHaveLength(1)
    expect(e2e.emu.requestsFor('PutObject')).toHaveLength(1)
  })

  it('publishes anew when the profile has a new version since', async () => {
    prepare()
    await signedRun()
    e2e.emu.addSigningProfile({ name: 'LayerSigner', region: REGION, profileVersion: 'NewVersion' })
    const result = await reuseRun('2')
    expect(result.outputs).toMatchObject({ published: 'true', 'layer-version': '2' })
    expect(regionLine(result)).toContain(
      `version 1 holds the same content, but it is signed by ${PROFILE_VERSION_ARN}, not by arn:aws:signer:eu-west-1:123456789012:/signing-profiles/LayerSigner/NewVersion`
    )
  })

  it('publishes anew when the signature of the newest version was revoked', async () => {
    prepare()
    await signedRun()
    const { RevokeSignatureCommand, SignerClient } = await import('@aws-sdk/client-signer')
    const signer = new SignerClient({
      endpoint: e2e.emu.url,
      region: REGION,
      credentials: { accessKeyId: 'AKIAEMULATOR', secretAccessKey: 's' }
    })
    await signer.send(new RevokeSignatureCommand({ jobId: jobs()[0].jobId, reason: 'shipped a bad build' }))
    signer.destroy()
    const result = await reuseRun('2')
    expect(result.outputs.published).toBe('true')
    expect(regionLine(result)).toContain('but its signature was revoked (shipped a bad build)')
  })

  it('publishes anew over an unsigned version with the same content', async () => {
    prepare()
    const unsigned = await run({ ...readmeInputs(e2e.emu) }, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(unsigned.outputs['signing-job-arn']).toBe('')
    const result = await reuseRun('1')
    expect(result.outputs).toMatchObject({ published: 'true', 'layer-version': '2' })
    expect(regionLine(result)).toContain('version 1 holds the same content, but it is not signed')
  })
})

describe('cancelled', () => {
  it('during the upload to the signing bucket: aborts the multipart upload, starts no job', async () => {
    const workspace = await tempDir('signing-upload')
    await mkdir(path.join(workspace, 'layer/python'), { recursive: true })
    // 12 MiB that does not compress: a multipart upload of three 5 MiB parts.
    await writeFile(path.join(workspace, 'layer/python/blob.bin'), randomBytes(12 * 1024 * 1024))
    prepare()
    e2e.emu.faults.add('UploadPart', { hold: 'parts', times: 3 })
    const action = await start(signingInputs(), { workspace, env: { ...oidcEnv(e2e.emu), ...RUN } })
    await e2e.emu.waitForRequest('UploadPart')
    const result = await action.cancel()
    expect(result.code).not.toBe(0)
    expect(e2e.emu.requestsFor('AbortMultipartUpload')).toHaveLength(1)
    expect(result.summary).toMatch(/Undone: aborted the multipart upload \S+ to s3:\/\/layers-eu-west-1\//)
    expect(e2e.emu.requestsFor('StartSigningJob')).toEqual([])
    expect(publishes()).toEqual([])
  })

  it('while waiting for the job: stops, publishes nothing and says the job goes on', async () => {
    prepare()
    e2e.emu.signer.pollsUntilDone = 10_000
    const action = await start(signingInputs(), { workspace: e2e.workspace, env: { ...oidcEnv(e2e.emu), ...RUN } })
    await action.waitForOutput('and waiting for the job (at most 300 s)')
    await e2e.emu.waitForRequest('DescribeSigningJob')
    const result = await action.cancel()
    expect(result.code).not.toBe(0)
    const [job] = jobs()
    expect(errorLine(result)).toContain(`Waiting for signing job ${job.jobId} (it goes on in AWS Signer, which cannot cancel a job`)
    expect(publishes()).toEqual([])
  })
})
