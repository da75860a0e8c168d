// The pure parts of code signing: the client request token, signing job ARNs and the CopyObject
// source of the signed zip.
import { describe, expect, it } from '@jest/globals'
import { parseCopySource } from '../emulator/s3-copy.js'
import { clientRequestToken, parseSigningJobArn, signedPrefix, signingJobArn, type TokenParts } from '../src/publish/sign.js'
import { copySource } from '../src/publish/signed-object.js'

const parts: TokenParts = {
  sha256: 'ugx2pcEvMi+vb3bWymX4GYrLJ9kYw7ldOpvFHONZncI=',
  profile: { name: 'LayerSigner', version: 'B1oks0DM6r' },
  bucket: 'layers-eu-west-1',
  key: 'publish-lambda-layer/my-deps/a176.zip',
  prefix: signedPrefix('my-deps'),
  run: '4242-1'
}

describe('clientRequestToken', () => {
  it('is UUID-shaped and the same for the same request in the same run attempt', () => {
    expect(clientRequestToken(parts)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(clientRequestToken({ ...parts, profile: { ...parts.profile } })).toBe(clientRequestToken(parts))
  })
  it.each<[string, Partial<TokenParts>]>([
    ['another run attempt', { run: '4242-2' }],
    ['another zip', { sha256: 'AAAApcEvMi+vb3bWymX4GYrLJ9kYw7ldOpvFHONZncI=' }],
    ['another profile version', { profile: { name: 'LayerSigner', version: 'NewVersion' } }],
    ['a profile of another account', { profile: { ...parts.profile, owner: '210987654321' } }],
    ['another bucket', { bucket: 'layers-us-east-1' }],
    ['another layer', { prefix: signedPrefix('other-deps') }]
  ])('changes with %s', (_name, change) => {
    expect(clientRequestToken({ ...parts, ...change })).not.toBe(clientRequestToken(parts))
  })
})

describe('signing job ARNs', () => {
  it('are built in the partition of the region and read back', () => {
    expect(signingJobArn('cn-north-1', '123456789012', 'abc')).toBe('arn:aws-cn:signer:cn-north-1:123456789012:/signing-jobs/abc')
    const arn = signingJobArn('eu-west-1', '123456789012', '5b5544c6-7d9c-4e25-b9a5-7a1e3d0c2f11')
    expect(parseSigningJobArn(arn)).toEqual({ region: 'eu-west-1', jobId: '5b5544c6-7d9c-4e25-b9a5-7a1e3d0c2f11' })
  })
  it('reads nothing from other ARNs', () => {
    expect(parseSigningJobArn('arn:aws:signer:eu-west-1:123456789012:/signing-profiles/P/v1')).toBeUndefined()
    expect(parseSigningJobArn('arn:aws:lambda:eu-west-1:123456789012:layer:x:1')).toBeUndefined()
  })
})

describe('copySource', () => {
  it.each([
    ['publish-lambda-layer/my-deps/signed/5b55', 'Wbl.C80eSYdd2PoW+oBCV7A'],
    ['a key/with spaces+plus&percent%/é', undefined]
  ])('names %j (version %j) so S3 reads the same bucket, key and version', (key, versionId) => {
    expect(parseCopySource(copySource({ bucket: 'layers-eu-west-1', key, versionId }))).toEqual({
      bucket: 'layers-eu-west-1',
      key,
      versionId
    })
  })
})
