// The stages with the real SDK clients over HTTP against the emulator (no stubs).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { AddLayerVersionPermissionCommand, GetLayerVersionPolicyCommand } from '@aws-sdk/client-lambda'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { writeArchive, type BuiltArchive } from '../../src/archive/write.js'
import { createLambdaClient, createS3Client, createStsClient } from '../../src/aws/clients.js'
import { resolveCredentials, type AwsCredentials, type CredentialProvider } from '../../src/aws/credentials.js'
import { fetchIdToken } from '../../src/aws/oidc.js'
import { planArchive } from '../../src/plan/plan.js'
import { publishVersion } from '../../src/publish/publish.js'
import { shareVersion } from '../../src/share/share.js'
import { removeTempDirs, tempDir } from '../helpers/layer-tree.js'

let emu: Emulator
let archive: BuiltArchive
const region = 'eu-west-1'
const role = 'arn:aws:iam::123456789012:role/layer-publisher'
const staticCreds: AwsCredentials = { accessKeyId: 'AKIAINTEGRATION0001', secretAccessKey: 's', sessionToken: 't' }

beforeAll(async () => {
  emu = await startEmulator()
  const dir = await tempDir('int')
  const layer = path.join(dir, 'layer')
  await mkdir(layer)
  await writeFile(path.join(layer, 'index.js'), 'module.exports = 1\n')
  const plan = await planArchive({
    workingDirectory: layer,
    paths: ['.'],
    prefix: 'nodejs/node_modules/x',
    exclude: [],
    compatibleRuntimes: []
  })
  archive = await writeArchive(plan, path.join(dir, 'layer.zip'))
})
afterAll(async () => {
  await emu.close()
  await removeTempDirs()
})
beforeEach(() => emu.reset())

const clientSettings = () => ({ region, endpointUrl: emu.url, maxAttempts: 2 })
const publishSettings = { layerName: 'int-layer', compatibleRuntimes: ['nodejs22.x'], compatibleArchitectures: ['arm64'] }

describe('credentials through OIDC and STS', () => {
  it('gets a token from the OIDC endpoint and credentials from STS', async () => {
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${emu.url}/oidc/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: emu.oidc.requestToken
    }
    const masked: string[] = []
    const { credentials, runsAs } = await resolveCredentials(
      { roleToAssume: role, roleSessionName: 'it-session', roleDurationSeconds: 900, audience: 'sts.amazonaws.com' },
      {
        sts: createStsClient(clientSettings()),
        getIDToken: (audience) => fetchIdToken({ audience, env, timeoutSeconds: 5, maxAttempts: 2, mask: (t) => masked.push(t) }),
        setSecret: (v) => masked.push(v),
        env,
        callerArn: () => Promise.reject(new Error('not called with a role')),
        warn: () => undefined
      }
    )
    const creds = await (credentials as CredentialProvider)()
    const issued = emu.sts.issued[0]
    expect(creds).toMatchObject({ accessKeyId: issued.accessKeyId, sessionToken: issued.sessionToken })
    expect(issued).toMatchObject({ roleArn: role, roleSessionName: 'it-session' })
    expect(runsAs).toBe(issued.assumedRoleArn)
    expect(masked).toEqual([emu.oidc.issued[0].token, issued.accessKeyId, issued.secretAccessKey, issued.sessionToken])
    expect(emu.oidc.issued[0].claims.aud).toBe('sts.amazonaws.com')
  })
})

describe('publish and share', () => {
  it('publishes inline and shares, recorded as the service received it', async () => {
    const lambda = createLambdaClient(clientSettings(), staticCreds)
    const version = await publishVersion(publishSettings, archive, { lambda })
    expect(version).toMatchObject({ version: 1, codeSha256: archive.sha256, codeSize: archive.size })
    const shares = await shareVersion(lambda, version, [{ kind: 'everyone', value: '*' }])
    expect(shares).toEqual([expect.objectContaining({ added: true, statementId: 'publish-lambda-layer-everyone' })])
    const policy = await lambda.send(new GetLayerVersionPolicyCommand({ LayerName: 'int-layer', VersionNumber: 1 }))
    expect(JSON.parse(policy.Policy ?? '{}').Statement).toEqual([
      expect.objectContaining({ Sid: 'publish-lambda-layer-everyone', Principal: '*', Action: 'lambda:GetLayerVersion' })
    ])
  })

  it('accepts statements already on the version and refuses one with another principal', async () => {
    const lambda = createLambdaClient(clientSettings(), staticCreds)
    const version = await publishVersion(publishSettings, archive, { lambda })
    await shareVersion(lambda, version, [{ kind: 'account', value: '111122223333' }])
    const again = await shareVersion(lambda, version, [{ kind: 'account', value: '111122223333' }])
    expect(again[0].added).toBe(false)

    const v2 = await publishVersion(publishSettings, archive, { lambda })
    await lambda.send(
      new AddLayerVersionPermissionCommand({
        LayerName: 'int-layer',
        VersionNumber: v2.version,
        StatementId: 'publish-lambda-layer-account-111122223333',
        Action: 'lambda:GetLayerVersion',
        Principal: '999988887777'
      })
    )
    await expect(shareVersion(lambda, v2, [{ kind: 'account', value: '111122223333' }])).rejects.toThrow(
      /already exists on the version with a different principal.*Version 2 was deleted/
    )
    expect(emu.layerVersions(region, 'int-layer').map((v: { Version: number }) => v.Version)).toEqual([1])
  })

  it('uploads through S3 when s3-bucket is set and publishes from the object', async () => {
    emu.createBucket(region, 'int-bucket')
    const creds = staticCreds
    const lambda = createLambdaClient(clientSettings(), creds)
    const version = await publishVersion({ ...publishSettings, s3Bucket: 'int-bucket', s3Key: 'layers/int.zip' }, archive, {
      lambda,
      s3: () => createS3Client(clientSettings(), creds)
    })
    expect(version.codeSha256).toBe(archive.sha256)
    expect(emu.requestsFor('PutObject')[0]).toMatchObject({ path: '/int-bucket/layers/int.zip', accessKeyId: creds.accessKeyId })
    expect(emu.requestsFor('PublishLayerVersion')[0].body).toMatchObject({ Content: { S3Bucket: 'int-bucket', S3Key: 'layers/int.zip' } })
  })
})
