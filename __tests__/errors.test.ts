import { describe, expect, it } from '@jest/globals'
import { ActionError, InputError, describeError, describeFailure, findCause, sentence } from '../src/errors.js'

describe('describeError', () => {
  it('joins message and fix for action errors', () => {
    expect(describeError(new ActionError('Publishing failed', 'Set s3-bucket'))).toBe('Publishing failed. Set s3-bucket')
  })
  it('names the input and the rule', () => {
    expect(describeError(new InputError('layer-name', 'must be 1-140 characters'))).toBe("Input 'layer-name': must be 1-140 characters")
  })
  it('prefixes the error name of other errors', () => {
    const err = new Error('boom')
    err.name = 'ServiceException'
    expect(describeError(err)).toBe('ServiceException: boom')
    expect(describeError('plain')).toBe('plain')
  })
  it("says a call cut off by the run's cancel was cancelled, not the raw AbortError (the SDK's or fetch's)", () => {
    const controller = new AbortController()
    controller.abort()
    const sdk = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })
    for (const err of [sdk, controller.signal.reason])
      expect(describeError(err)).toBe('the run was cancelled (the call in flight was cut off)')
  })
})

describe('describeError for timeouts', () => {
  it('says what to check', () => {
    const err = Object.assign(new Error('the request socket timed out after 1000 ms of inactivity'), { name: 'TimeoutError' })
    expect(describeError(err)).toMatch(/^TimeoutError: the request socket timed out .*raise request-timeout-seconds$/)
  })

  it('calls a closed connection closed, not a timeout, though the SDK names it TimeoutError', () => {
    // @smithy/node-http-handler names ECONNRESET and EPIPE TimeoutError so that they are retried.
    const hangUp = Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' })
    const text = describeError(hangUp)
    expect(text).toMatch(/^Connection closed \(ECONNRESET\): socket hang up\. The connection was closed before an answer came/)
    expect(text).not.toMatch(/timeout|in time/i)
  })
})

describe('describeError for AWS errors', () => {
  it('describeFailure names the operation a bare AWS error came from, before its closing period', () => {
    const err = Object.assign(new Error('An internal error occurred.'), { name: 'ServiceException' })
    Object.defineProperty(err, '$operation', { value: 'DeleteLayerVersion', enumerable: false })
    expect(describeFailure(err)).toBe('ServiceException: An internal error occurred (from DeleteLayerVersion).')
    // Inside a stage's own words, which name what it was doing, the operation is not repeated.
    expect(describeError(err)).toBe('ServiceException: An internal error occurred.')
    expect(describeFailure(new ActionError(`Pruning failed: ${describeError(err)}`))).toBe(
      'Pruning failed: ServiceException: An internal error occurred.'
    )
  })

  it('says an answer could not be read, with its status, instead of the SDK hint', () => {
    const hint = 'Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'
    const err = Object.assign(new Error(`char 'x' is not expected.:1:1\n  ${hint}`), { $metadata: { httpStatusCode: 200 } })
    expect(describeError(err)).toBe("the answer (HTTP 200) could not be read, cut short or malformed (char 'x' is not expected.:1:1)")
  })
})

describe('sentence', () => {
  it.each([
    ['Version 3 does not exist.', 'Version 3 does not exist.'],
    ['Version 3 does not exist', 'Version 3 does not exist.'],
    ['  Failed for:  ', 'Failed for:'],
    ['Really?', 'Really?']
  ])('%j ends as %j', (text, expected) => {
    expect(sentence(text)).toBe(expected)
  })
})

describe('describeError never doubles a period or spreads over lines', () => {
  it('puts no second period after a message that ends a sentence', () => {
    expect(describeError(new ActionError('The bucket is in us-east-1.', 'Use a bucket in eu-west-1'))).toBe(
      'The bucket is in us-east-1. Use a bucket in eu-west-1'
    )
    expect(describeError(new ActionError('Two regions failed:', 'Re-run'))).toBe('Two regions failed: Re-run')
  })

  it('flattens the multi-line text of the toolkit and the SDK, in the message and in a wrapped cause', () => {
    const toolkit = new Error('Error message: Failed to get ID Token. \n \n        Error Code : 500\n \n        Error Message: boom')
    expect(describeError(toolkit)).toBe('Error message: Failed to get ID Token. Error Code : 500 Error Message: boom')
    const sdk = Object.assign(
      new Error(
        'Unexpected end of JSON input\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'
      ),
      {
        name: 'SyntaxError'
      }
    )
    const wrapped = new ActionError(`Publishing failed: ${describeError(sdk)}`, 'Re-run the job')
    // The SDK's hint to programmers ("inspect the hidden field") becomes what happened.
    expect(describeError(wrapped)).toBe(
      'Publishing failed: SyntaxError: the answer could not be read, cut short or malformed (Unexpected end of JSON input). Re-run the job'
    )
  })

  it('keeps details one indented line each', () => {
    const err = new ActionError('2 of 3 region(s) failed:', undefined, { details: ['eu-west-1: boom\n  more', 'us-east-1: bang'] })
    expect(describeError(err)).toBe('2 of 3 region(s) failed:\n  eu-west-1: boom more\n  us-east-1: bang')
  })

  it('describes errors of another realm by name, not as [object]', async () => {
    const { runInNewContext } = await import('node:vm')
    const foreign = runInNewContext('Object.assign(new Error("read ECONNRESET\\n at x"), { name: "TimeoutError" })') as unknown
    expect(describeError(foreign)).toMatch(/^TimeoutError: read ECONNRESET at x\. No answer came in time/)
  })
})

describe('findCause', () => {
  it('finds an error anywhere in the cause chain', () => {
    const root = Object.assign(new Error('x'), { name: 'InvalidParameterValueException' })
    const wrapped = new ActionError('outer', undefined, { cause: new Error('middle', { cause: root }) })
    expect(findCause(wrapped, (e) => e.name === 'InvalidParameterValueException')).toBe(root)
    expect(findCause(wrapped, (e) => e.name === 'Nope')).toBeUndefined()
    expect(findCause('text', () => true)).toBeUndefined()
  })
})
