// The emulator's Lambda layer API across regions, its Content.Location downloads and its raw
// wire format, through the real @aws-sdk/client-lambda.
import { describe, expect, it } from '@jest/globals'
import { GetLayerVersionCommand, LambdaClient, ListLayerVersionsCommand, PublishLayerVersionCommand } from '@aws-sdk/client-lambda'
import { startEmulator } from '../emulator/server.js'
import { credentials, useLambdaEmulator, zip } from './helpers/emulator-lambda.js'

const t = useLambdaEmulator()

describe('regions', () => {
  it('keeps layers per signed region and resolves a layer ARN to its own region', async () => {
    const us = t.client('us-east-1')
    try {
      expect((await t.publish()).Version).toBe(1)
      expect((await t.publish()).Version).toBe(2)
      const usOut = await t.publish({}, us)
      expect(usOut.Version).toBe(1)
      expect(usOut.LayerVersionArn).toBe('arn:aws:lambda:us-east-1:123456789012:layer:my-layer:1')
      const usList = await us.send(new ListLayerVersionsCommand({ LayerName: 'my-layer' }))
      expect(usList.LayerVersions?.map((v) => v.Version)).toEqual([1])
      const viaArn = await us.send(
        new GetLayerVersionCommand({ LayerName: 'arn:aws:lambda:eu-west-1:123456789012:layer:my-layer', VersionNumber: 2 })
      )
      expect(viaArn.LayerVersionArn).toBe('arn:aws:lambda:eu-west-1:123456789012:layer:my-layer:2')
    } finally {
      us.destroy()
    }
  })

  it('uses the configured account id and partition in ARNs', async () => {
    const cn = await startEmulator({ accountId: '210987654321', partition: 'aws-cn' })
    const c = new LambdaClient({ endpoint: cn.url, region: 'cn-north-1', credentials })
    try {
      const out = await c.send(new PublishLayerVersionCommand({ LayerName: 'l', Content: { ZipFile: zip } }))
      expect(out.LayerVersionArn).toBe('arn:aws-cn:lambda:cn-north-1:210987654321:layer:l:1')
    } finally {
      c.destroy()
      await cn.close()
    }
  })
})

describe('Content.Location', () => {
  it('serves the zip bytes and honours Range requests', async () => {
    const out = await t.publish()
    const location = out.Content?.Location ?? ''
    expect(location.startsWith(t.emu.url)).toBe(true)
    const full = await fetch(location)
    expect(full.status).toBe(200)
    expect(Buffer.from(await full.arrayBuffer()).equals(zip)).toBe(true)
    const head = await fetch(location, { headers: { range: 'bytes=0-3' } })
    expect(head.status).toBe(206)
    expect(head.headers.get('content-range')).toBe(`bytes 0-3/${zip.length}`)
    expect(Buffer.from(await head.arrayBuffer())).toEqual(zip.subarray(0, 4))
    const tail = await fetch(location, { headers: { range: 'bytes=-22' } })
    expect(tail.status).toBe(206)
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(zip.subarray(zip.length - 22))
    const beyond = await fetch(location, { headers: { range: `bytes=${zip.length}-` } })
    expect(beyond.status).toBe(416)
    expect(beyond.headers.get('content-range')).toBe(`bytes */${zip.length}`)
  })

  it('refuses a URL with a wrong signature', async () => {
    const out = await t.publish()
    const forged = (out.Content?.Location ?? '').replace(/X-Amz-Signature=[^&]+/, 'X-Amz-Signature=forged')
    expect((await fetch(forged)).status).toBe(403)
  })
})

describe('wire format', () => {
  it('sends Lambda errors as {Type, message|Message} with x-amzn-errortype, like the recordings', async () => {
    const notFound = await fetch(`${t.emu.url}/2018-10-31/layers/nope/versions/1`)
    expect(notFound.status).toBe(404)
    expect(notFound.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException')
    expect(await notFound.json()).toEqual({ Type: 'User', Message: 'The resource you requested does not exist.' })
    const invalid = await fetch(`${t.emu.url}/2018-10-31/layers/nope/versions/0`)
    expect(await invalid.json()).toEqual({ Type: 'User', message: 'Layer Version Cannot be less than 1' })
    const validation = await fetch(`${t.emu.url}/2018-10-31/layers/nope/versions?MaxItems=0`)
    expect(validation.headers.get('x-amzn-errortype')).toBe('ValidationException')
    expect(Object.keys(await validation.json())).toEqual(['message'])
    t.emu.faults.add('ListLayers', { status: 429, retryAfter: 2 })
    const throttled = await fetch(`${t.emu.url}/2018-10-31/layers`)
    expect(throttled.status).toBe(429)
    expect(throttled.headers.get('retry-after')).toBe('2')
    expect(await throttled.json()).toEqual({ Type: 'User', message: 'Rate exceeded', Reason: 'CallerRateLimitExceeded' })
    expect(t.emu.requests.map((r) => r.region)).toEqual([undefined, undefined, undefined, undefined])
  })

  it('sends STS errors as an ErrorResponse document', async () => {
    const res = await fetch(t.emu.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s1&WebIdentityToken=abcd'
    })
    expect(res.status).toBe(400)
    const xml = await res.text()
    expect(xml).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<Error>\s*<Type>Sender<\/Type>\s*<Code>InvalidIdentityToken<\/Code>\s*<Message>[^<]+<\/Message>\s*<\/Error>\s*<RequestId>[0-9a-f-]{36}<\/RequestId>\s*<\/ErrorResponse>\s*$/
    )
    expect(t.emu.requests.at(-1)).toMatchObject({ service: 'sts', operation: 'AssumeRoleWithWebIdentity', status: 400 })
  })
})
