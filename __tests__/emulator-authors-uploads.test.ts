// GitHub as a token's identity sees it (comment authors, GET /user, the GraphQL viewer) through
// octokit, and S3 uploads left open or refused for the wrong region, through @aws-sdk/client-s3.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadBucketCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { failure } from './helpers/sdk.js'

let emu: Emulator
const repo = { owner: 'octo-org', repo: 'octo-repo' }
const octokit = (token: string) => getOctokit(token, { baseUrl: `${emu.url}/github` })
const s3For = (region: string, extra: object = {}) =>
  new S3Client({
    endpoint: emu.url,
    region,
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'x' },
    ...extra
  })

beforeAll(async () => {
  emu = await startEmulator()
})
afterAll(async () => emu.close())
beforeEach(() => emu.reset())

describe('GitHub identities', () => {
  it('comments carry their author: github-actions[bot] (type Bot) for GITHUB_TOKEN, seeded people as type User', async () => {
    emu.addComment({ ...repo, issue_number: 3, body: '<!-- pasted marker -->', user: { login: 'mallory', type: 'User' } })
    await octokit('ghs_runnertoken').rest.issues.createComment({ ...repo, issue_number: 3, body: 'from the workflow' })
    const { data } = await octokit('ghs_runnertoken').rest.issues.listComments({ ...repo, issue_number: 3 })
    expect(data.map((c) => [c.body, c.user?.login, c.user?.type])).toEqual([
      ['<!-- pasted marker -->', 'mallory', 'User'],
      ['from the workflow', 'github-actions[bot]', 'Bot']
    ])
    expect(data[1].user?.id).toBe(41898282)
  })

  it('GET /user answers 403 "Resource not accessible by integration" for GITHUB_TOKEN, and the user for a PAT', async () => {
    const bot = await failure(octokit('ghs_runnertoken').rest.users.getAuthenticated())
    expect(bot.status).toBe(403)
    expect(bot.message).toContain('Resource not accessible by integration')
    emu.github.tokens.ghp_personal = { login: 'octocat', id: 583231, type: 'User', installation: false }
    const me = await octokit('ghp_personal').rest.users.getAuthenticated()
    expect(me.data).toMatchObject({ login: 'octocat', id: 583231, type: 'User' })
    const created = await octokit('ghp_personal').rest.issues.createComment({ ...repo, issue_number: 4, body: 'by a person' })
    expect(created.data.user).toMatchObject({ login: 'octocat', type: 'User' })
  })

  it('the GraphQL viewer query names the identity for every kind of token', async () => {
    const bot = await octokit('ghs_runnertoken').graphql<{ viewer: { login: string; databaseId: number } }>(
      'query { viewer { login databaseId } }'
    )
    expect(bot.viewer).toEqual({ login: 'github-actions[bot]', databaseId: 41898282 })
    emu.github.identity = { login: 'my-app[bot]', id: 777, type: 'Bot', installation: true }
    const app = await octokit('ghs_apptoken').graphql<{ viewer: { login: string } }>('{ viewer { login } }')
    expect(app.viewer.login).toBe('my-app[bot]')
    expect(emu.requestsFor('GraphQL')).toHaveLength(2)
  })
})

describe('S3 multipart uploads left open', () => {
  it('ListMultipartUploads shows uploads neither completed nor aborted; AbortMultipartUpload removes them', async () => {
    emu.createBucket('eu-west-1', 'artifacts')
    const s3 = s3For('eu-west-1')
    try {
      const started = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'artifacts', Key: 'layers/a.zip' }))
      await s3.send(new CreateMultipartUploadCommand({ Bucket: 'artifacts', Key: 'other/b.zip' }))
      const open = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'artifacts' }))
      expect(open.Uploads?.map((u) => u.Key)).toEqual(['layers/a.zip', 'other/b.zip'])
      expect(open.Uploads?.[0].UploadId).toBe(started.UploadId)
      expect(open.Uploads?.[0].Initiated).toBeInstanceOf(Date)
      const layers = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'artifacts', Prefix: 'layers/' }))
      expect(layers.Uploads?.map((u) => u.Key)).toEqual(['layers/a.zip'])
      const page = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'artifacts', MaxUploads: 1 }))
      expect([page.IsTruncated, page.NextKeyMarker]).toEqual([true, 'layers/a.zip'])
      await s3.send(new AbortMultipartUploadCommand({ Bucket: 'artifacts', Key: 'layers/a.zip', UploadId: started.UploadId }))
      const gone = await failure(
        s3.send(new AbortMultipartUploadCommand({ Bucket: 'artifacts', Key: 'layers/a.zip', UploadId: started.UploadId }))
      )
      expect(gone.name).toBe('NoSuchUpload')
      expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: 'artifacts' }))).Uploads?.map((u) => u.Key)).toEqual(['other/b.zip'])
      const state = (await (await fetch(`${emu.url}/_emulator/state`)).json()) as {
        buckets: Record<string, { uploads: Array<{ key: string }> }>
      }
      expect(state.buckets.artifacts.uploads.map((u) => u.key)).toEqual(['other/b.zip'])
    } finally {
      s3.destroy()
    }
  })

  it('an upload whose parts are held stays listed until lib-storage aborts it', async () => {
    emu.createBucket('eu-west-1', 'artifacts')
    emu.faults.add('UploadPart', { hold: 'parts', times: 3 })
    const s3 = s3For('eu-west-1')
    try {
      const upload = new Upload({ client: s3, params: { Bucket: 'artifacts', Key: 'big.zip', Body: Buffer.alloc(11 * 1024 * 1024, 1) } })
      const done = upload.done().then(
        () => 'done',
        (err: Error) => err.name
      )
      await emu.waitForRequest('UploadPart')
      expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: 'artifacts' }))).Uploads).toHaveLength(1)
      emu.faults.add('CompleteMultipartUpload', { status: 500 })
      emu.release('parts')
      expect(await done).toBe('InternalError')
      expect(emu.requestsFor('AbortMultipartUpload')).toHaveLength(1)
      expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: 'artifacts' }))).Uploads ?? []).toEqual([])
    } finally {
      s3.destroy()
    }
  })
})

describe('S3 buckets are regional', () => {
  it('a request signed for another region gets 301 PermanentRedirect naming the region; followRegionRedirects follows it', async () => {
    emu.createBucket('us-east-1', 'layers-us-east-1')
    const eu = s3For('eu-west-1')
    const following = s3For('eu-west-1', { followRegionRedirects: true })
    try {
      const moved = await failure(eu.send(new PutObjectCommand({ Bucket: 'layers-us-east-1', Key: 'k', Body: 'x' })))
      expect([moved.name, moved.$metadata.httpStatusCode]).toEqual(['PermanentRedirect', 301])
      const head = await failure(eu.send(new HeadBucketCommand({ Bucket: 'layers-us-east-1' })))
      expect(head.$metadata.httpStatusCode).toBe(301)
      await following.send(new PutObjectCommand({ Bucket: 'layers-us-east-1', Key: 'k', Body: 'x' }))
      expect(emu.requestsFor('PutObject').map((r) => [r.region, r.status])).toEqual([
        ['eu-west-1', 301],
        ['eu-west-1', 301],
        ['us-east-1', 200]
      ])
    } finally {
      eu.destroy()
      following.destroy()
    }
  })
})
