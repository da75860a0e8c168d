import { describe, expect, it } from '@jest/globals'
import { ActionError, InputError, describeError } from '../src/errors.js'

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
})

describe('describeError for timeouts', () => {
  it('says what to check', () => {
    const err = Object.assign(new Error('the request socket timed out after 1000 ms of inactivity'), { name: 'TimeoutError' })
    expect(describeError(err)).toMatch(/^TimeoutError: the request socket timed out .*raise request-timeout-seconds$/)
  })
})
