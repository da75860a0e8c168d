// The report's outputs, titles, region table and failures, from outcomes made to order.
import { describe, expect, it } from '@jest/globals'
import { ActionError, InputError } from '../src/errors.js'
import { outputsOf } from '../src/report/outputs.js'
import { runLinks, stepFailure } from '../src/report/outcome.js'
import { consoleUrl } from '../src/report/regions.js'
import { earlyFailureMarkdown, summaryMarkdown } from '../src/report/summary.js'
import { failed, layerArn, outcome, published, reused, settings, version } from './helpers/report-fixtures.js'

const arn = layerArn

describe('outputsOf', () => {
  it('describes the first region in single-valued outputs and every region in layer-version-arns', () => {
    expect(
      outputsOf(outcome({ regions: [published('eu-west-1', 4, { deleted: [`${arn('eu-west-1')}:1`] }), reused('us-east-1', 9)] }))
    ).toEqual({
      'layer-arn': arn('eu-west-1'),
      'layer-version-arn': `${arn('eu-west-1')}:4`,
      'layer-version': '4',
      'code-sha256': 'abc=',
      'code-size': '2048',
      published: 'true',
      'archive-path': '/tmp/my-deps.zip',
      'layer-version-arns': JSON.stringify({ 'eu-west-1': `${arn('eu-west-1')}:4`, 'us-east-1': `${arn('us-east-1')}:9` }),
      'deleted-versions': JSON.stringify([`${arn('eu-west-1')}:1`]),
      'failed-regions': '[]',
      'signing-job-arn': '',
      'signing-profile-version-arn': ''
    })
  })

  it('describes the first region that succeeded when the first one failed, and names the failed one', () => {
    const out = outputsOf(outcome({ regions: [failed('eu-west-1'), reused('us-east-1', 9)] }))
    expect(out).toMatchObject({ 'layer-version-arn': `${arn('us-east-1')}:9`, 'layer-version': '9', published: 'false' })
    expect(JSON.parse(out['failed-regions'])).toEqual(['eu-west-1'])
    expect(JSON.parse(out['layer-version-arns'])).toEqual({ 'us-east-1': `${arn('us-east-1')}:9` })
  })

  it('keeps a version that went live in a region that failed afterwards', () => {
    const out = outputsOf(
      outcome({ regions: [published('eu-west-1', 4), failed('us-east-1', 'pruning failed', { version: version('us-east-1', 2) })] })
    )
    expect(JSON.parse(out['layer-version-arns'])).toEqual({ 'eu-west-1': `${arn('eu-west-1')}:4`, 'us-east-1': `${arn('us-east-1')}:2` })
    expect(JSON.parse(out['failed-regions'])).toEqual(['us-east-1'])
  })

  it('describes a live version of the first region in single-valued outputs, though a step after sharing failed there', () => {
    const live = failed('eu-west-1', 'functions failed', { version: version('eu-west-1', 4), published: true })
    const out = outputsOf(outcome({ regions: [live, reused('us-east-1', 9)] }))
    expect(out).toMatchObject({
      'layer-arn': arn('eu-west-1'),
      'layer-version-arn': `${arn('eu-west-1')}:4`,
      'layer-version': '4',
      published: 'true'
    })
    const reusedThenFailed = failed('eu-west-1', 'functions failed', { version: version('eu-west-1', 4), published: false })
    expect(outputsOf(outcome({ regions: [reusedThenFailed] }))).toMatchObject({ 'layer-version': '4', published: 'false' })
  })

  it('names every region a credentials failure kept from publishing, none for a failure before AWS', () => {
    const denied = stepFailure(new Error('AccessDenied'), 'Nothing was changed in AWS.', ['eu-west-1', 'us-east-1'])
    expect(JSON.parse(outputsOf({ regions: [], failure: denied })['failed-regions'])).toEqual(['eu-west-1', 'us-east-1'])
    const input = stepFailure(new Error('bad input'), 'Nothing was changed in AWS.')
    expect(outputsOf({ regions: [], failure: input })).toMatchObject({
      'failed-regions': '[]',
      'layer-version-arns': '{}',
      'deleted-versions': '[]'
    })
  })

  it('reports the archive but no ARNs in a dry run', () => {
    expect(outputsOf(outcome({}, { dryRun: true }))).toMatchObject({
      'layer-version-arn': '',
      published: 'false',
      'code-sha256': 'abc=',
      'code-size': '2048',
      'layer-version-arns': '{}',
      'failed-regions': '[]'
    })
  })
})

describe('titles: what happened, singular and plural right', () => {
  it.each([
    [[published('eu-west-1', 4)], '### Lambda layer `my-deps`: version 4 published'],
    [[published('eu-west-1', 4), published('us-east-1', 4)], '### Lambda layer `my-deps`: version 4 published in 2 regions'],
    [[published('eu-west-1', 4), published('us-east-1', 7)], '### Lambda layer `my-deps`: published in 2 regions'],
    [[reused('eu-west-1', 9)], '### Lambda layer `my-deps`: unchanged, version 9 reused'],
    [[published('eu-west-1', 4), reused('us-east-1', 9)], '### Lambda layer `my-deps`: published in 1 region, reused in 1 region'],
    [[published('eu-west-1', 4), failed('us-east-1')], '### Lambda layer `my-deps`: failed in 1 of 2 regions'],
    [[failed('eu-west-1')], '### Lambda layer `my-deps`: failed']
  ])('%#', (regions, title) => {
    expect(summaryMarkdown(outcome({ regions })).split('\n')[0]).toBe(title)
  })

  it('counts deleted versions in mode delete', () => {
    const regions = [
      { ...published('eu-west-1', 1), published: false, deleted: [`${arn('eu-west-1')}:1`, `${arn('eu-west-1')}:2`] },
      { ...published('us-east-1', 1), published: false, deleted: [] }
    ]
    const md = summaryMarkdown(outcome({ regions, archive: undefined }, { mode: 'delete' }))
    expect(md.split('\n')[0]).toBe('### Lambda layer `my-deps`: 2 versions deleted in 2 regions')
    expect(md).toContain('| eu-west-1 | versions 1 and 2 |')
    expect(md).toContain('| us-east-1 | none (nothing to delete) |')
    expect(md).not.toContain('#### Metadata')
  })
})

describe('the region table', () => {
  it('has a row per region, the version linked to the console, and no column for features not used', () => {
    const md = summaryMarkdown(outcome({ regions: [published('eu-west-1', 4), reused('us-east-1', 9)] }))
    expect(md).toContain('Shared with 111122223333 and organization o-a1b2c3d4e5.')
    expect(md).toContain('| Region | Version | Result |\n|---|---|---|')
    expect(md).toContain(`| eu-west-1 | [4](${consoleUrl(`${arn('eu-west-1')}:4`)}) | published |`)
    expect(md).toContain(
      '| us-east-1 | [9](https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/layers/my-deps/versions/9) | reused |'
    )
    expect(md).toContain(['Version ARNs:', '', '```text', `${arn('eu-west-1')}:4`, `${arn('us-east-1')}:9`, '```'].join('\n'))
    expect(md).not.toMatch(/Pruned|Functions|Deleted|\(s\)/)
  })

  it('adds Pruned and Functions moved when keep-versions and update-functions are used', () => {
    const eu = published('eu-west-1', 5, {
      deleted: [`${arn('eu-west-1')}:1`, `${arn('eu-west-1')}:2`],
      functions: [{ target: 'orders-api', functionArn: 'x', region: 'eu-west-1', layers: [], changed: true }]
    })
    const us = published('us-east-1', 5, { deleted: ['1', '2', '3', '4'].map((n) => `${arn('us-east-1')}:${n}`) })
    const md = summaryMarkdown(outcome({ regions: [eu, us] }, { keepVersions: 3, updateFunctions: ['orders-api'] }))
    expect(md).toContain('| Region | Version | Result | Pruned | Functions moved |')
    expect(md).toContain('| published | versions 1 and 2 | orders-api |')
    expect(md).toContain('| published | 4 versions | none here |')
  })

  it('links no console page when the run went to another endpoint', () => {
    const md = summaryMarkdown(outcome({ regions: [published('eu-west-1', 4)] }, { endpointUrl: 'http://localhost:4566' }))
    expect(md).toContain('| eu-west-1 | 4 | published |')
    expect(md).toContain('Version ARN:')
    expect(md).not.toContain('console.aws')
  })

  it('says when the version is kept to the account', () => {
    expect(summaryMarkdown(outcome({ regions: [published('eu-west-1', 1)] }, { principals: [] }))).toContain(
      'Not shared: only this account can use it.'
    )
  })
})

describe('consoleUrl', () => {
  it.each([
    [
      'arn:aws:lambda:eu-west-1:123456789012:layer:my-deps:4',
      'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/layers/my-deps/versions/4'
    ],
    [
      'arn:aws-cn:lambda:cn-north-1:123456789012:layer:a_b:1',
      'https://cn-north-1.console.amazonaws.cn/lambda/home?region=cn-north-1#/layers/a_b/versions/1'
    ],
    [
      'arn:aws-us-gov:lambda:us-gov-west-1:123456789012:layer:l:2',
      'https://us-gov-west-1.console.amazonaws-us-gov.com/lambda/home?region=us-gov-west-1#/layers/l/versions/2'
    ],
    ['arn:aws-iso:lambda:us-iso-east-1:123456789012:layer:l:2', undefined],
    ['arn:aws:lambda:eu-west-1:123456789012:layer:my-deps', undefined]
  ])('%s', (layerVersionArn, url) => expect(consoleUrl(layerVersionArn)).toBe(url))
})

describe('failures', () => {
  it('gives each failed region its error and what it left in AWS', () => {
    const regions = [
      published('eu-west-1', 4),
      failed('us-east-1', 'UnrecognizedClientException: The security token included in the request is invalid'),
      failed('ap-southeast-2', 'Pruning failed: ServiceException', { version: version('ap-southeast-2', 3) })
    ]
    const md = summaryMarkdown(outcome({ regions }))
    expect(md).toContain('#### Failures')
    expect(md).toContain('| us-east-1 | none | failed |')
    expect(md).toContain('| ap-southeast-2 | [3](')
    expect(md).toContain('| failed after publishing |')
    expect(md).toContain(
      '- **us-east-1:** UnrecognizedClientException: The security token included in the request is invalid. Left in AWS: no version from this run.'
    )
    expect(md).toContain(
      `- **ap-southeast-2:** Pruning failed: ServiceException. Left in AWS: \`${arn('ap-southeast-2')}:3\`, published and shared before the failure.`
    )
  })

  it('writes the error, its fix, its details and the state of AWS for a failure outside the regions', () => {
    const err = new ActionError('Could not assume role: AccessDenied', 'Check the trust policy', {
      details: ['sub: repo:o/r:ref:refs/heads/main']
    })
    const md = summaryMarkdown(
      outcome({ failure: stepFailure(err, 'Nothing was changed in AWS: the step stopped before publishing.', settings.regions) })
    )
    expect(md.split('\n')[0]).toBe('### Lambda layer `my-deps`: failed')
    expect(md).toContain(
      [
        '#### Failure',
        '',
        '- **Error:** Could not assume role: AccessDenied.',
        '  - sub: repo:o/r:ref:refs/heads/main',
        '- **Fix:** Check the trust policy.',
        '- **In AWS:** Nothing was changed in AWS: the step stopped before publishing.'
      ].join('\n')
    )
    expect(md).toContain('#### Size')
  })

  it('writes a short summary when even the settings could not be read', () => {
    const md = earlyFailureMarkdown(
      stepFailure(new InputError('layer-name', 'bad'), 'Nothing was changed in AWS: the step stopped before any AWS call.'),
      'bad name!'
    )
    expect(md).toBe(
      [
        '### Lambda layer `bad name!`: failed',
        '',
        '#### Failure',
        '',
        "- **Error:** Input 'layer-name': bad.",
        "- **Fix:** Change the step's 'layer-name' input (under with:) to a value the rule allows.",
        '- **In AWS:** Nothing was changed in AWS: the step stopped before any AWS call.',
        ''
      ].join('\n')
    )
    expect(earlyFailureMarkdown(stepFailure(new Error('x'), 'Nothing.')).split('\n')[0]).toBe('### publish-lambda-layer: failed')
  })
})

describe('a cancelled run', () => {
  it('says it was cancelled, what it undid, and what it left', () => {
    const cancelled = {
      signal: 'SIGINT',
      undone: ['removed the partial zip /tmp/x.zip', `deleted ${arn('eu-west-1')}:5, which was not fully shared.`],
      outOfTime: false
    }
    const left = failed('us-east-1', 'cancelled before this region finished', { leftBehind: [`${arn('us-east-1')}:2`] })
    const md = summaryMarkdown(outcome({ regions: [published('eu-west-1', 4), left], cancelled }))
    expect(md.split('\n')[0]).toBe('### Lambda layer `my-deps`: run cancelled, 1 region failed')
    expect(md).toContain(
      [
        '#### Cancelled',
        '',
        `**The run was cancelled (SIGINT).** Undone: removed the partial zip /tmp/x.zip; deleted ${arn('eu-west-1')}:5, which was not fully shared.`,
        '',
        `- **us-east-1:** cancelled before this region finished. Left in AWS, not settled by this run: ${arn('us-east-1')}:2.`
      ].join('\n')
    )
    const late = summaryMarkdown(outcome({ archive: undefined, cancelled: { signal: 'SIGTERM', undone: [], outOfTime: true } }))
    // No region had started: nothing below to point at.
    expect(late).toContain(
      "**The run was cancelled (SIGTERM).** Nothing needed undoing. The clean-up did not finish before the runner's deadline: no region had started, so nothing was published."
    )
    expect(late).not.toContain('below')
    expect(late).not.toContain('| Region |')
    const lateWithRegion = summaryMarkdown(outcome({ regions: [left], cancelled: { ...cancelled, outOfTime: true } }))
    expect(lateWithRegion).toContain("The clean-up did not finish before the runner's deadline: see what is left behind below.")
  })

  it('notes a same-content version that appeared meanwhile, under the table', () => {
    const md = summaryMarkdown(
      outcome({ regions: [published('eu-west-1', 4, { notes: ['L:3 with the same content appeared meanwhile'] })] })
    )
    expect(md).toContain('| eu-west-1 | [4](')
    expect(md).toContain('\n\n- eu-west-1: L:3 with the same content appeared meanwhile\n')
  })
})

describe('dry run', () => {
  it('shows the plan, size and content, and no region or change section', () => {
    const md = summaryMarkdown(outcome({ listing: [{ name: 'python/a.py', kind: 'file', size: 4096 }] }, { dryRun: true }))
    expect(md.split('\n')[0]).toBe('### Lambda layer `my-deps`: dry run, nothing was changed in AWS')
    expect(md).toContain('Would publish a new version in eu-west-1 and us-east-1, shared with 111122223333 and organization o-a1b2c3d4e5.')
    expect(md).toContain('#### Size')
    expect(md).toContain('#### What is inside')
    expect(md).not.toMatch(/What changed|\| Region/)
  })

  it('says what mode delete would delete', () => {
    const md = summaryMarkdown(outcome({ archive: undefined }, { mode: 'delete', dryRun: true }))
    expect(md).toBe(
      '### Lambda layer `my-deps`: dry run, nothing was changed in AWS\n\nWould delete every version in eu-west-1 and us-east-1.\n'
    )
  })
})

describe('runLinks', () => {
  it('links the commit and the run (and its attempt) on the server the runner names', () => {
    const env = {
      GITHUB_SERVER_URL: 'https://ghe.example.com/',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_SHA: 'abc1234def',
      GITHUB_RUN_ID: '42',
      GITHUB_RUN_ATTEMPT: '2'
    }
    expect(runLinks(env)).toEqual({
      commit: { sha: 'abc1234def', url: 'https://ghe.example.com/o/r/commit/abc1234def' },
      run: { id: '42', attempt: '2', url: 'https://ghe.example.com/o/r/actions/runs/42/attempts/2' }
    })
    expect(runLinks({ GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1' })).toEqual({
      run: { id: '42', url: 'https://github.com/o/r/actions/runs/42' }
    })
    expect(runLinks({})).toEqual({})
  })
})
