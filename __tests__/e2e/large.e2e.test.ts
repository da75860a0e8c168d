// The 50 MB inline limit: refused before upload without s3-bucket, published through S3 with it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { oidcEnv, pythonWorkspace, readmeInputs, run, startEmulator, type Emulator } from './support.js'

let emu: Emulator
let workspace: string

beforeAll(async () => {
  emu = await startEmulator()
  workspace = await pythonWorkspace()
  // Random bytes do not compress: the zip stays above 50 MB.
  await writeFile(path.join(workspace, 'layer/python/mydeps/blob.bin'), randomBytes(51 * 1024 * 1024))
})
afterAll(async () => emu.close())
beforeEach(() => emu.reset())

describe('a zip above 50 MB', () => {
  it('fails before uploading and says to set s3-bucket', async () => {
    const result = await run(readmeInputs(emu), { workspace, env: oidcEnv(emu) })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/::error::The layer zip is \d+ bytes, above Lambda's 52428800-byte limit.*Set the s3-bucket input/)
    expect(emu.requests).toEqual([])
  })

  it('is uploaded to the bucket and published from there', async () => {
    emu.createBucket('eu-west-1', 'layer-artifacts')
    const inputs = { ...readmeInputs(emu), 's3-bucket': 'layer-artifacts' }
    const result = await run(inputs, { workspace, env: oidcEnv(emu) })
    expect(result.code).toBe(0)
    const publish = emu.requestsFor('PublishLayerVersion')[0]
    const content = (publish.body as { Content: { S3Bucket: string; S3Key: string } }).Content
    expect(content.S3Bucket).toBe('layer-artifacts')
    expect(content.S3Key).toMatch(/^publish-lambda-layer\/my-deps\/[0-9a-f]{64}\.zip$/)
    const uploads = emu.requests.filter((r) => r.service === 's3').map((r) => r.operation)
    expect(uploads).toContain('CompleteMultipartUpload')
    const stored = emu.state.buckets.get('layer-artifacts')?.objects.get(content.S3Key)
    expect(stored?.body.length).toBe(Number(result.outputs['code-size']))
    expect(result.outputs['layer-version']).toBe('1')
    expect(result.summary).toContain('through s3://layer-artifacts')
  })
})
