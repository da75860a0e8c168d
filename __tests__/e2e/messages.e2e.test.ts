// dist/index.js: what the log, the annotations and the job summary say when something goes wrong
// must be what happened: no "retrying" before a refusal that is not retried, no timeout for a
// closed connection, lines in the order things happen, the real path of a symlink, no "..", no
// SDK hint for programmers, and an AWS error that says which call it came from.
import { describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { tempDir } from '../helpers/layer-tree.js'
import { groupLines, logLines, oidcEnv, pythonWorkspace, readmeInputs, run, useEmulator, errorLine } from './support.js'

const e2e = useEmulator()
const ARN = 'arn:aws:lambda:eu-west-1:123456789012:layer:my-deps'
const runReadme = (extra: Record<string, string> = {}, env = oidcEnv(e2e.emu), workspace = e2e.workspace) =>
  run({ ...readmeInputs(e2e.emu), ...extra }, { workspace, env })

describe('retries are announced only when they happen, in the order things happen', () => {
  it('a refused OIDC request token is not retried, and the log never says it is', async () => {
    const result = await runReadme({}, { ...oidcEnv(e2e.emu), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-token' })
    expect(result.code).toBe(1)
    expect(e2e.emu.requestsFor('GetIdToken')).toHaveLength(1)
    expect(result.stdout).not.toContain('retrying')
    expect(errorLine(result)).toContain('HTTP 401')
  })

  it('a dropped publish: the failure, then what the lookup found, then the retry', async () => {
    e2e.emu.faults.add('PublishLayerVersion', { drop: true })
    const result = await runReadme({ 'max-attempts': '2' })
    expect(result.code).toBe(0)
    const lines = logLines(result).filter((l) => l.startsWith('PublishLayerVersion'))
    expect(lines).toEqual([
      expect.stringMatching(
        /^PublishLayerVersion attempt 1 failed \(Connection closed \(ECONNRESET\): socket hang up\); looking for a version/
      ),
      'PublishLayerVersion failed and no version with this content appeared since version 0; retrying'
    ])
  })
})

describe('what a failure is called', () => {
  it('a connection closed without an answer is not called a timeout, and names the call', async () => {
    e2e.emu.faults.add('PublishLayerVersion', { drop: true })
    const result = await runReadme({ 'max-attempts': '1' })
    expect(result.code).toBe(1)
    const line = errorLine(result)
    expect(line).toContain('eu-west-1: Connection closed (ECONNRESET): socket hang up (from PublishLayerVersion).')
    expect(line).toContain('The connection was closed before an answer came')
    expect(line).not.toMatch(/TimeoutError|in time|request-timeout-seconds/)
  })

  it('a refusal from AWS ending in a period gets no second one', async () => {
    e2e.emu.faults.add('AddLayerVersionPermission', {
      status: 400,
      errorName: 'InvalidParameterValueException',
      message: 'The principal is not valid.',
      times: 10
    })
    const result = await runReadme({ principals: '111122223333' })
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain(
      `Sharing ${ARN}:1 failed for 111122223333: InvalidParameterValueException: The principal is not valid. Version 1 was deleted`
    )
    expect(result.stdout + result.summary).not.toMatch(/\.\./)
  })

  it("an S3 answer cut short says so, without the SDK's hint to programmers", async () => {
    const workspace = await pythonWorkspace()
    // Above lib-storage's 5 MiB part size (and incompressible), so the upload is a multipart one.
    await writeFile(path.join(workspace, 'layer/python/mydeps/blob.bin'), randomBytes(6 * 1024 * 1024))
    e2e.emu.createBucket('eu-west-1', 'layer-artifacts')
    e2e.emu.faults.add('CompleteMultipartUpload', { truncate: 20, times: 10 })
    const result = await runReadme({ 's3-bucket': 'layer-artifacts' }, oidcEnv(e2e.emu), workspace)
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain('could not be read, cut short or malformed')
    expect(result.stdout + result.summary).not.toMatch(/Deserialization error|\$response/)
  })

  it('a role-to-assume of another account than the layer ARN is refused before any AWS call', async () => {
    const result = await runReadme({ 'layer-name': 'arn:aws:lambda:eu-west-1:444455556666:layer:my-deps' })
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain(
      "Input 'layer-name': the layer ARN is in account 444455556666, but role-to-assume is in account 123456789012"
    )
    expect(e2e.emu.requests).toEqual([])
  })

  it('ambient credentials of another account than the layer ARN are refused before any Lambda call', async () => {
    e2e.emu.sts.identities.AKIAENVIRONMENT00002 = { account: '123456789012', arn: 'arn:aws:iam::123456789012:user/ci' }
    const inputs = { 'layer-name': 'arn:aws:lambda:eu-west-1:444455556666:layer:my-deps', 'role-to-assume': '' }
    const result = await runReadme(inputs, { AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENT00002', AWS_SECRET_ACCESS_KEY: 'secret' })
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain(
      "Input 'layer-name': the layer ARN is in account 444455556666, but the identity the AWS calls run as (arn:aws:iam::123456789012:user/ci) is in account 123456789012"
    )
    expect(e2e.emu.requests.filter((r) => r.service === 'lambda')).toEqual([])
  })
})

describe('what the log and the summary say of a path and a grant', () => {
  it('a working-directory symlinked out of the workspace shows where it leads', async () => {
    const workspace = await tempDir('ws')
    const outside = await tempDir('outside')
    await mkdir(path.join(outside, 'python'))
    await symlink(outside, path.join(workspace, 'wdlink'))
    const result = await runReadme({ 'working-directory': 'wdlink' }, oidcEnv(e2e.emu), workspace)
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain(
      `Input 'working-directory': 'wdlink' resolves to ${outside} through a symlink, outside GITHUB_WORKSPACE`
    )
  })

  it('a grant whose answer was lost is not reported as one that was there already', async () => {
    e2e.emu.faults.add('AddLayerVersionPermission', { dropAfterApply: true })
    const result = await runReadme()
    expect(result.code).toBe(0)
    expect(result.summary).toContain('Shared with 111122223333 and organization o-a1b2c3d4e5.')
    expect(result.summary).not.toMatch(/already/i)
    // The log cannot tell this run's own grant from one there before: it says neither.
    const [shared] = groupLines(result, 'eu-west-1: share')
    expect(shared).toMatch(/\((in place)\).*\(added\)|\(added\).*\((in place)\)/)
    expect(shared).not.toContain('already there')
  })
})
