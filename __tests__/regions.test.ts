import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { pruneDecision, SPARE_RECENT_MS } from '../src/lifecycle/prune.js'
import { limiter, pacer } from '../src/limiter.js'
import { acrossRegions, unfinishedRegion } from '../src/regions/fan-out.js'
import { functionsIn } from '../src/regions/region.js'

describe('functionsIn', () => {
  const targets = ['api', 'arn:aws:lambda:us-east-1:123456789012:function:edge', 'arn:aws:lambda:eu-west-1:123456789012:function:worker']
  it.each([
    ['eu-west-1', ['api', 'arn:aws:lambda:eu-west-1:123456789012:function:worker']],
    ['us-east-1', ['arn:aws:lambda:us-east-1:123456789012:function:edge']],
    ['ap-south-1', []]
  ])('%s gets bare names only when it is the first region', (region, expected) => {
    expect(functionsIn(region, targets, 'eu-west-1')).toEqual(expected)
  })
})

describe('pruneDecision', () => {
  /** Lambda's CreatedDate form, `minutes` after an hour. */
  const at = (minutes: number) => new Date(Date.UTC(2025, 0, 1, 12, minutes)).toISOString().replace('Z', '+0000')
  // Each version an hour apart: none is recent.
  const list = [3, 5, 1, 4, 2].map((Version) => ({ Version, CreatedDate: at(Version * 60) }))
  const numbers = (items: { Version?: number }[]) => items.map((v) => v.Version)
  it.each([
    [0, 5, 4, []],
    [2, 5, 4, [3, 2, 1]],
    [5, 5, 4, []],
    [1, 4, 3, [3, 2, 1]], // a newer version from a concurrent run stays, and so does ours
    [1, 5, 2, [2, 1]], // 3 and 4 appeared after this run's baseline: another run may still be sharing them
    [1, 3, 2, [2, 1]] // ours is 3, others published 4 and 5 after it: both spared
  ])('keep %d, own %d, baseline %d', (keep, own, baseline, expected) => {
    expect(numbers(pruneDecision(list, keep, { own, baseline }).deleted)).toEqual(expected)
  })

  it("spares a version created less than 15 minutes before its own (by Lambda's clock): another run may still use it", () => {
    // 3 was published 14 minutes before ours (4), just before this run noted its baseline (3).
    const versions = [1, 2, 3, 4].map((Version) => ({ Version, CreatedDate: at(Version === 3 ? 46 : Version === 4 ? 60 : Version) }))
    const decision = pruneDecision(versions, 1, { own: 4, baseline: 3 })
    expect(numbers(decision.deleted)).toEqual([2, 1])
    expect(decision.spared).toEqual([
      { version: 3, why: "created less than 15 minutes before this run's version, or at an unknown time", recent: true }
    ])
    expect(SPARE_RECENT_MS).toBe(15 * 60 * 1000)
  })

  it("measures age against its own version, not the runner's clock, and spares versions of unknown age", () => {
    const versions = [
      { Version: 1 },
      { Version: 2, CreatedDate: 'not a date' },
      { Version: 3, CreatedDate: at(0) },
      { Version: 4, CreatedDate: at(30) }
    ]
    const recent = (d: ReturnType<typeof pruneDecision>) => d.spared.filter((s) => s.recent).map((s) => s.version)
    const decision = pruneDecision(versions, 1, { own: 4, baseline: 3 })
    expect(numbers(decision.deleted)).toEqual([3])
    expect(recent(decision)).toEqual([2, 1])
    const undated = pruneDecision([{ Version: 1 }, { Version: 2 }], 1, { own: 2, baseline: 1 })
    expect(numbers(undated.deleted)).toEqual([])
    expect(recent(undated)).toEqual([1])
  })
})

describe('limiter', () => {
  it('never runs more than max tasks at once and runs them all', async () => {
    const run = limiter(3)
    let active = 0
    let peak = 0
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        run(async () => {
          active++
          peak = Math.max(peak, active)
          await new Promise((r) => setImmediate(r))
          active--
          return i
        })
      )
    )
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(peak).toBe(3)
  })
})

describe('pacer', () => {
  afterEach(() => void jest.useRealTimers())

  it('lets one caller through per interval, in the order they asked', async () => {
    jest.useFakeTimers()
    const pace = pacer(100)
    const order: number[] = []
    const all = Promise.all([1, 2, 3].map((n) => pace().then(() => order.push(n))))
    await jest.advanceTimersByTimeAsync(0)
    expect(order).toEqual([1])
    await jest.advanceTimersByTimeAsync(99)
    expect(order).toEqual([1])
    await jest.advanceTimersByTimeAsync(1)
    expect(order).toEqual([1, 2])
    await jest.advanceTimersByTimeAsync(100)
    await all
    expect(order).toEqual([1, 2, 3])
  })

  it('lets a caller whose signal aborts leave the line without using a turn', async () => {
    jest.useFakeTimers()
    const pace = pacer(100)
    const gone = new AbortController()
    const order: string[] = []
    void pace().then(() => order.push('first'))
    const left = pace(gone.signal).then(
      () => order.push('aborted went'),
      () => order.push('aborted left')
    )
    void pace().then(() => order.push('third'))
    await jest.advanceTimersByTimeAsync(0)
    gone.abort()
    await left
    await jest.advanceTimersByTimeAsync(100)
    expect(order).toEqual(['first', 'aborted left', 'third'])
    const already = new AbortController()
    already.abort()
    await expect(pace(already.signal)).rejects.toBeDefined()
  })
})

describe('acrossRegions', () => {
  it('keeps every region outcome, a failure in one not stopping the others', async () => {
    const results = await acrossRegions(['a', 'b', 'c'], async (region) => {
      if (region === 'b') throw Object.assign(new Error('nope'), { name: 'ServiceException' })
      return { region, ok: true, published: true, shares: [], deleted: [], functions: [], notes: [] }
    })
    expect(results).toEqual([
      expect.objectContaining({ region: 'a', ok: true }),
      { region: 'b', ok: false, error: 'ServiceException: nope', version: undefined, leftBehind: undefined },
      expect.objectContaining({ region: 'c', ok: true })
    ])
  })
})

describe('unfinishedRegion (a cancelled run that could not wait)', () => {
  const version = { layerArn: 'L', layerVersionArn: 'L:3', version: 3, codeSha256: 'h', codeSize: 1 }
  it('reports a published and shared version as live', () => {
    const result = unfinishedRegion('r', { version, owned: true, shared: true, undone: [] }, 'h')
    expect(result).toMatchObject({ version, error: 'cancelled before this region finished; L:3 is published and shared' })
    expect(result).not.toHaveProperty('leftBehind')
  })
  it('names its own version that is not fully shared as left behind', () => {
    expect(unfinishedRegion('r', { version, owned: true, undone: [] }, 'h')).toMatchObject({ ok: false, leftBehind: ['L:3'] })
  })
  it('does not claim a reused version, which it would never delete anyway', () => {
    expect(unfinishedRegion('r', { version, owned: false, undone: [] }, 'h')).not.toHaveProperty('leftBehind')
  })
  it('names what to look for when a publish was in flight', () => {
    expect(unfinishedRegion('r', { baseline: 2, publishing: true, undone: [] }, 'abc=')).toHaveProperty('leftBehind', [
      'a version newer than 2 with CodeSha256 abc=, if the publish in flight landed'
    ])
  })
  it('reports a region that got to the end as it ended', () => {
    const finished = { region: 'r', ok: true as const, version, published: true, shares: [], deleted: [], functions: [], notes: [] }
    expect(unfinishedRegion('r', { version, owned: true, shared: true, undone: [], finished }, 'h')).toBe(finished)
  })
  it('says only that it was cancelled when nothing had happened yet', () => {
    expect(unfinishedRegion('r', undefined, 'h')).toEqual({ region: 'r', ok: false, error: 'cancelled before this region finished' })
  })
})
