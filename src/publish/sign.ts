// Code signing with AWS Signer, as the Lambda developer guide lays it out: the zip as a version of
// an S3 object in a versioned bucket, a signing job with a profile of the Lambda platform, and the
// signed zip the job writes to `{destination prefix}{jobId}` in the same region (Signer API
// reference, StartSigningJob: "Cross-Region signing isn't supported"). This module holds the
// Signer calls before and around the job; waiting is in signing-wait.ts, the signed object in
// signed-object.ts, and the order of it all in regions/signing.ts.
import { createHash } from 'node:crypto'
import type { SignerClient } from '@aws-sdk/client-signer'
import { ActionError, CancelledError, describeError } from '../errors.js'
import { partitionOfRegion, shortLayerName } from '../inputs/rules.js'
import type { SigningSettings } from '../settings.js'

/** The only platform whose signatures Lambda checks (Lambda developer guide, code signing;
 * `aws signer list-signing-platforms`). */
export const LAMBDA_SIGNING_PLATFORM = 'AWSLambda-SHA384-ECDSA'

/** An Active Lambda signing profile, as GetSigningProfile described it. */
export interface SigningProfile {
  name: string
  /** The owning account, when it is another account's profile. */
  owner?: string
  /** The region it lives in: the first region, where the zip is signed. */
  region: string
  /** Signer's profile version (ten alphanumerics); a new one each time the profile is re-created. */
  version: string
  /** `arn:{partition}:signer:{region}:{owner}:/signing-profiles/{name}/{version}`: what a consumer's
   * code signing config lists (AllowedPublishers.SigningProfileVersionArns). */
  versionArn: string
}

/** The words for the profile in messages: its name, and its owner when it is another account's. */
function profileLabel(signing: Pick<SigningSettings, 'profileName' | 'profileOwner'>): string {
  return `'${signing.profileName}'${signing.profileOwner ? ` of account ${signing.profileOwner}` : ''}`
}

function profileFix(err: unknown, signing: SigningSettings, region: string): string | undefined {
  const name = (err as Error | undefined)?.name
  if (name === 'ResourceNotFoundException')
    return `Create it in ${region}, the first region, where the zip is signed (aws signer put-signing-profile --platform-id ${LAMBDA_SIGNING_PLATFORM} --profile-name ${signing.profileName}), or set signing-profile-owner to the account that owns it`
  if (name === 'AccessDeniedException')
    return `The role needs signer:GetSigningProfile on the profile${signing.profileOwner ? ', and its owner must grant it to this account (AddProfilePermission)' : ''}`
  return undefined
}

/**
 * GetSigningProfile for the profile in `region`: returns it when it is Active and of the Lambda
 * platform. Throws ActionError when the call fails (not found, access denied), when the profile
 * is Canceled or Revoked (a canceled profile starts no job; a revoked one's signatures are
 * invalid: Signer developer guide, "Revoking signing profiles") or of another platform (Lambda
 * rejects it); CancelledError when `signal` aborts.
 */
export async function checkSigningProfile(
  signer: SignerClient,
  signing: SigningSettings,
  region: string,
  signal?: AbortSignal
): Promise<SigningProfile> {
  const { GetSigningProfileCommand } = await import('@aws-sdk/client-signer')
  const label = profileLabel(signing)
  let answer
  try {
    answer = await signer.send(new GetSigningProfileCommand({ profileName: signing.profileName, profileOwner: signing.profileOwner }), {
      abortSignal: signal
    })
  } catch (err) {
    if (signal?.aborted) throw new CancelledError('Reading the signing profile')
    throw new ActionError(
      `Reading the signing profile ${label} in ${region} failed: ${describeError(err)}`,
      profileFix(err, signing, region),
      {
        cause: err
      }
    )
  }
  if (answer.platformId !== LAMBDA_SIGNING_PLATFORM) {
    throw new ActionError(
      `The signing profile ${label} is for the platform ${answer.platformId ?? '(none)'}, and Lambda accepts only ${LAMBDA_SIGNING_PLATFORM} signatures`,
      `Use a profile created with --platform-id ${LAMBDA_SIGNING_PLATFORM}`
    )
  }
  if (answer.status !== 'Active') {
    const why = answer.statusReason ? ` (${answer.statusReason})` : ''
    throw new ActionError(
      `The signing profile ${label} is ${answer.status ?? 'not Active'}${why}: it cannot sign, and nothing was uploaded or published`,
      'Use an Active profile (aws signer put-signing-profile makes a new one), and list its new profile version ARN in the code signing configs that should accept it'
    )
  }
  if (!answer.profileVersion || !answer.profileVersionArn)
    throw new ActionError(`GetSigningProfile ${label} answered without the profile version`)
  return {
    name: signing.profileName,
    owner: signing.profileOwner,
    region,
    version: answer.profileVersion,
    versionArn: answer.profileVersionArn
  }
}

/** The destination prefix of a layer's signed zips; Signer names each `{prefix}{jobId}`. Never throws. */
export function signedPrefix(layerName: string): string {
  return `publish-lambda-layer/${shortLayerName(layerName)}/signed/`
}

/** What makes a signing request the same one again. */
export interface TokenParts {
  /** Base64 SHA-256 of the unsigned zip. */
  sha256: string
  profile: Pick<SigningProfile, 'name' | 'owner' | 'version'>
  bucket: string
  key: string
  prefix: string
  /** GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT (or one value per process outside Actions). */
  run: string
}

/**
 * The StartSigningJob client request token: a UUID-shaped digest of the zip, the profile version,
 * where it is read from and written to, and the run and its attempt. Signer returns the first
 * answer to every later call with the same token (model: clientRequestToken), so a start retried
 * in this run (after a lost answer, or by a re-run of the step in the same attempt) gets the same
 * job back, while a re-run attempt, another zip or another profile version signs anew. The UUID
 * shape is what the SDK itself sends when no token is given. Never throws.
 */
export function clientRequestToken(parts: TokenParts): string {
  const { profile } = parts
  const fields = [parts.sha256, profile.owner ?? '', profile.name, profile.version, parts.bucket, parts.key, parts.prefix, parts.run]
  const hex = createHash('sha256').update(JSON.stringify(fields)).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/** One signing request: the source object version, where the signed zip goes, and the token. */
export interface SigningRequest {
  profile: SigningProfile
  source: { bucket: string; key: string; versionId: string }
  destination: { bucket: string; prefix: string }
  token: string
}

/** A started (or, for a token already used, an earlier) signing job. */
export interface StartedJob {
  jobId: string
  jobOwner: string
  /** `arn:{partition}:signer:{region}:{jobOwner}:/signing-jobs/{jobId}`, as Lambda reports SigningJobArn. */
  jobArn: string
}

/**
 * StartSigningJob. Returns the job. Throws ActionError when Signer refuses (with the fix for a
 * missing permission) or answers without a job id; CancelledError when `signal` aborts, saying
 * the job may have started (Signer has no call to cancel one).
 */
export async function startSigningJob(signer: SignerClient, request: SigningRequest, signal?: AbortSignal): Promise<StartedJob> {
  const { StartSigningJobCommand } = await import('@aws-sdk/client-signer')
  const { profile, source, destination, token } = request
  let answer
  try {
    answer = await signer.send(
      new StartSigningJobCommand({
        profileName: profile.name,
        profileOwner: profile.owner,
        source: { s3: { bucketName: source.bucket, key: source.key, version: source.versionId } },
        destination: { s3: { bucketName: destination.bucket, prefix: destination.prefix } },
        clientRequestToken: token
      }),
      { abortSignal: signal }
    )
  } catch (err) {
    if (signal?.aborted)
      throw new CancelledError(
        `Starting the signing job (a job may have started; AWS Signer cannot cancel it; client request token ${token})`
      )
    const fix =
      (err as Error).name === 'AccessDeniedException'
        ? `The role needs signer:StartSigningJob on the profile${profile.owner ? ' (granted by its owner with AddProfilePermission)' : ''}, and s3:GetObjectVersion and s3:PutObject on s3://${source.bucket}/`
        : undefined
    throw new ActionError(`AWS Signer refused to start the signing job: ${describeError(err)}`, fix, { cause: err })
  }
  if (!answer.jobId) throw new ActionError('StartSigningJob answered without a job id')
  const jobOwner = answer.jobOwner ?? ''
  return { jobId: answer.jobId, jobOwner, jobArn: signingJobArn(profile.region, jobOwner, answer.jobId) }
}

/** A signing job's ARN (recorded SigningJobArn values: `arn:aws:signer:us-east-1:731696908010:/signing-jobs/5b55...`). Never throws. */
export function signingJobArn(region: string, account: string, jobId: string): string {
  return `arn:${partitionOfRegion(region)}:signer:${region}:${account}:/signing-jobs/${jobId}`
}

/** The region and job id of a signing job ARN, or undefined for anything else. Never throws. */
export function parseSigningJobArn(arn: string): { region: string; jobId: string } | undefined {
  const match = /^arn:[\w-]+:signer:([a-z0-9-]+):\d{12}:\/signing-jobs\/(.+)$/.exec(arn)
  return match ? { region: match[1], jobId: match[2] } : undefined
}
