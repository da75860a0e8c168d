// The job log as the runner shows it: scripts/runner-log.js, fed by hand-written command lines
// and by what @actions/core itself writes.
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import { maskLine, parseCommand, renderRunnerLog } from '../scripts/runner-log.js'

const render = (lines: string[], debug = false) => renderRunnerLog(`${lines.join('\n')}\n`, { debug })

describe('parseCommand', () => {
  it.each([
    ['plain text', undefined],
    ['a :: in the middle', undefined],
    ['::unknown::x', undefined],
    ['::debug no end', undefined],
    ['::debug::hello', { name: 'debug', properties: {}, data: 'hello' }],
    ['   ::debug::indented', { name: 'debug', properties: {}, data: 'indented' }],
    ['::WARNING::upper case', { name: 'warning', properties: {}, data: 'upper case' }],
    ['::error::a%25b%0Dc%0Ad', { name: 'error', properties: {}, data: 'a%b\rc\nd' }],
    [
      '::notice file=a.ts,line=3,title=T%3A x%2C y%25::m',
      { name: 'notice', properties: { file: 'a.ts', line: '3', title: 'T: x, y%' }, data: 'm' }
    ],
    ['::warning file=,=x,line=2::m', { name: 'warning', properties: { line: '2' }, data: 'm' }]
  ])('%j', (line, expected) => {
    expect(parseCommand(line)).toEqual(expected)
  })
})

describe('maskLine', () => {
  it.each([
    ['no secret here', ['s3cret'], 'no secret here'],
    ['key=s3cret and again s3cret', ['s3cret'], 'key=*** and again ***'],
    ['xxabcdefyy', ['abcd', 'cdef'], 'xx***yy'],
    ['xxabcdyycdefzz', ['abcd', 'cdef'], 'xx***yy***zz'],
    ['aaaa', ['aa'], '***'],
    ['a token inside', [], 'a token inside']
  ])('%j with %j', (line, secrets, expected) => {
    expect(maskLine(line, secrets)).toBe(expected)
  })
})

describe('renderRunnerLog', () => {
  it('hides ::add-mask:: lines and masks the value in every later line only', () => {
    const log = render(['before: hunter2', '::add-mask::hunter2', 'after: hunter2', '  and hunter2hunter2'])
    expect(log.lines).toEqual(['before: hunter2', 'after: ***', '  and ***'])
  })

  it('unescapes the mask value and warns about an empty one, as the runner does', () => {
    const log = render(['::add-mask::50%25off', 'sale: 50%off', '::add-mask:: '])
    expect(log.lines).toEqual(['sale: ***', "Warning: Can't add secret mask for empty string in ##[add-mask] command."])
    expect(log.annotations).toHaveLength(1)
  })

  it('shows ::debug:: lines only with step debug logging', () => {
    const lines = ['one', '::debug::why it chose this', 'two']
    expect(render(lines).lines).toEqual(['one', 'two'])
    expect(render(lines, true).lines).toEqual(['one', 'Debug: why it chose this', 'two'])
  })

  it('shows groups as headings with their lines indented; a new group ends the open one', () => {
    const log = render(['start', '::group::Archive', 'zip: 3 entries', '::group::Publish', 'version 1', '::endgroup::', 'done'])
    expect(log.lines).toEqual(['start', '▾ Archive', '  zip: 3 entries', '▾ Publish', '  version 1', 'done'])
  })

  it('turns warning, error and notice into annotations, masked like the lines', () => {
    const log = render([
      '::add-mask::AKIASECRET',
      '::warning file=layer/a.py,line=3,col=7,title=Bad%3A key::found AKIASECRET%0Anext line',
      '::group::Share',
      '::error::AccessDenied',
      '::notice title=AKIASECRET::fyi'
    ])
    expect(log.lines).toEqual([
      'Warning: Bad: key: found ***',
      'next line (layer/a.py:3:7)',
      '▾ Share',
      '  Error: AccessDenied',
      '  Notice: ***: fyi'
    ])
    expect(log.annotations).toEqual([
      { kind: 'warning', message: 'found ***\nnext line', properties: { file: 'layer/a.py', line: '3', col: '7', title: 'Bad: key' } },
      { kind: 'error', message: 'AccessDenied', properties: {} },
      { kind: 'notice', message: 'fyi', properties: { title: '***' } }
    ])
  })

  it('prints unknown commands and plain lines as they are, CRLF or LF', () => {
    expect(renderRunnerLog('::set-outputs::x\r\nplain\r\n').lines).toEqual(['::set-outputs::x', 'plain'])
    expect(renderRunnerLog('').lines).toEqual([])
  })

  it('stops acting on commands between ::stop-commands::TOKEN and ::TOKEN::', () => {
    const log = render(['::stop-commands::pause1', '::add-mask::notasecret', 'notasecret', '::pause1::', '::add-mask::real', 'real'])
    expect(log.lines).toEqual(['::stop-commands::pause1', '::add-mask::notasecret', 'notasecret', '::pause1::', '***'])
  })
})

describe('renderRunnerLog on what @actions/core writes', () => {
  let written = ''
  afterEach(() => {
    jest.restoreAllMocks()
    written = ''
  })
  const capture = () =>
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written += String(chunk)
      return true
    })

  it('reads back secrets, annotations and groups with the characters core escapes', () => {
    capture()
    const secret = 'p%0Aa:s,s'
    core.setSecret(secret)
    core.info(`the secret is ${secret}`)
    core.startGroup('Stage: one, two')
    core.warning('50% done: a, b', { title: 'T: x, y', file: 'f.ts', startLine: 4 })
    core.endGroup()
    core.debug(`debug ${secret}`)
    jest.restoreAllMocks()

    const log = renderRunnerLog(written, { debug: true })
    expect(log.annotations).toEqual([
      { kind: 'warning', message: '50% done: a, b', properties: { title: 'T: x, y', file: 'f.ts', line: '4' } }
    ])
    expect(log.lines).toEqual(['the secret is ***', '▾ Stage: one, two', '  Warning: T: x, y: 50% done: a, b (f.ts:4)', 'Debug: debug ***'])
  })
})
