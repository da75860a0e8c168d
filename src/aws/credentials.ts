// Credentials stage: who the AWS calls run as. With role-to-assume: a GitHub OIDC token, then STS
// AssumeRoleWithWebIdentity, again (with a fresh token) before the session expires. Without: the
// keys in the environment, else the SDK's default chain. Kept in memory for this step's clients
// only (never exported to later steps).
import * as core from '@actions/core'
import { fromEnv } from '@aws-sdk/credential-provider-env'
import { defaultProvider } from '@aws-sdk/credential-provider-node'
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts'
import { memoize } from '@smithy/core/config'
import { ActionError, asError, CancelledError, describeError } from '../errors.js'
import { checkLayerOwner } from '../inputs/rules.js'
import type { Settings } from '../settings.js'
import { stepDebug } from './call-log.js'
import { createSignedStsClient, createStsClient, type ClientSettings, type Credentials } from './clients.js'
import { fetchIdToken } from './oidc.js'
import { explainStsError } from './sts-errors.js'

/** The settings the credentials stage reads. */
export type CredentialSettings = Pick<Settings, 'roleToAssume' | 'roleSessionName' | 'roleDurationSeconds' | 'audience'> &
  Partial<Pick<Settings, 'layerName'>>

/** Temporary credentials, as STS gives them. */
export interface AwsCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  expiration?: Date
}

/** A provider the SDK calls for credentials, and calls again when they are about to expire. */
export type CredentialProvider = () => Promise<AwsCredentials>

/** What the credentials stage reaches outside through, so tests can stand in for it. */
export interface CredentialDeps {
  /** Unsigned: AssumeRoleWithWebIdentity carries its own proof. */
  sts: STSClient
  /** A fresh GitHub OIDC token for the audience, masked already (oidc.ts fetchIdToken). */
  getIDToken: (audience: string) => Promise<string>
  setSecret: (value: string) => void
  env: NodeJS.ProcessEnv
  /** STS GetCallerIdentity signed with `credentials`: the caller's ARN. */
  callerArn: (credentials: Credentials) => Promise<string | undefined>
  warn: (message: string) => void
  debug?: (message: string) => void
  /** Aborts when the run is cancelled: the token request and the STS calls are cut off. */
  signal?: AbortSignal
}

/** The credentials for every client, and the ARN the calls run as when it is known. */
export interface ResolvedCredentials {
  credentials: Credentials
  runsAs?: string
}

/** The SDK refreshes credentials this long before they expire (@smithy/core EXPIRATION_MS); the
 * shared provider does the same, so the clients never ask it for credentials it would reuse. */
const REFRESH_BEFORE_MS = 300_000

/**
 * Credentials for every client, resolved once now so a refusal fails the step before any other
 * call. With role-to-assume: one provider, shared by every region's clients, that assumes the
 * role again with a fresh OIDC token when the session is within 5 minutes of expiring; the token
 * and each credential part are masked before anything else. Without: ambientCredentials. Throws
 * ActionError when no OIDC token can be had or STS refuses (explainStsError says why and what to
 * change); InputError (layer-name) when the ambient credentials are of another account than a
 * layer ARN given as layer-name; CancelledError when deps.signal aborts first.
 */
export async function resolveCredentials(settings: CredentialSettings, deps: CredentialDeps): Promise<ResolvedCredentials> {
  if (!settings.roleToAssume) {
    // A role's account was checked against a layer ARN with the inputs; these only now.
    const ambient = await ambientCredentials(deps)
    checkLayerOwner(ambient.runsAs, settings.layerName ?? '', `the identity the AWS calls run as (${ambient.runsAs})`)
    return ambient
  }
  let runsAs: string | undefined
  const provider = memoize(
    async () => {
      const assumed = await assumeRole(settings, deps)
      runsAs = assumed.arn
      return assumed.credentials
    },
    (c) => c.expiration !== undefined && c.expiration.getTime() - Date.now() < REFRESH_BEFORE_MS,
    (c) => c.expiration !== undefined
  )
  await provider()
  return { credentials: provider, runsAs }
}

async function assumeRole(settings: CredentialSettings, deps: CredentialDeps): Promise<{ credentials: AwsCredentials; arn?: string }> {
  const token = await deps.getIDToken(settings.audience)
  let response
  try {
    response = await deps.sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: settings.roleToAssume,
        RoleSessionName: settings.roleSessionName,
        DurationSeconds: settings.roleDurationSeconds,
        WebIdentityToken: token
      }),
      { abortSignal: deps.signal }
    )
  } catch (err) {
    if (deps.signal?.aborted) throw new CancelledError(`Assuming ${settings.roleToAssume}`)
    throw explainStsError(err, settings)
  }
  const creds = response.Credentials
  if (!creds?.AccessKeyId || !creds.SecretAccessKey || !creds.SessionToken) {
    throw new ActionError('STS AssumeRoleWithWebIdentity returned no credentials')
  }
  for (const part of [creds.AccessKeyId, creds.SecretAccessKey, creds.SessionToken]) deps.setSecret(part)
  deps.debug?.(`Assumed ${settings.roleToAssume}; the session expires at ${creds.Expiration?.toISOString() ?? '(not given)'}`)
  const credentials = {
    accessKeyId: creds.AccessKeyId,
    secretAccessKey: creds.SecretAccessKey,
    sessionToken: creds.SessionToken,
    expiration: creds.Expiration
  }
  return { credentials, arn: response.AssumedRoleUser?.Arn }
}

/** Where credentials come from without role-to-assume, and the warning when two sources are set. */
export function ambientSource(env: NodeJS.ProcessEnv): { kind: 'environment' | 'default-chain'; label: string; warning?: string } {
  const keys = Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY)
  if (!keys) return { kind: 'default-chain', label: "the AWS SDK's default credential chain" }
  const label = 'AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment'
  if (!env.AWS_PROFILE) return { kind: 'environment', label }
  // The JS SDK's default chain would take the profile (aws/aws-sdk-js-v3#2549); the AWS CLI and
  // configure-aws-credentials take the keys, which users expect.
  const warning = `Both AWS_PROFILE ('${env.AWS_PROFILE}') and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set: using the keys in the environment, as the AWS CLI does, not the profile; unset one of them to choose explicitly`
  return { kind: 'environment', label, warning }
}

/** Names of errors that mean "these credentials are no good" rather than "STS is unreachable". */
const REFUSED = new Set([
  'CredentialsProviderError',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException'
])

/**
 * The keys in the environment (over AWS_PROFILE, with a warning, when both are set) or the SDK's
 * default chain, one provider for every client; and the caller's ARN from GetCallerIdentity.
 * Throws ActionError when no credentials are found or STS refuses them; any other
 * GetCallerIdentity failure is only a warning, the calls themselves will tell.
 */
async function ambientCredentials(deps: CredentialDeps): Promise<ResolvedCredentials> {
  const source = ambientSource(deps.env)
  if (source.warning) deps.warn(source.warning)
  const credentials = source.kind === 'environment' ? fromEnv() : defaultProvider()
  try {
    return { credentials, runsAs: await deps.callerArn(credentials) }
  } catch (err) {
    if (deps.signal?.aborted) throw new CancelledError('Checking the AWS credentials (STS GetCallerIdentity)')
    if (!REFUSED.has(asError(err).name)) {
      deps.warn(`Could not tell which account the AWS calls run as (STS GetCallerIdentity: ${describeError(err)})`)
      return { credentials }
    }
    const what = asError(err).name === 'CredentialsProviderError' ? 'gave no AWS credentials' : 'gave AWS credentials STS refused'
    throw new ActionError(
      `${source.label[0].toUpperCase()}${source.label.slice(1)} ${what} (${describeError(err)})`,
      'Set role-to-assume (with `permissions: id-token: write`), or give valid credentials in an earlier step (aws-actions/configure-aws-credentials)',
      { cause: err }
    )
  }
}

/** "arn (account 123456789012)" for the log line that says who the calls run as. Never throws. */
export function describeCaller(arn: string | undefined): string {
  if (!arn) return 'an unknown identity'
  const account = arn.split(':')[4]
  return account ? `${arn} (account ${account})` : arn
}

/**
 * The real dependencies, for main.ts: STS through `settings` (endpoint, retries, timeouts, proxy
 * agents), the OIDC token by fetchIdToken with request-timeout-seconds and max-attempts, and
 * @actions/core's masking and log; every call stopped when `signal` (the run's cancel) aborts.
 * Never throws.
 */
export function defaultCredentialDeps(
  settings: ClientSettings & Pick<Settings, 'maxAttempts' | 'requestTimeoutSeconds'>,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal
): CredentialDeps {
  return {
    signal,
    sts: createStsClient(settings),
    getIDToken: (audience) =>
      fetchIdToken({
        audience,
        env,
        timeoutSeconds: settings.requestTimeoutSeconds,
        maxAttempts: settings.maxAttempts,
        mask: (token) => core.setSecret(token),
        log: (message) => core.info(message),
        debug: stepDebug,
        signal
      }),
    setSecret: (value) => core.setSecret(value),
    env,
    callerArn: async (credentials) =>
      (await createSignedStsClient(settings, credentials).send(new GetCallerIdentityCommand({}), { abortSignal: signal })).Arn,
    warn: (message) => core.warning(message),
    debug: (message) => core.debug(message)
  }
}
