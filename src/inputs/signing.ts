// The code signing inputs: an AWS Signer profile (signer-2017-08-25 model: profileName 2-64 of
// [a-zA-Z0-9_], profileOwner a 12-digit account), who owns it, and how long to wait for the job.
// Signer reads the zip only from a version of an S3 object and writes the signed zip to S3
// (StartSigningJob documentation), so signing needs s3-bucket.
import { InputError } from '../errors.js'
import type { SigningSettings } from '../settings.js'
import { ACCOUNT_ID_PATTERN } from './rules.js'

const PROFILE_NAME_PATTERN = /^[a-zA-Z0-9_]{2,64}$/

/** The raw values of the three signing inputs, already trimmed; timeout as a number. */
export interface SigningInputs {
  profileName: string
  profileOwner: string
  timeoutSeconds: number
}

/** Shortest and longest wait for a signing job (signing-timeout-seconds): above the waiter's
 * 2 s first delay (publish/signing-wait.ts), and within an hour, far past any Lambda signing job. */
export const SIGNING_TIMEOUT_RANGE = { min: 5, max: 3600 } as const

/**
 * The signing settings, or undefined when signing-profile-name is empty. Throws InputError for a
 * malformed profile name or owner, an owner without a profile, no s3-bucket (naming both inputs),
 * or a timeout outside SIGNING_TIMEOUT_RANGE. Makes no AWS call.
 */
export function checkSigning(input: SigningInputs, s3Bucket: string | undefined): SigningSettings | undefined {
  const { profileName, profileOwner, timeoutSeconds } = input
  if (!profileName) {
    if (profileOwner) throw new InputError('signing-profile-owner', "requires 'signing-profile-name'")
    return undefined
  }
  if (!PROFILE_NAME_PATTERN.test(profileName)) {
    throw new InputError('signing-profile-name', `'${profileName}' must be 2-64 letters, digits and '_' (an AWS Signer profile name)`)
  }
  if (profileOwner && !ACCOUNT_ID_PATTERN.test(profileOwner)) {
    throw new InputError('signing-profile-owner', `'${profileOwner}' must be the 12-digit account id that owns the profile`)
  }
  if (!s3Bucket) {
    throw new InputError(
      'signing-profile-name',
      "requires 's3-bucket': AWS Signer signs only a version of an S3 object and writes the signed zip back to S3",
      "Set 's3-bucket' to a bucket with versioning enabled in the first region (the signing region), with {region} in its name for several regions"
    )
  }
  const { min, max } = SIGNING_TIMEOUT_RANGE
  if (timeoutSeconds < min || timeoutSeconds > max) {
    throw new InputError('signing-timeout-seconds', `${timeoutSeconds} must be between ${min} and ${max}`)
  }
  return { profileName, profileOwner: profileOwner || undefined, timeoutSeconds }
}
