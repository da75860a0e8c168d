import { describe, expect, it } from '@jest/globals'
import { backoffMs, classifyFailure, publishWithRetry, type PublishRetry } from '../src/publish/retry.js'
import type { LayerVersion } from '../src/aws/layer-version.js'
import type { LambdaClient } from '@aws-sdk/client-lambda'

function awsError(name: string, status?: number, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, ...extra })
}

describe('classifyFailure', () => {
  it.each([
    [awsError('TooManyRequestsException', 429), 'throttled'],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'throttled'],
    [awsError('ServiceException', 500), 'maybe-applied'],
    [awsError('ServiceUnavailable', 503), 'maybe-applied'],
    [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'maybe-applied'],
    [new Error('socket hang up'), 'maybe-applied'],
    [awsError('TimeoutError'), 'maybe-applied'],
    [awsError('InvalidParameterValueException', 400), 'final'],
    [awsError('AccessDeniedException', 403), 'final'],
    [awsError('CodeStorageExceededException', 400), 'final']
  ])('%s -> %s', (err, kind) => expect(classifyFailure(err)).toBe(kind))
})

describe('backoffMs', () => {
  it('follows Retry-After when given, capped', () => {
    expect(backoffMs(1, { retryAfterSeconds: '2' })).toBe(2000)
    expect(backoffMs(1, { retryAfterSeconds: '600' })).toBe(20000)
  })
  it('grows exponentially otherwise', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, new Error()))).toEqual([500, 1000, 2000, 4000])
    expect(backoffMs(10, new Error())).toBe(20000)
  })
})

const v = (n: number): LayerVersion => ({ layerArn: 'a', layerVersionArn: `a:${n}`, version: n, codeSha256: 'h', codeSize: 1 })

function scripted(results: (LayerVersion | Error)[]) {
  let calls = 0
  const send = async () => {
    const r = results[calls++]
    if (r instanceof Error) throw r
    return r
  }
  return { send, calls: () => calls }
}

describe('publishWithRetry', () => {
  const base = (): PublishRetry & { slept: number[] } => {
    const slept: number[] = []
    return { once: {} as LambdaClient, maxAttempts: 3, startedAt: new Date(), sleep: async (ms) => void slept.push(ms), slept }
  }

  it('adopts the version a lost response created instead of publishing again', async () => {
    const s = scripted([awsError('ServiceException', 502)])
    let looked = 0
    const retry = base()
    const result = await publishWithRetry(s.send, async () => (looked++, v(7)), retry)
    expect(result.version).toBe(7)
    expect(s.calls()).toBe(1)
    expect(looked).toBe(1)
    expect(retry.slept).toEqual([])
  })

  it('retries after a 5xx that created nothing', async () => {
    const s = scripted([awsError('ServiceException', 500), v(1)])
    const retry = base()
    expect((await publishWithRetry(s.send, async () => undefined, retry)).version).toBe(1)
    expect(s.calls()).toBe(2)
    expect(retry.slept).toEqual([500])
  })

  it('does not look for a landed version after throttling: a 429 created nothing', async () => {
    const s = scripted([awsError('TooManyRequestsException', 429, { retryAfterSeconds: '1' }), v(1)])
    let looked = 0
    const retry = base()
    await publishWithRetry(s.send, async () => (looked++, undefined), retry)
    expect(looked).toBe(0)
    expect(retry.slept).toEqual([1000])
  })

  it('gives up on validation errors at once and after maxAttempts otherwise', async () => {
    const bad = scripted([awsError('InvalidParameterValueException', 400)])
    await expect(publishWithRetry(bad.send, async () => undefined, base())).rejects.toThrow('InvalidParameterValueException')
    expect(bad.calls()).toBe(1)
    const down = scripted([awsError('ServiceException', 500), awsError('ServiceException', 500), awsError('ServiceException', 500), v(1)])
    await expect(publishWithRetry(down.send, async () => undefined, base())).rejects.toThrow('ServiceException')
    expect(down.calls()).toBe(3)
  })
})
