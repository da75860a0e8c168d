// dist/index.js refusing bad input before any AWS call, and failing cleanly when AWS says no.
import { describe, expect, it } from '@jest/globals'
import { incompressibleWorkspace, oidcEnv, readmeInputs, run, ROLE, useEmulator } from './support.js'

const e2e = useEmulator()

/** The ::error:: line the runner shows as the step's failure. */
function errorLine(stdout: string): string {
  return stdout.split('\n').find((l) => l.startsWith('::error::')) ?? ''
}

describe('refused input', () => {
  it.each([
    [{ 'compatible-runtimes': 'python3.99' }, "Input 'compatible-runtimes'"],
    [{ principals: 'arn:aws:iam::111122223333:user/bob' }, "Input 'principals'"],
    [{ 'layer-name': 'bad name!' }, "Input 'layer-name'"],
    [{ paths: '../outside' }, "Input 'paths'"],
    [{ 'role-duration-seconds': '60' }, "Input 'role-duration-seconds'"],
    [{ 'dry-run': 'yes' }, "Input 'dry-run'"]
  ])('%j fails naming the input, with no AWS call and no stack trace', async (override, named) => {
    const result = await run({ ...readmeInputs(e2e.emu), ...override }, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(1)
    expect(errorLine(result.stdout)).toContain(named)
    expect(result.stdout).not.toMatch(/\n\s+at /)
    expect(e2e.emu.requests).toEqual([])
    expect(result.outputs).toMatchObject({ 'layer-version-arn': '', 'failed-regions': '[]' })
    expect(result.summary).toContain(`- **Error:** ${named}`)
  })

  it('says to add id-token: write when the job has no OIDC token, before any AWS call', async () => {
    const result = await run(readmeInputs(e2e.emu), { workspace: e2e.workspace })
    expect(result.code).toBe(1)
    expect(errorLine(result.stdout)).toContain('permissions: id-token: write')
    expect(e2e.emu.requests).toEqual([])
  })
})

describe('AWS refusing', () => {
  it('explains a trust policy that does not match', async () => {
    e2e.emu.sts.denyRoles.add(ROLE)
    const result = await run(readmeInputs(e2e.emu), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(1)
    expect(errorLine(result.stdout)).toMatch(/AccessDenied.*trust policy/)
    expect(e2e.emu.requestsFor('PublishLayerVersion')).toEqual([])
    expect(e2e.emu.requestsFor('AssumeRoleWithWebIdentity')).toHaveLength(1) // auth errors are not retried
  })

  it('deletes the version and names the principal when sharing fails', async () => {
    e2e.emu.faults.add('AddLayerVersionPermission', {
      status: 400,
      errorName: 'InvalidParameterValueException',
      message: 'The organization o-a1b2c3d4e5 does not exist'
    })
    const inputs = { ...readmeInputs(e2e.emu), principals: 'o-a1b2c3d4e5' }
    const result = await run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(1)
    expect(errorLine(result.stdout)).toContain('organization o-a1b2c3d4e5')
    expect(errorLine(result.stdout)).toContain('Version 1 was deleted')
    expect(e2e.emu.requestsFor('DeleteLayerVersion')).toHaveLength(1)
    expect(e2e.emu.layerVersions('eu-west-1', 'my-deps')).toEqual([])
  })
})

describe('an S3 upload that fails', () => {
  it('reports the upload error first, then an abort that failed too, and names the open multipart upload', async () => {
    const workspace = await incompressibleWorkspace(12)
    e2e.emu.createBucket('eu-west-1', 'layer-artifacts')
    e2e.emu.faults.add('UploadPart', { status: 500, errorName: 'InternalError', message: 'We encountered an internal error', times: 10 })
    e2e.emu.faults.add('AbortMultipartUpload', { status: 403, errorName: 'AccessDenied', message: 'Access Denied', times: 5 })
    const result = await run(
      { ...readmeInputs(e2e.emu), 's3-bucket': 'layer-artifacts', 'max-attempts': '1' },
      { workspace, env: oidcEnv(e2e.emu) }
    )
    expect(result.code).toBe(1)
    const [uploadId] = [...(e2e.emu.state.buckets.get('layer-artifacts')?.uploads.keys() ?? [])]
    const error = errorLine(result.stdout)
    expect(error).toMatch(/Uploading the layer zip to s3:\/\/layer-artifacts\/\S+ failed: InternalError: We encountered an internal error/)
    expect(error).toContain(`aborting its multipart upload ${uploadId} failed too (AccessDenied: Access Denied)`)
    // The summary escapes Markdown (an upload id may hold a '_'): read it as text.
    expect(result.summary.replace(/\\(.)/g, '$1')).toContain(
      `Left in AWS, not settled by this run: the open S3 multipart upload ${uploadId} to s3://layer-artifacts/`
    )
    expect(e2e.emu.requestsFor('PublishLayerVersion')).toHaveLength(0)
  })

  it('aborts the multipart upload itself when the upload fails, and reports only the upload error', async () => {
    const workspace = await incompressibleWorkspace(12)
    e2e.emu.createBucket('eu-west-1', 'layer-artifacts')
    e2e.emu.faults.add('UploadPart', { status: 500, errorName: 'InternalError', message: 'We encountered an internal error', times: 10 })
    const result = await run(
      { ...readmeInputs(e2e.emu), 's3-bucket': 'layer-artifacts', 'max-attempts': '1' },
      { workspace, env: oidcEnv(e2e.emu) }
    )
    expect(result.code).toBe(1)
    expect(e2e.emu.state.buckets.get('layer-artifacts')?.uploads.size).toBe(0)
    expect(errorLine(result.stdout)).toContain('failed: InternalError: We encountered an internal error')
    expect(errorLine(result.stdout)).not.toContain('aborting')
    expect(result.summary).not.toContain('not settled by this run')
  })
})

describe('dry run', () => {
  it('builds the zip and reports the plan without any AWS call', async () => {
    const result = await run({ ...readmeInputs(e2e.emu), 'dry-run': 'true' }, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(0)
    expect(e2e.emu.requests).toEqual([])
    expect(result.outputs).toMatchObject({ published: 'false', 'layer-version-arn': '' })
    expect(result.outputs['archive-path']).toMatch(/my-deps\.zip$/)
    expect(result.summary).toContain('dry run, nothing was changed in AWS')
    expect(result.summary).toContain('Would publish a new version in eu-west-1, shared with 111122223333 and organization o-a1b2c3d4e5.')
  })

  it('changes nothing in mode delete either', async () => {
    const result = await run(
      { ...readmeInputs(e2e.emu), mode: 'delete', 'dry-run': 'true' },
      { workspace: e2e.workspace, env: oidcEnv(e2e.emu) }
    )
    expect(result.code).toBe(0)
    expect(e2e.emu.requests).toEqual([])
    expect(result.summary).toContain('Would delete every version in eu-west-1.')
  })
})
