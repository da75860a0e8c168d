// The 50 MB inline limit: refused before upload without s3-bucket, published through S3 with it.
import { describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { oidcEnv, readmeInputs, run, useEmulator } from './support.js'

const e2e = useEmulator(async ({ workspace }) => {
  // Random bytes do not compress: the zip stays above 50 MB.
  await writeFile(path.join(workspace, 'layer/python/mydeps/blob.bin'), randomBytes(51 * 1024 * 1024))
})

describe('a zip above 50 MB', () => {
  it('fails before uploading and says to set s3-bucket', async () => {
    const result = await run(readmeInputs(e2e.emu), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/::error::The layer zip is \d+ bytes, above Lambda's 52428800-byte limit.*Set the s3-bucket input/)
    expect(e2e.emu.requests).toEqual([])
    // The summary shows the error, its fix, the size against the limit and what takes the space.
    expect(result.summary).toMatch(/- \*\*Error:\*\* The layer zip is \d+ bytes, above Lambda's 52428800-byte limit for direct upload\./)
    expect(result.summary).toContain('- **Fix:** Set the s3-bucket input to upload it through an S3 bucket in the same region.')
    expect(result.summary).toContain('- **In AWS:** Nothing was changed in AWS: the step stopped before any AWS call.')
    // Deflate leaves random bytes a little larger, by an amount that varies with the bytes: 51.0 or 51.1 MiB.
    expect(result.summary).toMatch(
      /- \*\*Zipped:\*\* 51\.[01] MiB \([\d,]+ bytes\), above the 50 MiB Lambda takes in a direct upload: set `s3-bucket`\./
    )
    expect(result.summary).toMatch(/\| `python\/mydeps` \| 51\.0 MiB \| 3 \| ██████████ 100% \| 20% \|/)
  })

  it('is uploaded to the bucket and published from there', async () => {
    e2e.emu.createBucket('eu-west-1', 'layer-artifacts')
    const inputs = { ...readmeInputs(e2e.emu), 's3-bucket': 'layer-artifacts' }
    const result = await run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(0)
    const publish = e2e.emu.requestsFor('PublishLayerVersion')[0]
    const content = (publish.body as { Content: { S3Bucket: string; S3Key: string } }).Content
    expect(content.S3Bucket).toBe('layer-artifacts')
    expect(content.S3Key).toMatch(/^publish-lambda-layer\/my-deps\/[0-9a-f]{64}\.zip$/)
    const uploads = e2e.emu.requests.filter((r) => r.service === 's3').map((r) => r.operation)
    expect(uploads).toContain('CompleteMultipartUpload')
    const stored = e2e.emu.state.buckets.get('layer-artifacts')?.objects.get(content.S3Key)
    expect(stored?.body.length).toBe(Number(result.outputs['code-size']))
    expect(result.outputs['layer-version']).toBe('1')
    expect(result.summary).toContain('above the 50 MiB Lambda takes in a direct upload; sent through `s3://layer-artifacts`.')
  })
})
