// AWS client construction, in one place so every client shares region, endpoint, retries and
// timeouts. Stages receive clients; tests build their own against the emulator.
import { LambdaClient } from '@aws-sdk/client-lambda'
import { STSClient } from '@aws-sdk/client-sts'
import type { S3Client } from '@aws-sdk/client-s3'
import type { AwsCredentials } from './credentials.js'
import type { Settings } from './settings.js'

/** Seconds to wait for a connection and for an answer, so a hung endpoint fails the step. */
const CONNECTION_TIMEOUT_MS = 10_000
const REQUEST_TIMEOUT_MS = 120_000

export type ClientSettings = Pick<Settings, 'region' | 'endpointUrl'> & { maxAttempts?: number }

function baseConfig(settings: ClientSettings, region: string) {
  return {
    region,
    endpoint: settings.endpointUrl,
    maxAttempts: settings.maxAttempts ?? 5,
    requestHandler: {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS
    }
  }
}

/** STS for AssumeRoleWithWebIdentity, which is unsigned: it needs no credentials. */
export function createStsClient(settings: ClientSettings): STSClient {
  return new STSClient({
    ...baseConfig(settings, settings.region),
    // The web-identity call carries its own proof; do not let the SDK hunt for credentials.
    credentials: { accessKeyId: '', secretAccessKey: '' }
  })
}

export function createLambdaClient(
  settings: ClientSettings,
  credentials: AwsCredentials | undefined,
  region = settings.region
): LambdaClient {
  return new LambdaClient({ ...baseConfig(settings, region), credentials })
}

/** Loaded lazily: the S3 SDK is only needed for archives uploaded through a bucket. */
export async function createS3Client(
  settings: ClientSettings,
  credentials: AwsCredentials | undefined,
  region = settings.region
): Promise<S3Client> {
  const { S3Client } = await import('@aws-sdk/client-s3')
  return new S3Client({
    ...baseConfig(settings, region),
    credentials,
    // Custom endpoints (LocalStack, the emulator) serve buckets by path, not by host name.
    forcePathStyle: Boolean(settings.endpointUrl)
  })
}
