// The debug line of each AWS call (src/aws/call-log.ts, middleware.ts logCalls): made by every
// client clients.ts makes, one per attempt, against the emulator over HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { ListLayerVersionsCommand } from '@aws-sdk/client-lambda'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import * as clients from '../../src/aws/clients.js'
import { describeCall, outcomeOf } from '../../src/aws/call-log.js'
import { failure } from '../helpers/sdk.js'

let emu: Emulator
const creds = {
  accessKeyId: 'AKIACALLLOG000000001',
  secretAccessKey: 'callLogSecretKey000000000000000000000001',
  sessionToken: 'callLogSession'
}

beforeAll(async () => {
  emu = await startEmulator()
})
afterAll(() => emu.close())
beforeEach(() => emu.reset())

/** A Lambda client in eu-west-1 whose call lines go to the returned list. */
function lambdaLogging(maxAttempts?: number) {
  const lines: string[] = []
  const settings = { region: 'eu-west-1', endpointUrl: emu.url, callLog: (m: string) => void lines.push(m) }
  return { lambda: clients.createLambdaClient(settings, creds, 'eu-west-1', maxAttempts), lines }
}

const CALL = /^lambda ListLayerVersions in eu-west-1, attempt (\d+): (.+) in \d+ ms$/

describe('every client clients.ts makes', () => {
  const makers = Object.entries(clients).filter(([name]) => /^create\w*Client$/.test(name))

  it.each(makers)('%s logs its calls', async (_name, make) => {
    const settings = { region: 'eu-west-1', endpointUrl: emu.url }
    const client = (await (make as (...args: unknown[]) => unknown)(settings, creds, 'eu-west-1')) as {
      middlewareStack: { identify(): string[] }
    }
    expect(client.middlewareStack.identify()).toContain('publishLambdaLayerCallLog - deserialize')
  })

  it('are at least the STS, Lambda and S3 ones', () => {
    expect(makers.map(([name]) => name)).toEqual(expect.arrayContaining(['createStsClient', 'createLambdaClient', 'createS3Client']))
  })
})

describe('the call lines', () => {
  it('say operation, region, attempt, status and time, one per attempt of the SDK', async () => {
    emu.faults.add('ListLayerVersions', { status: 500 })
    const { lambda, lines } = lambdaLogging()
    await lambda.send(new ListLayerVersionsCommand({ LayerName: 'x' }))
    expect(lines.map((l) => CALL.exec(l)?.slice(1))).toEqual([
      ['1', expect.stringMatching(/^\w+ \(HTTP 500\)$/)],
      ['2', 'HTTP 200']
    ])
  })

  it('count the attempts of one command sent again through a client without retries (publish/retry.ts)', async () => {
    emu.faults.add('ListLayerVersions', { status: 429, errorName: 'TooManyRequestsException' })
    const { lambda, lines } = lambdaLogging(1)
    const command = new ListLayerVersionsCommand({ LayerName: 'x' })
    await failure(lambda.send(command))
    await lambda.send(command)
    expect(lines.map((l) => CALL.exec(l)?.slice(1))).toEqual([
      ['1', 'TooManyRequestsException (HTTP 429)'],
      ['2', 'HTTP 200']
    ])
  })

  it('name a network failure by its code, and carry no credential, header or message', async () => {
    emu.faults.add('ListLayerVersions', { reset: true, times: 5 })
    const { lambda, lines } = lambdaLogging(2)
    const err = await failure(lambda.send(new ListLayerVersionsCommand({ LayerName: 'x' })))
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/attempt 1: \w+ ECONNRESET in \d+ ms$/)
    const text = lines.join('\n')
    for (const secret of [creds.accessKeyId, creds.secretAccessKey, creds.sessionToken, 'Authorization', err.message]) {
      expect(text).not.toContain(secret)
    }
  })
})

describe('describeCall and outcomeOf', () => {
  it('write one line from facts', () => {
    expect(
      describeCall({ service: 'sts', operation: 'GetCallerIdentity', region: 'eu-west-1', attempt: 2, ms: 12.6, outcome: 'HTTP 200' })
    ).toBe('sts GetCallerIdentity in eu-west-1, attempt 2: HTTP 200 in 13 ms')
    expect(describeCall({ service: 'GitHub API', operation: 'GET /graphql', attempt: 1, ms: 3, outcome: 'HTTP 200' })).toBe(
      'GitHub API GET /graphql, attempt 1: HTTP 200 in 3 ms'
    )
  })

  it.each<[string, unknown, string]>([
    [
      'an SDK error',
      Object.assign(new Error('User arn:x is not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }),
      'AccessDeniedException (HTTP 403)'
    ],
    ['a network error', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'Error ECONNRESET'],
    ['a timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'TimeoutError'],
    ['not an error', 'a string with a token', 'Error']
  ])('%s', (_name, err, outcome) => {
    expect(outcomeOf(err)).toBe(outcome)
  })
})
