// Issue 16, cancelled runs: dist/index.js cancelled as the runner does it (SIGINT, SIGTERM 7.5 s
// later, then a kill), at each point where something is half done. The run stops starting AWS
// calls, undoes what it must (its own not fully shared version, an open multipart upload, a
// partial zip), writes outputs and the job summary for what exists, and exits non-zero, before
// the runner's SIGTERM.
import { describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { tempDir } from '../helpers/layer-tree.js'
import { incompressibleWorkspace, oidcEnv, readmeInputs, run, start, until, useEmulator, type RunResult, errorLine } from './support.js'

const e2e = useEmulator()
const ARN = 'arn:aws:lambda:eu-west-1:123456789012:layer:my-deps'
const versions = () => e2e.emu.layerVersions('eu-west-1', 'my-deps').map((v: { Version: number }) => v.Version)
const startReadme = (extra: Record<string, string> = {}, workspace = e2e.workspace) =>
  start({ ...readmeInputs(e2e.emu), ...extra }, { workspace, env: oidcEnv(e2e.emu) })

/** What every cancelled run must show: stopped at the SIGINT, failed, and said so in the summary. */
function expectCancelled(result: RunResult): void {
  expect(result.signalsSent).toEqual(['SIGINT'])
  expect(result.code).toBe(1)
  expect(result.stdout).toContain('::warning::SIGINT: the run was cancelled')
  expect(result.summary).toContain('**The run was cancelled (SIGINT).**')
  expect(errorLine(result.stdout)).toMatch(/the run was cancelled/i)
}

/** A cancelled run that found the version its cut-off publish made, and deleted it unshared. */
function expectFoundAndDeleted(result: RunResult): void {
  expectCancelled(result)
  expect(versions()).toEqual([])
  expect(e2e.emu.requestsFor('AddLayerVersionPermission')).toHaveLength(0)
  expect(result.summary).toContain(`Undone: deleted ${ARN}:1, published as the run was cancelled and not shared.`)
  expect(errorLine(result.stdout)).toContain(`Publishing stopped: the run was cancelled after ${ARN}:1 was created.`)
}

describe('cancelled while publishing', () => {
  it('mid-share: deletes its own half-shared version, reports it, exits non-zero', async () => {
    e2e.emu.faults.add('AddLayerVersionPermission', { hold: 'shares', times: 2 })
    const running = await startReadme()
    await e2e.emu.waitForRequest('AddLayerVersionPermission')
    const result = await running.cancel()
    expectCancelled(result)
    expect(versions()).toEqual([])
    expect(result.summary).toContain(`Undone: deleted ${ARN}:1, which was not fully shared.`)
    expect(errorLine(result.stdout)).toContain(`Sharing ${ARN}:1 stopped: the run was cancelled. Version 1 was deleted`)
    expect(result.outputs).toMatchObject({ 'layer-version-arns': '{}', published: 'false' })
  })

  it('right after the publish was applied, its answer still on the way: finds the version and deletes it', async () => {
    e2e.emu.faults.add('PublishLayerVersion', { hold: 'after-publish', afterApply: true })
    const running = await startReadme()
    await until(() => versions().length === 1 && e2e.emu.holds.waiting().includes('after-publish'))
    expectFoundAndDeleted(await running.cancel())
  })

  it('while the publish is in flight, not yet applied: waits for it to land late and deletes it', async () => {
    e2e.emu.faults.add('PublishLayerVersion', { hold: 'publish' })
    const running = await startReadme()
    await until(() => e2e.emu.holds.waiting().includes('publish'))
    const lists = e2e.emu.requestsFor('ListLayerVersions').length
    const cancelled = running.cancel()
    // The first lookup after the cancel finds nothing; then Lambda applies the request it had.
    await e2e.emu.waitForRequest((r) => r.operation === 'ListLayerVersions' && e2e.emu.requestsFor('ListLayerVersions').length > lists)
    e2e.emu.release('publish')
    expectFoundAndDeleted(await cancelled)
  })

  it('while the publish is in flight and it never lands in time: names what may still appear', async () => {
    e2e.emu.faults.add('PublishLayerVersion', { hold: 'publish' })
    const running = await startReadme()
    await until(() => e2e.emu.holds.waiting().includes('publish'))
    const result = await running.cancel()
    expectCancelled(result)
    const sha = String(result.outputs['code-sha256'])
    const what = `a version newer than 0 with CodeSha256 ${sha}, if one appears`
    expect(result.summary).toContain(`Left in AWS, not settled by this run: ${what}.`)
    expect(result.summary).not.toContain('Nothing needed undoing. The clean-up did not finish')
    expect(result.stdout).toContain(`::warning::eu-west-1: left live, not settled by this run: ${what}`)
    expect(errorLine(result.stdout)).toContain(
      'the run was cancelled while PublishLayerVersion was in flight, and no version with this content appeared'
    )
    // Lambda applies it after the run ended: exactly what the run named.
    e2e.emu.release('publish')
    await until(() => versions().length === 1)
    expect(e2e.emu.layerVersions('eu-west-1', 'my-deps')[0]).toMatchObject({ CodeSha256: sha })
  })

  it('mid-share of a version it reused: keeps it, since this run did not create it', async () => {
    await startReadme().then((r) => r.result)
    e2e.emu.faults.add('AddLayerVersionPermission', { hold: 'shares' })
    const running = await startReadme({ 'skip-unchanged': 'true', principals: '444455556666', 'role-session-name': 'run-2' })
    await e2e.emu.waitForRequest((r) => r.operation === 'AddLayerVersionPermission' && r.roleSessionName === 'run-2')
    const result = await running.cancel()
    expectCancelled(result)
    expect(versions()).toEqual([1])
    expect(errorLine(result.stdout)).toContain('Version 1 was kept: this run did not create it')
    expect(result.summary).toContain('Nothing needed undoing.')
  })

  it("names what it could not undo when the clean-up outlasts the runner's patience", async () => {
    e2e.emu.faults.add('AddLayerVersionPermission', { hold: 'shares', times: 2 })
    e2e.emu.faults.add('DeleteLayerVersion', { hang: true })
    const running = await startReadme()
    await e2e.emu.waitForRequest('AddLayerVersionPermission')
    const result = await running.cancel()
    expectCancelled(result)
    expect(result.summary).toContain("The clean-up did not finish before the runner's deadline")
    expect(result.summary).toContain(`Left in AWS, not settled by this run: ${ARN}:1.`)
    expect(result.stdout).toContain(`::warning::eu-west-1: left live, not settled by this run: ${ARN}:1`)
    expect(errorLine(result.stdout)).toContain(
      `${ARN}:1 is not fully shared and was not deleted in time; delete it by hand. Left behind: ${ARN}:1`
    )
  })
})

describe('cancelled before anything was published', () => {
  it('during the zip build: stops the workers, removes the partial zip, calls no AWS API', async () => {
    const workspace = await tempDir('big')
    const folder = path.join(workspace, 'layer/python/blobs')
    await mkdir(folder, { recursive: true })
    // Random text: slow enough to deflate that the cancel lands mid-build.
    for (let i = 0; i < 40; i++) await writeFile(path.join(folder, `b${i}.txt`), randomBytes(1536 * 1024).toString('base64'))
    const running = await startReadme({}, workspace)
    await running.waitForOutput('Building the layer zip')
    const result = await running.cancel()
    expectCancelled(result)
    expect(result.summary).toMatch(/Undone: removed the partial zip .*my-deps\.zip\./)
    expect(await readdir(path.join(result.runnerTemp, 'publish-lambda-layer'))).toEqual([])
    expect(e2e.emu.requests).toEqual([])
    expect(result.stderr).not.toMatch(/Assertion|core dumped|FATAL/)
  })

  it('during an S3 multipart upload: aborts it itself, so no upload stays open', async () => {
    const workspace = await incompressibleWorkspace(12)
    e2e.emu.createBucket('eu-west-1', 'layer-artifacts')
    e2e.emu.faults.add('UploadPart', { hold: 'parts', times: 3 })
    const running = await startReadme({ 's3-bucket': 'layer-artifacts' }, workspace)
    await e2e.emu.waitForRequest('UploadPart')
    const result = await running.cancel()
    expectCancelled(result)
    expect(e2e.emu.requestsFor('AbortMultipartUpload')).toHaveLength(1)
    expect(e2e.emu.state.buckets.get('layer-artifacts')?.uploads.size).toBe(0)
    expect(result.summary).toMatch(/Undone: aborted the multipart upload \S+ to s3:\/\/layer-artifacts\//)
    expect(e2e.emu.requestsFor('PublishLayerVersion')).toHaveLength(0)
    expect(existsSync(result.outputs['archive-path'])).toBe(true)
  })

  it('during an S3 multipart upload it cannot abort (no s3:AbortMultipartUpload): names the open upload as left behind', async () => {
    const workspace = await incompressibleWorkspace(12)
    e2e.emu.createBucket('eu-west-1', 'layer-artifacts')
    e2e.emu.faults.add('UploadPart', { hold: 'parts', times: 3 })
    e2e.emu.faults.add('AbortMultipartUpload', { status: 403, errorName: 'AccessDenied', message: 'Access Denied', times: 5 })
    const running = await startReadme({ 's3-bucket': 'layer-artifacts' }, workspace)
    await e2e.emu.waitForRequest('UploadPart')
    const result = await running.cancel()
    expectCancelled(result)
    const [uploadId] = [...(e2e.emu.state.buckets.get('layer-artifacts')?.uploads.keys() ?? [])]
    expect(uploadId).toBeDefined()
    const open = `the open S3 multipart upload ${uploadId} to s3://layer-artifacts/`
    // The summary escapes Markdown (an upload id may hold a '_'): read it as text.
    expect(result.summary.replace(/\\(.)/g, '$1')).toContain(`Left in AWS, not settled by this run: ${open}`)
    expect(result.stdout).toContain(`::warning::eu-west-1: left live, not settled by this run: ${open}`)
    expect(errorLine(result.stdout)).toContain(`aborting its multipart upload ${uploadId} failed too (AccessDenied: Access Denied)`)
    expect(errorLine(result.stdout)).toContain('give the role s3:AbortMultipartUpload')
  })
})

describe('cancelled while getting credentials', () => {
  it.each([
    ['GetIdToken', 'Getting a GitHub OIDC token: the run was cancelled'],
    ['AssumeRoleWithWebIdentity', 'Assuming arn:aws:iam::123456789012:role/layer-publisher: the run was cancelled']
  ])('a silent %s is cut off at once, and the summary says nothing was published', async (operation, error) => {
    e2e.emu.faults.add(operation, { hang: true, times: 5 })
    const running = await startReadme()
    await e2e.emu.waitForRequest(operation)
    const result = await running.cancel()
    expectCancelled(result)
    expect(errorLine(result.stdout)).toContain(error)
    expect(result.summary).toContain('**The run was cancelled (SIGINT).** Nothing needed undoing.')
    expect(result.summary).not.toContain('did not finish')
    expect(result.summary).not.toContain('below')
    expect(e2e.emu.requestsFor(operation)).toHaveLength(1)
    expect(e2e.emu.requestsFor('ListLayerVersions')).toHaveLength(0)
  })
})

describe('a run that is not cancelled', () => {
  it('is not slowed or changed by the cancel handling', async () => {
    const result = await run(readmeInputs(e2e.emu), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(0)
    expect(result.summary).not.toContain('cancelled')
  })
})
