// The step log's groups (src/regions/step-log.ts) as the runner shows them: stages one after
// another, regions that run at once each printed whole when they end, on every path.
import { describe, expect, it } from '@jest/globals'
import { renderRunnerLog } from '../scripts/runner-log.js'
import type { RegionResult } from '../src/regions/fan-out.js'
import { describeOutcome, describeResult, StepLog, type LogSink } from '../src/regions/step-log.js'

/** A sink writing the commands @actions/core writes, to render them as the runner does. */
function recorder(debug: boolean): { sink: LogSink; rendered: () => string[] } {
  const raw: string[] = []
  const sink: LogSink = {
    info: (m) => void raw.push(m),
    warning: (m) => void raw.push(`::warning::${String(m)}`),
    debug: (m) => void raw.push(`::debug::${m}`),
    startGroup: (m) => void raw.push(`::group::${m}`),
    endGroup: () => void raw.push('::endgroup::'),
    isDebug: () => debug
  }
  return { sink, rendered: () => renderRunnerLog(`${raw.join('\n')}\n`, { debug }).lines.map((l) => l.replace(/\d+ ms/, 'N ms')) }
}

const version = (region: string, n: number) => ({
  layerArn: `arn:aws:lambda:${region}:1:layer:x`,
  layerVersionArn: `arn:aws:lambda:${region}:1:layer:x:${n}`,
  version: n,
  codeSha256: '',
  codeSize: 1
})

function success(region: string, over: Partial<Extract<RegionResult, { ok: true }>> = {}): RegionResult {
  return { region, ok: true, version: version(region, 3), published: true, shares: [], deleted: [], functions: [], notes: [], ...over }
}

describe('StepLog groups', () => {
  it('runs each stage in its own group, ended when the stage throws', async () => {
    const { sink, rendered } = recorder(false)
    const step = new StepLog(sink)
    await step.group('Inputs', () => sink.info('layer x'))
    await expect(
      step.group('Archive', () => {
        throw new Error('bad zip')
      })
    ).rejects.toThrow('bad zip')
    sink.info('after')
    expect(rendered()).toEqual(['▾ Inputs', '  layer x', '▾ Archive', 'after'])
  })

  it('ends a group still open before the next one, and not twice', async () => {
    const { sink, rendered } = recorder(true)
    const step = new StepLog(sink)
    let finishArchive = () => {}
    const archive = step.group('Archive', () => new Promise<void>((resolve) => (finishArchive = resolve)))
    await step.group('Report', () => sink.info('report'))
    finishArchive()
    await archive
    sink.info('top level')
    expect(rendered()).toEqual([
      '▾ Archive',
      '  Debug: Archive took N ms',
      '▾ Report',
      '  report',
      '  Debug: Report took N ms',
      'top level'
    ])
  })
})

describe('StepLog regions', () => {
  it('prints each region whole when it ends, its stages as groups, with live progress outside them', () => {
    const { sink, rendered } = recorder(true)
    const step = new StepLog(sink)
    const a = step.region('eu-west-1')
    const b = step.region('us-east-1')
    a.stage('publish', 'publishing')
    b.stage('publish', 'publishing')
    a.debug('lambda PublishLayerVersion in eu-west-1, attempt 1: HTTP 201 in 3 ms')
    b.log('Published us')
    a.log('Published eu')
    b.stage('share', 'sharing')
    b.warn('us-east-1: odd')
    step.regionEnded(success('us-east-1'))
    a.stage('share', 'sharing')
    a.log('Shared eu')
    step.regionEnded(success('eu-west-1'))
    expect(rendered()).toEqual([
      'eu-west-1: publishing',
      'us-east-1: publishing',
      'us-east-1: sharing',
      '▾ us-east-1: publish',
      '  Published us',
      '  Debug: publish took N ms',
      '▾ us-east-1: share',
      '  Warning: us-east-1: odd',
      '  Debug: share took N ms',
      'us-east-1: published arn:aws:lambda:us-east-1:1:layer:x:3',
      'eu-west-1: sharing',
      '▾ eu-west-1: publish',
      '  Debug: lambda PublishLayerVersion in eu-west-1, attempt 1: HTTP 201 in N ms',
      '  Published eu',
      '  Debug: publish took N ms',
      '▾ eu-west-1: share',
      '  Shared eu',
      '  Debug: share took N ms',
      'eu-west-1: published arn:aws:lambda:eu-west-1:1:layer:x:3'
    ])
  })

  it('writes what a region logs before its first stage at once, in the group open then', async () => {
    const { sink, rendered } = recorder(true)
    const step = new StepLog(sink)
    await step.group('Signing', () => step.region('eu-west-1').debug('signer GetSigningProfile in eu-west-1, attempt 1: HTTP 200 in 4 ms'))
    expect(rendered()).toEqual([
      '▾ Signing',
      '  Debug: eu-west-1: signer GetSigningProfile in eu-west-1, attempt 1: HTTP 200 in N ms',
      '  Debug: Signing took N ms'
    ])
  })

  it('keeps no debug line without step debug logging, and prints no empty group', () => {
    const { sink, rendered } = recorder(false)
    const step = new StepLog(sink)
    const log = step.region('eu-west-1')
    for (const [stage, line] of [
      ['publish', undefined],
      ['share', 'Shared']
    ]) {
      log.stage(stage as string, `${stage}...`)
      log.debug(`hidden in ${stage}`)
      if (line) log.log(line)
    }
    step.regionEnded(success('eu-west-1'))
    const lines = rendered()
    expect(lines.filter((l) => l.includes('hidden') || l.includes('Debug'))).toEqual([])
    expect(lines.filter((l) => l.startsWith('▾'))).toEqual(['▾ eu-west-1: share'])
  })

  it('prints the regions still running when the step stops, and their later lines at once, prefixed', async () => {
    const { sink, rendered } = recorder(false)
    const step = new StepLog(sink)
    const a = step.region('eu-west-1')
    a.stage('publish', 'publishing')
    a.log('Published eu')
    step.printUnfinished('still running at the deadline')
    // After that: the report's group stays whole, whatever the regions still write.
    const late: [string, string][] = [
      ['eu-west-1', 'Deleted version 3'],
      ['us-east-1', 'late start']
    ]
    await step.group('Report', () => late.forEach(([region, line]) => step.region(region).log(line)))
    step.regionEnded(success('eu-west-1'))
    const [before, report] = rendered().join('\n').split('▾ Report\n')
    expect(before.split('\n')).toEqual([
      'eu-west-1: publishing',
      '▾ eu-west-1: publish',
      '  Published eu',
      'eu-west-1: still running at the deadline',
      ''
    ])
    expect(report.split('\n')).toEqual(late.map(([region, line]) => `  ${region}: ${line}`))
  })
})

describe('describeResult and describeOutcome', () => {
  it.each<[string, RegionResult, string]>([
    ['a publish', success('r'), 'published arn:aws:lambda:r:1:layer:x:3'],
    [
      'a reuse shared, pruned, with functions',
      success('r', {
        published: false,
        shares: [{ statementId: 's', principal: '1', label: '1', added: true }],
        deleted: ['a:1', 'a:2'],
        functions: [{ target: 'f', functionArn: 'f', region: 'r', layers: [], changed: true }]
      }),
      'reused arn:aws:lambda:r:1:layer:x:3, shared with 1 principal, 2 old versions deleted, 1 function moved to it'
    ],
    ['mode delete', success('r', { version: undefined, published: false, deleted: ['a:1'] }), '1 version deleted'],
    ['a failure', { region: 'r', ok: false, error: 'AccessDeniedException: no' }, 'failed: AccessDeniedException: no']
  ])('%s', (_name, result, line) => {
    expect(describeResult(result)).toBe(line)
  })

  it('names the stage a region failed in', () => {
    expect(describeResult({ region: 'r', ok: false, error: 'AccessDeniedException: no' }, 'share')).toBe(
      'failed in share: AccessDeniedException: no'
    )
  })

  it('counts how the regions ended', () => {
    const results = [success('a'), success('b', { published: false }), { region: 'c', ok: false as const, error: 'x' }, success('d')]
    expect(describeOutcome(results)).toBe('4 regions: 2 published, 1 reused, 1 failed')
    expect(describeOutcome([])).toBe('0 regions')
  })
})
