// Regions that answer differently: a refused optional field (publish/fields.ts) and credentials
// a region does not recognise (regions/hints.ts).
import { describe, expect, it } from '@jest/globals'
import { bucketIn } from '../src/inputs/checks.js'
import { ActionError } from '../src/errors.js'
import { publishWithoutRefusedFields, refusedField } from '../src/publish/fields.js'
import { describeRegionFailure } from '../src/regions/hints.js'

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name })
}
// The real answer (elastic/apm-aws-lambda#112).
const refusal = awsError(
  'InvalidParameterValueException',
  'CompatibleArchitectures are not supported in af-south-1. Please remove the CompatibleArchitectures value from your request and try again'
)

describe('refusedField', () => {
  it('names the field a region refuses, also inside a wrapping error', () => {
    expect(refusedField(refusal)).toBe('CompatibleArchitectures')
    expect(refusedField(new ActionError('publish failed', undefined, { cause: refusal }))).toBe('CompatibleArchitectures')
    expect(refusedField(awsError('InvalidParameterValueException', 'CompatibleRuntimes is not supported in xx-east-9'))).toBe(
      'CompatibleRuntimes'
    )
  })
  it('ignores other refusals', () => {
    expect(refusedField(awsError('InvalidParameterValueException', 'Unzipped size must be smaller than 262144000 bytes'))).toBeUndefined()
    expect(refusedField(awsError('ValidationException', refusal.message))).toBeUndefined()
    expect(refusedField(awsError('InvalidParameterValueException', 'Description is not supported in af-south-1'))).toBeUndefined()
  })
})

describe('publishWithoutRefusedFields', () => {
  const settings = { compatibleArchitectures: ['x86_64'], compatibleRuntimes: ['python3.12'] }

  it('publishes again without the refused field and says which', async () => {
    const calls: (typeof settings)[] = []
    const dropped: string[] = []
    const result = await publishWithoutRefusedFields(
      settings,
      async (s) => {
        calls.push(s)
        if (s.compatibleArchitectures.length > 0) throw refusal
        return 'v1'
      },
      (field, values) => dropped.push(`${field}=${values.join(',')}`)
    )
    expect(result).toBe('v1')
    expect(calls).toEqual([settings, { compatibleArchitectures: [], compatibleRuntimes: ['python3.12'] }])
    expect(dropped).toEqual(['CompatibleArchitectures=x86_64'])
  })

  it('throws other errors, and a refusal of a field it no longer sends, as they are', async () => {
    const boom = awsError('ServiceException', 'boom')
    await expect(
      publishWithoutRefusedFields(
        settings,
        () => Promise.reject(boom),
        () => undefined
      )
    ).rejects.toBe(boom)
    let calls = 0
    const always = () => {
      calls++
      return Promise.reject(refusal)
    }
    await expect(publishWithoutRefusedFields(settings, always, () => undefined)).rejects.toBe(refusal)
    expect(calls).toBe(2)
  })
})

describe('describeRegionFailure', () => {
  const refused = awsError('UnrecognizedClientException', 'The security token included in the request is invalid.')
  const failedHere = { region: 'ap-east-2', ok: false as const, error: 'UnrecognizedClientException: ...' }

  it('says the region is likely not enabled when another region accepted the credentials', () => {
    const text = describeRegionFailure(refused, 'ap-east-2', [{ region: 'eu-west-1', ok: true }, failedHere])
    expect(text).toBe(
      'UnrecognizedClientException: The security token included in the request is invalid. The same credentials work in other regions, so ap-east-2 is most likely an opt-in region not enabled for this account: enable it (AWS console, Account, AWS Regions) or remove it from regions'
    )
  })

  it('names both causes when no region accepted them', () => {
    const text = describeRegionFailure(refused, 'ap-east-2', [failedHere, { ...failedHere, region: 'eu-west-1' }])
    expect(text).toMatch(/Check the credentials; if ap-east-2 is an opt-in region, it may not be enabled/)
  })

  it('leaves other failures as describeError has them', () => {
    expect(describeRegionFailure(awsError('ServiceException', 'boom'), 'eu-west-1', [])).toBe('ServiceException: boom')
  })
})

describe('bucketIn', () => {
  it('fills in every {region}', () => {
    expect(bucketIn('layers-{region}', 'eu-west-1')).toBe('layers-eu-west-1')
    expect(bucketIn('{region}.layers.{region}', 'us-east-1')).toBe('us-east-1.layers.us-east-1')
    expect(bucketIn('layers', 'us-east-1')).toBe('layers')
  })
})
