// AWS client construction, in one place so every client shares region, endpoint, retries,
// timeouts, the debug line for each call and errors that name their operation. Stages receive
// clients; tests build their own against the emulator.
import { LambdaClient, type LambdaClientConfig } from '@aws-sdk/client-lambda'
import { STSClient } from '@aws-sdk/client-sts'
import type { S3Client } from '@aws-sdk/client-s3'
import type { SignerClient } from '@aws-sdk/client-signer'
import type { SSMClient } from '@aws-sdk/client-ssm'
import { routedLog, stepDebug, type CallLog } from './call-log.js'
import { logCalls, nameFailedCalls, type MiddlewareHost, type NamedClient } from './middleware.js'
import type { ProxyAgents } from './proxy.js'
import type { Settings } from '../settings.js'

/** A connection that cannot be made in this time (milliseconds) fails, and is retried, instead of hanging. */
const CONNECTION_TIMEOUT_MS = 10_000

/** The settings every client reads, the proxy agents (proxy.ts) when a proxy is set, and where
 * each call's debug line goes (default core.debug; a region's clients log to the region's log). */
export type ClientSettings = Pick<Settings, 'region' | 'endpointUrl'> &
  Partial<Pick<Settings, 'maxAttempts' | 'requestTimeoutSeconds'>> & { agents?: ProxyAgents; callLog?: CallLog }

/** Static credentials or a provider the SDK calls, and calls again before they expire. */
export type Credentials = NonNullable<LambdaClientConfig['credentials']>

/**
 * Standard retry strategy: throttling (429, with Retry-After), 5xx and network errors are
 * retried with backoff up to maxAttempts; validation and auth errors are not (AWS SDK for
 * JavaScript v3, "Retry strategy"). Sockets idle for requestTimeoutSeconds fail.
 */
function baseConfig(settings: ClientSettings, region: string, maxAttempts = settings.maxAttempts ?? 5) {
  return {
    region,
    endpoint: settings.endpointUrl,
    maxAttempts,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      // Inactivity, not total time: a 50 MB upload may take long, a silent socket may not.
      socketTimeout: (settings.requestTimeoutSeconds ?? 60) * 1000,
      ...settings.agents
    }
  }
}

/** `client`, logging each attempt of each call it sends (middleware.ts logCalls) and naming the
 * operation on the error a call ends with (nameFailedCalls). Every client made here goes through
 * it, so a new kind of client is logged the same way. Never throws. */
function logged<C extends { middlewareStack: object }>(client: C, settings: ClientSettings, region: string): C {
  logCalls(client as unknown as MiddlewareHost, region, routedLog(settings.callLog ?? stepDebug))
  nameFailedCalls(client as unknown as NamedClient)
  return client
}

/** An STS client for AssumeRoleWithWebIdentity, which is unsigned: it needs no credentials (STS
 * API reference). Making a client calls nothing and never throws. */
export function createStsClient(settings: ClientSettings): STSClient {
  const client = new STSClient({
    ...baseConfig(settings, settings.region),
    // The web-identity call carries its own proof; do not let the SDK hunt for credentials.
    credentials: { accessKeyId: '', secretAccessKey: '' }
  })
  return logged(client, settings, settings.region)
}

/** A signed STS client in aws-region, for GetCallerIdentity (no permission needed: STS API
 * reference). Never throws. */
export function createSignedStsClient(settings: ClientSettings, credentials: Credentials): STSClient {
  return logged(new STSClient({ ...baseConfig(settings, settings.region), credentials }), settings, settings.region)
}

/** A Lambda client in `region`; `maxAttempts: 1` gives the client for calls whose retries must be
 * ours (see publish/retry.ts). Never throws; without credentials the SDK's default chain applies. */
export function createLambdaClient(
  settings: ClientSettings,
  credentials: Credentials | undefined,
  region = settings.region,
  maxAttempts?: number
): LambdaClient {
  return logged(new LambdaClient({ ...baseConfig(settings, region, maxAttempts), credentials }), settings, region)
}

/** An S3 client in `region`, path-style for custom endpoints. Loaded lazily: the S3 SDK is only
 * needed for archives uploaded through a bucket. Never throws. */
export async function createS3Client(
  settings: ClientSettings,
  credentials: Credentials | undefined,
  region = settings.region
): Promise<S3Client> {
  const { S3Client } = await import('@aws-sdk/client-s3')
  const client = new S3Client({
    ...baseConfig(settings, region),
    credentials,
    // Custom endpoints (LocalStack, the emulator) serve buckets by path, not by host name.
    forcePathStyle: Boolean(settings.endpointUrl)
  })
  return logged(client, settings, region)
}

/** An AWS Signer client in `region`, for code signing (the profile check, the signing job and its
 * waiter). Loaded lazily: only runs with signing-profile-name need it. Never throws. */
export async function createSignerClient(settings: ClientSettings, credentials: Credentials, region: string): Promise<SignerClient> {
  const { SignerClient } = await import('@aws-sdk/client-signer')
  return logged(new SignerClient({ ...baseConfig(settings, region), credentials }), settings, region)
}

/** An SSM client in `region`, for the ssm-parameter write. Loaded lazily: only runs with
 * ssm-parameter need the SSM SDK. Never throws. */
export async function createSsmClient(settings: ClientSettings, credentials: Credentials | undefined, region: string): Promise<SSMClient> {
  const { SSMClient } = await import('@aws-sdk/client-ssm')
  return logged(new SSMClient({ ...baseConfig(settings, region), credentials }), settings, region)
}
