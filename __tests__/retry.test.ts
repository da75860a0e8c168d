import { describe, expect, it } from '@jest/globals'
import { backoffMs, classifyFailure, publishWithRetry, PublishCancelledError, type PublishRetry } from '../src/publish/retry.js'
import { LeftBehindError } from '../src/aws/answers.js'
import type { LayerVersion } from '../src/aws/layer-version.js'
import type { LambdaClient } from '@aws-sdk/client-lambda'

function awsError(name: string, status?: number, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, ...extra })
}

describe('classifyFailure (the SDK classification, @smithy/core/retry)', () => {
  it.each([
    [awsError('TooManyRequestsException', 429), 'throttled'],
    [awsError('ThrottlingException', 400), 'throttled'], // Lambda's other throttle (Common Errors)
    [awsError('ServiceException', 500), 'maybe-applied'],
    [awsError('ServiceUnavailable', 503), 'maybe-applied'],
    [awsError('SomethingElse', 507), 'maybe-applied'], // other 5xx: isServerError
    [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'maybe-applied'],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'maybe-applied'],
    [awsError('TimeoutError'), 'maybe-applied'],
    [Object.assign(new SyntaxError('Unexpected end of JSON input'), { $metadata: { httpStatusCode: 201 } }), 'applied'],
    [awsError('InvalidParameterValueException', 400), 'final'],
    [awsError('AccessDeniedException', 403), 'final'],
    [awsError('CodeStorageExceededException', 400), 'final'],
    ['not an error', 'final']
  ])('%s -> %s', (err, kind) => expect(classifyFailure(err)).toBe(kind))

  it('counts a call cut off by a cancel as maybe applied, whatever the error says', () => {
    expect(classifyFailure(awsError('AbortError'), true)).toBe('maybe-applied')
    expect(classifyFailure(awsError('AbortError'), false)).toBe('final')
  })
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

/** A lookup that answers from a list, one answer per call, and counts its calls. */
function lookups(answers: LayerVersion[][]) {
  let calls = 0
  return { landed: async () => answers[Math.min(calls++, answers.length - 1)] ?? [], calls: () => calls }
}

describe('publishWithRetry', () => {
  const base = (extra: Partial<PublishRetry> = {}): PublishRetry & { slept: number[] } => {
    const slept: number[] = []
    return { once: {} as LambdaClient, maxAttempts: 3, baseline: 0, sleep: async (ms) => void slept.push(ms), slept, ...extra }
  }

  it('adopts the version a lost response created instead of publishing again', async () => {
    const s = scripted([awsError('ServiceException', 502)])
    const look = lookups([[v(7)]])
    const retry = base()
    const result = await publishWithRetry(s.send, look.landed, retry)
    expect(result.version).toBe(7)
    expect(s.calls()).toBe(1)
    expect(look.calls()).toBe(1)
    expect(retry.slept).toEqual([])
  })

  it('looks up after the last attempt too: with max-attempts 1 a dropped answer still finds its version', async () => {
    const s = scripted([awsError('TimeoutError')])
    const look = lookups([[v(3)]])
    const result = await publishWithRetry(s.send, look.landed, base({ maxAttempts: 1 }))
    expect(result.version).toBe(3)
    expect(look.calls()).toBe(1)
  })

  it('treats a 2xx with an unreadable body as applied: finds the version, never publishes again', async () => {
    const cut = Object.assign(new SyntaxError('Unexpected end of JSON input'), { $metadata: { httpStatusCode: 201 } })
    const s = scripted([cut])
    const result = await publishWithRetry(s.send, lookups([[v(2)]]).landed, base())
    expect(result.version).toBe(2)
    expect(s.calls()).toBe(1)
  })

  it('retries after a 5xx that created nothing, and says the lookup found nothing', async () => {
    const s = scripted([awsError('ServiceException', 500), v(1)])
    const logs: string[] = []
    const retry = base({ log: (m) => void logs.push(m) })
    expect((await publishWithRetry(s.send, lookups([[]]).landed, retry)).version).toBe(1)
    expect(s.calls()).toBe(2)
    expect(retry.slept).toEqual([500])
    // In the order they happen: the failure, then what the lookup found, then the retry.
    expect(logs).toEqual([
      'PublishLayerVersion attempt 1 failed (ServiceException: ServiceException); looking for a version it may have created',
      'PublishLayerVersion failed and no version with this content appeared since version 0; retrying'
    ])
  })

  it('does not look for a landed version after throttling, 429 or 400: a throttle created nothing', async () => {
    const s = scripted([awsError('TooManyRequestsException', 429, { retryAfterSeconds: '1' }), awsError('ThrottlingException', 400), v(1)])
    const look = lookups([[]])
    const retry = base()
    expect((await publishWithRetry(s.send, look.landed, retry)).version).toBe(1)
    expect(look.calls()).toBe(0)
    expect(retry.slept).toEqual([1000, 1000])
  })

  it('names every candidate and adopts none when several same-content versions appeared', async () => {
    const s = scripted([awsError('ServiceException', 500)])
    const attempt = publishWithRetry(s.send, lookups([[v(5), v(4)]]).landed, base())
    await expect(attempt).rejects.toBeInstanceOf(LeftBehindError)
    await expect(attempt).rejects.toMatchObject({ leftBehind: ['a:5', 'a:4'] })
  })

  it('cannot settle a failure whose lookup fails: names what to look for', async () => {
    const s = scripted([awsError('ServiceException', 500)])
    const failing = async (): Promise<LayerVersion[]> => Promise.reject(awsError('AccessDeniedException', 403))
    const attempt = publishWithRetry(s.send, failing, base({ baseline: 9 }))
    await expect(attempt).rejects.toThrow(/looking for the version it may have made failed too \(AccessDeniedException/)
    await expect(attempt).rejects.toMatchObject({ leftBehind: [expect.stringContaining('newer than 9')] })
  })

  it('gives up on validation errors at once and after maxAttempts otherwise', async () => {
    const bad = scripted([awsError('InvalidParameterValueException', 400)])
    await expect(publishWithRetry(bad.send, lookups([[]]).landed, base())).rejects.toThrow('InvalidParameterValueException')
    expect(bad.calls()).toBe(1)
    const down = scripted([awsError('ServiceException', 500), awsError('ServiceException', 500), awsError('ServiceException', 500), v(1)])
    await expect(publishWithRetry(down.send, lookups([[]]).landed, base())).rejects.toThrow('ServiceException')
    expect(down.calls()).toBe(3)
  })

  it('on a cancel, starts no attempt, and hands back a version the cut-off attempt made', async () => {
    const controller = new AbortController()
    controller.abort()
    const s = scripted([v(1)])
    await expect(publishWithRetry(s.send, lookups([[]]).landed, base({ signal: controller.signal }))).rejects.toBeInstanceOf(
      PublishCancelledError
    )
    expect(s.calls()).toBe(0)
    const live = new AbortController()
    const cutOff = async (): Promise<LayerVersion> => {
      live.abort()
      throw awsError('AbortError')
    }
    const attempt = publishWithRetry(cutOff, lookups([[v(4)]]).landed, base({ signal: live.signal }))
    await expect(attempt).rejects.toMatchObject({ name: 'CancelledError', version: { version: 4 } })
  })

  /** A send that the cancel cuts off in flight. */
  const cutOffSend = () => {
    const live = new AbortController()
    const send = async (): Promise<LayerVersion> => {
      live.abort()
      throw awsError('AbortError')
    }
    return { send, signal: live.signal }
  }

  it('after a cancel cut the publish off, keeps looking for lateLandingMs and hands back a late landing', async () => {
    const { send, signal } = cutOffSend()
    const late = lookups([[], [], [v(6)]])
    const attempt = publishWithRetry(send, late.landed, base({ signal, lateLandingMs: 5000 }))
    await expect(attempt).rejects.toMatchObject({ name: 'CancelledError', version: { version: 6 } })
    expect(late.calls()).toBe(3)
  })

  it('names what may still land when nothing did within lateLandingMs, and deletes nothing', async () => {
    const { send, signal } = cutOffSend()
    const never = lookups([[]])
    const attempt = publishWithRetry(send, never.landed, base({ signal, lateLandingMs: 600, baseline: 9, codeSha256: 'abc=' }))
    await expect(attempt).rejects.toBeInstanceOf(LeftBehindError)
    await expect(attempt).rejects.toThrow(
      /the run was cancelled while PublishLayerVersion was in flight, and no version with this content appeared within 1 s/
    )
    await expect(attempt).rejects.toMatchObject({ leftBehind: ['a version newer than 9 with CodeSha256 abc=, if one appears'] })
    expect(never.calls()).toBeGreaterThan(1)
  })

  it('a cancel before any attempt waits for nothing', async () => {
    const controller = new AbortController()
    controller.abort()
    const never = lookups([[]])
    const attempt = publishWithRetry(scripted([v(1)]).send, never.landed, base({ signal: controller.signal, lateLandingMs: 60_000 }))
    await expect(attempt).rejects.toBeInstanceOf(PublishCancelledError)
    expect(never.calls()).toBe(0)
  })
})
