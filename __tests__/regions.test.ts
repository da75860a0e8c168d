import { describe, expect, it } from '@jest/globals'
import { versionsToPrune } from '../src/lifecycle/prune.js'
import { limiter } from '../src/limiter.js'
import { acrossRegions } from '../src/regions/fan-out.js'
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

describe('versionsToPrune', () => {
  const list = [3, 5, 1, 4, 2].map((Version) => ({ Version }))
  it.each([
    [0, 5, 4, []],
    [2, 5, 4, [3, 2, 1]],
    [5, 5, 4, []],
    [1, 4, 3, [3, 2, 1]], // a newer version from a concurrent run stays, and so does ours
    [1, 5, 2, [2, 1]], // 3 and 4 appeared after this run's baseline: another run may still be sharing them
    [1, 3, 2, [2, 1]] // ours is 3, others published 4 and 5 after it: both spared
  ])('keep %d, own %d, baseline %d', (keep, own, baseline, expected) => {
    expect(versionsToPrune(list, keep, { own, baseline }).map((v) => v.Version)).toEqual(expected)
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
