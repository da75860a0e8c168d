// Code signing across regions: the profile is checked once before any region starts; the zip is
// signed once, in the first region, when the first region that needs a new version asks for it
// (with skip-unchanged, maybe never); each region then publishes that signed zip, from where it
// is or from a copy in its own bucket. A version kept by skip-unchanged must carry the signature
// this run would give it.
import type { LayerVersionContentInput } from '@aws-sdk/client-lambda'
import type { S3Client } from '@aws-sdk/client-s3'
import type { SignerClient } from '@aws-sdk/client-signer'
import type { LayerVersion } from '../aws/layer-version.js'
import { ActionError, CancelledError, describeError } from '../errors.js'
import { bucketIn } from '../inputs/checks.js'
import type { ArchiveFacts } from '../publish/publish.js'
import { defaultS3Key, uploadToS3 } from '../publish/s3.js'
import {
  checkSigningProfile,
  clientRequestToken,
  parseSigningJobArn,
  signedPrefix,
  startSigningJob,
  type SigningProfile,
  type StartedJob
} from '../publish/sign.js'
import { copySignedObject, readSignedObject, s3Content, type SignedObject } from '../publish/signed-object.js'
import { waitForSigningJob } from '../publish/signing-wait.js'
import type { Verdict } from '../publish/unchanged.js'
import type { Settings, SigningSettings } from '../settings.js'
import { logCallsTo } from '../aws/call-log.js'
import type { RegionLog } from './step-log.js'

/** What signing needs of the run: settings, the clients of a region, the logs, the cancel signal. */
export interface SigningContext {
  settings: Settings
  clients: (region: string) => { s3: () => Promise<S3Client>; signer: () => Promise<SignerClient> }
  /** The Signing stage's log: the profile check. */
  log: (message: string) => void
  debug?: (message: string) => void
  /** The signing job's own log, kept in groups (upload, signing job) and printed with its result
   * line when signing ends (step-log.ts shared), its calls' debug lines included. */
  job: RegionLog & { ended: (line: string) => void }
  signal?: AbortSignal
  /** Where a region records what it undid (a multipart upload aborted on cancel), for the summary. */
  progress?: (region: string) => { undone: string[] }
}

/** The signed zip as one region publishes it. */
export interface SignedSource {
  content: LayerVersionContentInput
  /** Base64 SHA-256 and bytes of the signed zip: Lambda's CodeSha256 and CodeSize of the version. */
  sha256: string
  size: number
  jobArn: string
  profileVersionArn: string
}

/** A run's signing, shared by its regions. */
export interface RegionSigning {
  profile: SigningProfile
  /** Once StartSigningJob answered: the job (also when it then failed), for the outputs. */
  job?: SignedJob
  /** A skip-unchanged verdict, kept when the version is signed by this profile version with a
   * signature neither revoked nor expired, else turned into "publish" with the reason. Never throws. */
  vet(verdict: Verdict): Promise<Verdict>
  /** The signed zip for `region` (signed on first use), a copy logged to `log`, the region's.
   * Throws what signing or the copy throws. */
  sourceIn(region: string, log: (message: string) => void): Promise<SignedSource>
}

/** The job that signs (or signed, or failed to sign) the run's zip. */
export interface SignedJob {
  jobArn: string
  profileVersionArn: string
}

/** The signed zip in the first region, and the job that made it. */
interface SignedZip {
  job: StartedJob
  object: SignedObject
}

/**
 * Checks the signing profile in the first region (GetSigningProfile) and returns the run's
 * signing. `run` tells this run's attempt apart (GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT). Throws
 * what checkSigningProfile throws: before anything is uploaded or published.
 */
export async function prepareSigning(ctx: SigningContext, archive: ArchiveFacts, run: string): Promise<RegionSigning> {
  const region = ctx.settings.regions[0]
  const profile = await checkSigningProfile(await ctx.clients(region).signer(), ctx.settings.signing as SigningSettings, region, ctx.signal)
  ctx.log(`Signing with ${profile.versionArn} (AWS Signer profile ${profile.name}, version ${profile.version}) in ${region}`)
  let signed: Promise<SignedZip> | undefined
  const started = (job: StartedJob) => void (signing.job = { jobArn: job.jobArn, profileVersionArn: profile.versionArn })
  const signedZip = () => (signed ??= signLogged(ctx, { profile, archive, run, started }))
  const checks = new Map<string, Promise<string | undefined>>()
  const signatureProblem = (jobArn: string): Promise<string | undefined> => {
    let check = checks.get(jobArn)
    if (!check) checks.set(jobArn, (check = describeSignature(ctx, jobArn)))
    return check
  }
  const signing: RegionSigning = {
    profile,
    vet: async (verdict) => {
      if (!verdict.same) return verdict
      const problem = reuseProblem(verdict.version, profile) ?? (await signatureProblem(verdict.version.signingJobArn as string))
      if (!problem) return verdict
      return { ...verdict, same: false, reason: `version ${verdict.version.version} holds the same content, but ${problem}` }
    },
    sourceIn: async (region, log) => {
      const { job, object } = await signedZip()
      const here = region === profile.region ? object : await copyTo(ctx, object, region, log)
      return {
        content: s3Content(here),
        sha256: object.sha256,
        size: object.size,
        jobArn: job.jobArn,
        profileVersionArn: profile.versionArn
      }
    }
  }
  return signing
}

/** What one signing needs besides the context; `started` is told the job once it exists. */
interface SigningRun {
  profile: SigningProfile
  archive: ArchiveFacts
  run: string
  started: (job: StartedJob) => void
}

/** signOnce in the job's own log, its calls' debug lines there too; the log ends with the
 * signed zip or the failure. Returns and throws what signOnce does. */
async function signLogged(ctx: SigningContext, signing: SigningRun): Promise<SignedZip> {
  try {
    const signed = await logCallsTo(ctx.job.debug, () => signOnce(ctx, signing))
    ctx.job.ended(`signed zip s3://${signed.object.bucket}/${signed.object.key}, CodeSha256 ${signed.object.sha256}`)
    return signed
  } catch (err) {
    ctx.job.ended(`failed: ${describeError(err)}`)
    throw err
  }
}

/** Uploads the zip to the first region's bucket, signs that version and reads the signed zip,
 * logging to the job's log. */
async function signOnce(ctx: SigningContext, { profile, archive, run, started }: SigningRun): Promise<SignedZip> {
  const { settings, signal, job: log } = ctx
  const clients = ctx.clients(profile.region)
  const s3 = await clients.s3()
  const bucket = bucketIn(settings.s3Bucket as string, profile.region)
  const key = settings.s3Key ? bucketIn(settings.s3Key, profile.region) : defaultS3Key(settings.layerName, archive.contentDigest)
  log.stage('upload', `uploading the zip to s3://${bucket}/${key} for signing`)
  const { versionId } = await uploadToS3(s3, { bucket, key, zipPath: archive.path, signal }).catch((err: unknown) => {
    // Signing is shared by the regions: what the upload undid is told once, in the first region.
    if (err instanceof CancelledError && err.undone) ctx.progress?.(profile.region).undone.push(err.undone)
    throw err
  })
  // No id: versioning never enabled; 'null': suspended (S3 writes the null version then).
  if (!versionId || versionId === 'null') {
    throw new ActionError(
      `s3://${bucket} is not versioned: S3 gave the upload of ${key} ${versionId ? 'the null version id (versioning is suspended)' : 'no version id'}, and AWS Signer signs only a version of an object in a bucket with versioning enabled; nothing was signed or published`,
      `Enable versioning on the bucket (aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled)`
    )
  }
  const prefix = signedPrefix(settings.layerName)
  const token = clientRequestToken({ sha256: archive.sha256, profile, bucket, key, prefix, run })
  const timeoutSeconds = (settings.signing as SigningSettings).timeoutSeconds
  log.stage('signing job', `signing s3://${bucket}/${key} with ${profile.name} and waiting for the job (at most ${timeoutSeconds} s)`)
  log.debug(`StartSigningJob for s3://${bucket}/${key} version ${versionId}, client request token ${token}`)
  const signer = await clients.signer()
  const job = await startSigningJob(signer, { profile, source: { bucket, key, versionId }, destination: { bucket, prefix }, token }, signal)
  started(job)
  log.log(`Signing s3://${bucket}/${key} (version ${versionId}): signing job ${job.jobArn}`)
  const destination = `s3://${bucket}/${prefix}${job.jobId}`
  const done = await waitForSigningJob(signer, job.jobId, { timeoutSeconds, signal, log: log.log, destination })
  if (done.revocationRecord) {
    // A token replays its first job, which may have been revoked since.
    throw new ActionError(
      `Signing job ${job.jobId}'s signature was revoked (${done.revocationRecord.reason ?? 'no reason given'}); nothing was published`,
      'Re-run the workflow (a new attempt signs anew)'
    )
  }
  const at = done.signedObject?.s3
  if (!at?.bucketName || !at.key) throw new ActionError(`Signing job ${job.jobId} succeeded without naming its signed object`)
  const object = await readSignedObject(s3, at.bucketName, at.key, signal)
  log.log(
    `Signed zip: s3://${object.bucket}/${object.key} (version ${object.versionId ?? 'none'}, ${object.size} bytes, CodeSha256 ${object.sha256})`
  )
  return { job, object }
}

/** The signed zip copied to `region`'s own bucket (s3-bucket with {region} filled in), logged
 * to `log`, the region's. */
async function copyTo(ctx: SigningContext, object: SignedObject, region: string, log: (m: string) => void): Promise<SignedObject> {
  const bucket = bucketIn(ctx.settings.s3Bucket as string, region)
  const copy = await copySignedObject(await ctx.clients(region).s3(), object, bucket, ctx.signal)
  log(`Copied the signed zip to s3://${copy.bucket}/${copy.key}`)
  return copy
}

/** Why a version with the same content is not the one this run would publish: unsigned, or
 * signed by another profile version (a consumer's code signing config lists profile versions).
 * Undefined when its signer is this profile version. Never throws. */
function reuseProblem(version: LayerVersion, profile: SigningProfile): string | undefined {
  if (!version.signingProfileVersionArn) return 'it is not signed'
  if (version.signingProfileVersionArn !== profile.versionArn)
    return `it is signed by ${version.signingProfileVersionArn}, not by ${profile.versionArn}, the profile version this run signs with`
  if (!version.signingJobArn) return 'Lambda names no signing job for it, so its signature cannot be checked'
  return undefined
}

/** Whether the signature of the job `jobArn` made still holds: revoked or expired signatures fail
 * Lambda's checks (Lambda developer guide, "Signature validation"). Undefined when it holds; the
 * reason otherwise, also when the job cannot be read. Never throws. */
async function describeSignature(ctx: SigningContext, jobArn: string): Promise<string | undefined> {
  const parsed = parseSigningJobArn(jobArn)
  if (!parsed) return `its signing job ARN ${jobArn} cannot be read`
  try {
    const { DescribeSigningJobCommand } = await import('@aws-sdk/client-signer')
    const signer = await ctx.clients(parsed.region).signer()
    const job = await signer.send(new DescribeSigningJobCommand({ jobId: parsed.jobId }), { abortSignal: ctx.signal })
    if (job.revocationRecord) return `its signature was revoked (${job.revocationRecord.reason ?? 'no reason given'})`
    if (job.signatureExpiresAt && job.signatureExpiresAt.getTime() <= Date.now())
      return `its signature expired on ${job.signatureExpiresAt.toISOString()}`
    return undefined
  } catch (err) {
    return `its signing job could not be checked (${describeError(err)})`
  }
}
