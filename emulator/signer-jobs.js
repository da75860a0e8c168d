// @ts-check
// AWS Signer's state: signing profiles (seeded; PutSigningProfile is not emulated) and signing
// jobs, which finish on a later DescribeSigningJob and write the signed object to
// `{destination prefix}{jobId}` (the Lambda developer guide: the jobId "is the object that is
// created in your destination bucket and prefix"; the AWS CLI example shows prefix "signed-" and
// key "signed-2065c468-...").
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { storeObject } from './s3-versions.js'
import { signZip } from './signer-zip.js'
import { regionMap } from './state.js'

/** @typedef {import('./emulator.js').Emulator} Emulator */

export const LAMBDA_PLATFORM = 'AWSLambda-SHA384-ECDSA'
/** Display names as public Signer emulators list them (not checked against AWS). */
const DISPLAY_NAMES = /** @type {Record<string, string>} */ ({ [LAMBDA_PLATFORM]: 'AWS Lambda' })

/**
 * @typedef {object} SigningProfile
 * @property {string} profileName
 * @property {string} owner account id
 * @property {string} region
 * @property {string} profileVersion ten alphanumerics (model: ProfileVersion)
 * @property {string} platformId
 * @property {'Active'|'Canceled'|'Revoked'} status (model: SigningProfileStatus)
 * @property {string} [statusReason]
 * @property {{ value: number, type: 'DAYS'|'MONTHS'|'YEARS' }} signatureValidityPeriod default 135 months
 * @property {Array<{ action: string, principal: string }>} permissions cross-account grants (AddProfilePermission)
 * @property {Record<string, string>} tags
 */

/**
 * @typedef {object} SigningJob
 * @property {string} jobId
 * @property {string} region
 * @property {string} jobOwner
 * @property {string} requestedBy
 * @property {string} clientRequestToken
 * @property {SigningProfile} profile
 * @property {{ bucketName: string, key: string, version: string }} source
 * @property {{ bucketName: string, prefix: string }} destination
 * @property {Date} createdAt
 * @property {'InProgress'|'Failed'|'Succeeded'} status (model: SigningStatus)
 * @property {string | undefined} statusReason
 * @property {number} polls DescribeSigningJob calls so far
 * @property {number} pollsUntilDone
 * @property {number} doneAt earliest completion, ms since the epoch
 * @property {string | undefined} failureReason a configured failure
 * @property {Date} [completedAt]
 * @property {Date} [signatureExpiresAt]
 * @property {{ bucketName: string, key: string }} [signedObject]
 * @property {{ reason: string, revokedAt: Date, revokedBy: string }} [revocationRecord]
 */

/**
 * How new jobs finish: after `pollsUntilDone` DescribeSigningJob calls and `msUntilDone`
 * milliseconds; with `failureReason` set they end Failed with that statusReason.
 * @returns {{ pollsUntilDone: number, msUntilDone: number, failureReason: string | undefined }}
 */
export function defaultSignerConfig() {
  return { pollsUntilDone: 1, msUntilDone: 0, failureReason: undefined }
}

/**
 * @typedef {object} AddSigningProfileOptions
 * @property {string} name
 * @property {string} [region] default us-east-1
 * @property {string} [owner] account id, default the emulator's (another account: a shared profile)
 * @property {string} [platformId] default AWSLambda-SHA384-ECDSA
 * @property {'Active'|'Canceled'|'Revoked'} [status]
 * @property {string} [statusReason]
 * @property {string} [profileVersion]
 * @property {{ value: number, type: 'DAYS'|'MONTHS'|'YEARS' }} [signatureValidityPeriod]
 * @property {Array<{ action: string, principal: string }>} [permissions] e.g. { action: 'signer:StartSigningJob', principal: '123456789012' }
 */

/** @param {Emulator} emu @param {AddSigningProfileOptions} opts @returns {SigningProfile} */
export function addSigningProfile(emu, opts) {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  /** @type {SigningProfile} */
  const profile = {
    profileName: opts.name,
    owner: opts.owner ?? emu.accountId,
    region: opts.region ?? 'us-east-1',
    profileVersion: opts.profileVersion ?? [...randomBytes(10)].map((b) => alnum[b % alnum.length]).join(''),
    platformId: opts.platformId ?? LAMBDA_PLATFORM,
    status: opts.status ?? 'Active',
    statusReason: opts.statusReason,
    signatureValidityPeriod: opts.signatureValidityPeriod ?? { value: 135, type: 'MONTHS' },
    permissions: opts.permissions ?? [],
    tags: {}
  }
  regionMap(emu.state.signingProfiles, profile.region).set(`${profile.owner}/${profile.profileName}`, profile)
  return profile
}

/** @param {Emulator} emu @param {string} region @param {string} owner @param {string} name */
export function findProfile(emu, region, owner, name) {
  return emu.state.signingProfiles.get(region)?.get(`${owner}/${name}`)
}

/** `arn:{partition}:signer:{region}:{owner}:/signing-profiles/{name}` (AWS CLI put-signing-profile example). @param {Emulator} emu @param {SigningProfile} p */
export const profileArn = (emu, p) => `arn:${emu.partition}:signer:${p.region}:${p.owner}:/signing-profiles/${p.profileName}`
/** The profile ARN plus `/{profileVersion}` (Signer cross-account guide; a recorded SigningProfileVersionArn). @param {Emulator} emu @param {SigningProfile} p */
export const profileVersionArn = (emu, p) => `${profileArn(emu, p)}/${p.profileVersion}`
/** `arn:{partition}:signer:{region}:{account}:/signing-jobs/{jobId}` (a recorded SigningJobArn). @param {Emulator} emu @param {SigningJob} j */
export const jobArn = (emu, j) => `arn:${emu.partition}:signer:${j.region}:${j.jobOwner}:/signing-jobs/${j.jobId}`
/** @param {string} platformId */
export const displayName = (platformId) => DISPLAY_NAMES[platformId] ?? platformId

/**
 * May `caller` (an account id or a principal ARN in it) use `profile` for `action`? Its own
 * account always; another account only with a grant (AddProfilePermission: the principal "may be
 * an IAM role or another AWS account ID").
 * @param {SigningProfile} profile @param {string} account @param {string} principal @param {string} action
 */
export function mayUse(profile, account, principal, action) {
  return (
    profile.owner === account ||
    profile.permissions.some((p) => p.action === action && (p.principal === account || p.principal === principal))
  )
}

/**
 * Start a job in the state; its outcome is decided when it finishes.
 * @param {Emulator} emu
 * @param {Omit<SigningJob, 'jobId' | 'createdAt' | 'status' | 'statusReason' | 'polls' | 'pollsUntilDone' | 'doneAt' | 'failureReason'>} init
 * @returns {SigningJob}
 */
export function startJob(emu, init) {
  /** @type {SigningJob} */
  const job = {
    ...init,
    jobId: randomUUID(),
    createdAt: new Date(),
    status: 'InProgress',
    statusReason: undefined,
    polls: 0,
    pollsUntilDone: Math.max(1, emu.signer.pollsUntilDone),
    doneAt: Date.now() + emu.signer.msUntilDone,
    failureReason: emu.signer.failureReason
  }
  regionMap(emu.state.signingJobs, job.region).set(job.jobId, job)
  return job
}

/**
 * Count a DescribeSigningJob poll (when `poll`) and finish the job once it is due.
 * @param {Emulator} emu @param {SigningJob} job @param {boolean} poll
 */
export function advanceJob(emu, job, poll) {
  if (job.status !== 'InProgress') return
  if (poll) job.polls += 1
  if (job.polls >= job.pollsUntilDone && Date.now() >= job.doneAt) finishJob(emu, job)
}

/** @param {Emulator} emu @param {SigningJob} job */
function finishJob(emu, job) {
  const reason = job.failureReason ?? writeSignedObject(emu, job)
  job.completedAt = new Date()
  if (reason !== undefined) {
    job.status = 'Failed'
    job.statusReason = reason
    return
  }
  job.status = 'Succeeded'
  job.statusReason = 'Signing Succeeded' // as in the AWS CLI describe-signing-job example
  const { value, type } = job.profile.signatureValidityPeriod
  const expires = new Date(job.completedAt)
  if (type === 'DAYS') expires.setUTCDate(expires.getUTCDate() + value)
  else expires.setUTCMonth(expires.getUTCMonth() + (type === 'YEARS' ? 12 * value : value))
  job.signatureExpiresAt = expires
}

/**
 * Read the source version, sign it, store it at `{prefix}{jobId}`. Buckets must be in the job's
 * region ("Cross-Region signing isn't supported", StartSigningJob docs) and the source bucket
 * versioned ("Your S3 source bucket must be version enabled"). How Signer reports a breach of
 * these is unrecorded: here the job fails with an emulator-worded statusReason.
 * @param {Emulator} emu @param {SigningJob} job
 * @returns {string | undefined} a failure reason, or undefined once the object is written
 */
function writeSignedObject(emu, job) {
  const { source, destination } = job
  const from = emu.state.buckets.get(source.bucketName)
  if (!from || from.region !== job.region) return `Source bucket ${source.bucketName} not found in ${job.region}.`
  if (from.versioning !== 'Enabled') return `Source bucket ${source.bucketName} is not version enabled.`
  const object = from.versions.get(source.key)?.find((v) => v.versionId === source.version)
  if (!object || object.deleteMarker) return `Source object ${source.key} version ${source.version} not found.`
  const to = emu.state.buckets.get(destination.bucketName)
  if (!to || to.region !== job.region) return `Destination bucket ${destination.bucketName} not found in ${job.region}.`
  const result = signZip(object.body, {
    jobArn: jobArn(emu, job),
    profileVersionArn: profileVersionArn(emu, job.profile),
    platformId: job.profile.platformId
  })
  if ('failure' in result) return result.failure
  const key = `${destination.prefix}${job.jobId}`
  const etag = `"${createHash('md5').update(result.signed).digest('hex')}"`
  storeObject(to, key, { body: result.signed, etag, contentType: 'application/zip', lastModified: new Date(), metadata: {} })
  job.signedObject = { bucketName: destination.bucketName, key }
  return undefined
}
