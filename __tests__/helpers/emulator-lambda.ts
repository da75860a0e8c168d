// The Lambda side of the emulator tests: one emulator per file, a real LambdaClient per region.
import { afterAll, beforeAll, beforeEach } from '@jest/globals'
import {
  LambdaClient,
  PublishLayerVersionCommand,
  type PublishLayerVersionCommandInput,
  type PublishLayerVersionCommandOutput
} from '@aws-sdk/client-lambda'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { buildZip } from '../../emulator/zip.js'

export const credentials = { accessKeyId: 'AKIAEMULATORTEST', secretAccessKey: 'secret' }
export const zip = buildZip([{ name: 'nodejs/node_modules/left-pad/index.js', data: 'module.exports = 1\n', deflate: true }])

export interface LambdaTest {
  emu: Emulator
  /** A client for eu-west-1. */
  lambda: LambdaClient
  /** A client for another region; SDK retries off so each call is one request. */
  client(region: string): LambdaClient
  publish(input?: Partial<PublishLayerVersionCommandInput>, c?: LambdaClient): Promise<PublishLayerVersionCommandOutput>
}

export function useLambdaEmulator(): LambdaTest {
  const t = {
    client: (region: string) => new LambdaClient({ endpoint: t.emu.url, region, credentials, maxAttempts: 1 }),
    publish: (input: Partial<PublishLayerVersionCommandInput> = {}, c?: LambdaClient) =>
      (c ?? t.lambda).send(new PublishLayerVersionCommand({ LayerName: 'my-layer', Content: { ZipFile: zip }, ...input }))
  } as unknown as LambdaTest
  beforeAll(async () => {
    t.emu = await startEmulator()
    t.lambda = t.client('eu-west-1')
  })
  afterAll(async () => {
    t.lambda.destroy()
    await t.emu.close()
  })
  beforeEach(() => t.emu.reset())
  return t
}
