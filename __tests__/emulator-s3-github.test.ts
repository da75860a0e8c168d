// The emulator's minimal S3 (real @aws-sdk/client-s3 and @aws-sdk/lib-storage) and GitHub
// issue comments (octokit from @actions/github).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { Readable } from 'node:stream'
import { createHash } from 'node:crypto'
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { getOctokit } from '@actions/github'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { failure } from './helpers/sdk.js'

let emu: Emulator
let s3: S3Client

beforeAll(async () => {
  emu = await startEmulator()
  s3 = new S3Client({
    endpoint: emu.url,
    region: 'eu-west-1',
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'x' }
  })
})
afterAll(async () => {
  s3.destroy()
  await emu.close()
})
beforeEach(() => {
  emu.reset()
  emu.createBucket('eu-west-1', 'artifacts')
})

describe('S3 objects', () => {
  it('puts, heads, gets (with Range) and deletes an object', async () => {
    const body = Buffer.from('0123456789abcdef')
    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'artifacts', Key: 'dir/layer.zip', Body: body, ContentType: 'application/zip' })
    )
    expect(put.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`)
    expect(emu.state.buckets.get('artifacts')?.objects.get('dir/layer.zip')?.body.equals(body)).toBe(true)
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'artifacts', Key: 'dir/layer.zip' }))
    expect(head.ContentLength).toBe(16)
    expect(head.ContentType).toBe('application/zip')
    const got = await s3.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'dir/layer.zip' }))
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(body)
    const part = await s3.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'dir/layer.zip', Range: 'bytes=2-5' }))
    expect(part.$metadata.httpStatusCode).toBe(206)
    expect(part.ContentRange).toBe('bytes 2-5/16')
    expect(await part.Body!.transformToString()).toBe('2345')
    await s3.send(new DeleteObjectCommand({ Bucket: 'artifacts', Key: 'dir/layer.zip' }))
    const gone = await failure(s3.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'dir/layer.zip' })))
    expect(gone.name).toBe('NoSuchKey')
    expect(gone.$metadata.httpStatusCode).toBe(404)
    const headGone = await failure(s3.send(new HeadObjectCommand({ Bucket: 'artifacts', Key: 'dir/layer.zip' })))
    expect(headGone.name).toBe('NotFound')
    expect(emu.requests.map((r) => r.operation)).toEqual([
      'PutObject',
      'HeadObject',
      'GetObject',
      'GetObject',
      'DeleteObject',
      'GetObject',
      'HeadObject'
    ])
  })

  it('decodes streamed (aws-chunked) uploads', async () => {
    const data = Buffer.alloc(100_000, 7)
    await s3.send(
      new PutObjectCommand({
        Bucket: 'artifacts',
        Key: 'streamed',
        Body: Readable.from([data.subarray(0, 60_000), data.subarray(60_000)]),
        ContentLength: data.length
      })
    )
    expect(emu.state.buckets.get('artifacts')?.objects.get('streamed')?.body.equals(data)).toBe(true)
  })

  it('answers NoSuchBucket for unknown buckets and PermanentRedirect for another region', async () => {
    const missing = await failure(s3.send(new PutObjectCommand({ Bucket: 'nobucket', Key: 'k', Body: 'x' })))
    expect(missing.name).toBe('NoSuchBucket')
    expect(missing.$metadata.httpStatusCode).toBe(404)
    emu.createBucket('us-east-1', 'elsewhere')
    const moved = await failure(s3.send(new PutObjectCommand({ Bucket: 'elsewhere', Key: 'k', Body: 'x' })))
    expect(moved.name).toBe('PermanentRedirect')
    expect(moved.$metadata.httpStatusCode).toBe(301)
  })

  it('reserves bucket names that collide with emulator routes', () => {
    expect(() => emu.createBucket('github')).toThrow(/reserved/)
    expect(() => emu.createBucket('2018-10-31')).toThrow(/reserved/)
  })
})

describe('S3 multipart uploads (lib-storage)', () => {
  it('uploads parts and completes them into one object', async () => {
    const data = Buffer.alloc(11 * 1024 * 1024)
    for (let i = 0; i < data.length; i += 4096) data[i] = i % 251
    const upload = new Upload({ client: s3, params: { Bucket: 'artifacts', Key: 'big.zip', Body: data }, partSize: 5 * 1024 * 1024 })
    const out = await upload.done()
    expect(out.ETag).toMatch(/^"[0-9a-f]{32}-3"$/)
    expect(emu.state.buckets.get('artifacts')?.objects.get('big.zip')?.body.equals(data)).toBe(true)
    const ops = emu.requests.map((r) => r.operation)
    expect(ops.filter((o) => o === 'UploadPart')).toHaveLength(3)
    expect(ops[0]).toBe('CreateMultipartUpload')
    expect(ops.at(-1)).toBe('CompleteMultipartUpload')
    expect(emu.state.buckets.get('artifacts')?.uploads.size).toBe(0)
  })

  it('aborts the upload when parts keep failing', async () => {
    emu.faults.add('UploadPart', { status: 500, times: 50 })
    const data = Buffer.alloc(11 * 1024 * 1024, 1)
    const upload = new Upload({ client: s3, params: { Bucket: 'artifacts', Key: 'big.zip', Body: data }, partSize: 5 * 1024 * 1024 })
    const err = await failure(upload.done())
    expect(err.name).toBe('InternalError')
    expect(emu.requestsFor('AbortMultipartUpload')).toHaveLength(1)
    expect(emu.state.buckets.get('artifacts')?.uploads.size).toBe(0)
    expect(emu.state.buckets.get('artifacts')?.objects.has('big.zip')).toBe(false)
  })
})

describe('GitHub issue comments', () => {
  const repo = { owner: 'octo-org', repo: 'octo-repo' }

  it('creates, lists (paginated with Link headers) and updates comments', async () => {
    const octokit = getOctokit('ghs_testtoken', { baseUrl: `${emu.url}/github` })
    const created = await octokit.rest.issues.createComment({ ...repo, issue_number: 7, body: 'first' })
    expect(created.status).toBe(201)
    expect(created.data).toMatchObject({ body: 'first', user: { login: 'github-actions[bot]' } })
    for (let i = 2; i <= 5; i++) await octokit.rest.issues.createComment({ ...repo, issue_number: 7, body: `comment ${i}` })
    await octokit.rest.issues.createComment({ ...repo, issue_number: 8, body: 'other issue' })
    const page = await octokit.rest.issues.listComments({ ...repo, issue_number: 7, per_page: 2 })
    expect(page.data.map((c) => c.body)).toEqual(['first', 'comment 2'])
    expect(page.headers.link).toContain('rel="next"')
    const all = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: 7, per_page: 2 })
    expect(all.map((c) => c.body)).toEqual(['first', 'comment 2', 'comment 3', 'comment 4', 'comment 5'])
    const updated = await octokit.rest.issues.updateComment({ ...repo, comment_id: created.data.id, body: 'edited' })
    expect(updated.data.body).toBe('edited')
    expect(emu.state.comments.find((c) => c.id === created.data.id)?.body).toBe('edited')
    const missing = await failure(octokit.rest.issues.updateComment({ ...repo, comment_id: 1, body: 'x' }))
    expect(missing.status).toBe(404)
    expect(emu.requests.filter((r) => r.service === 'github').map((r) => r.operation)).toEqual(
      expect.arrayContaining(['CreateComment', 'ListComments', 'UpdateComment'])
    )
    expect(emu.requestsFor('CreateComment')[0].body).toEqual({ body: 'first' })
  })

  it('requires a token (and the configured one when set)', async () => {
    const anonymous = await fetch(`${emu.url}/github/repos/octo-org/octo-repo/issues/1/comments`)
    expect(anonymous.status).toBe(401)
    emu.github.token = 'right'
    const wrong = await failure(
      getOctokit('wrong', { baseUrl: `${emu.url}/github` }).rest.issues.listComments({ ...repo, issue_number: 1 })
    )
    expect(wrong.status).toBe(401)
    const right = await getOctokit('right', { baseUrl: `${emu.url}/github` }).rest.issues.listComments({ ...repo, issue_number: 1 })
    expect(right.data).toEqual([])
  })
})
