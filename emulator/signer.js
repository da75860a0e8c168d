// @ts-check
// AWS Signer over REST-JSON (requests signed for service "signer"): StartSigningJob,
// DescribeSigningJob, ListSigningJobs, RevokeSignature and GetSigningProfile, with the shapes,
// constraints and error codes of the signer-2017-08-25 model (botocore / aws-sdk-js-v3
// signer.json). Profiles and jobs live in signer-jobs.js.
import { ApiError } from './errors.js'
import { jsonReply } from './http-util.js'
import { sessionError } from './session.js'
import * as jobs from './signer-jobs.js'
import { Violations } from './validation.js'

/** @typedef {import('./server.js').Ctx} Ctx */
/** @typedef {import('./signer-jobs.js').SigningJob} SigningJob */
/** @typedef {import('./signer-jobs.js').SigningProfile} SigningProfile */

const PROFILE_NAME = { min: 2, max: 64, pattern: '^[a-zA-Z0-9_]{2,}$' }
const ACCOUNT_ID = { min: 12, max: 12, pattern: '^[0-9]{12}$' }
const epoch = (/** @type {Date | undefined} */ d) => (d ? d.getTime() / 1000 : undefined)

/**
 * @param {Ctx} ctx
 * @returns {import('./server.js').Route}
 */
export function matchSigner(ctx) {
  const [what, id, action] = ctx.segments
  const m = ctx.method
  /** @type {any} */
  let json
  try {
    json = ctx.body.length ? JSON.parse(ctx.body.toString('utf8')) : {}
  } catch {
    json = undefined
  }
  /** @type {[string, () => import('./http-util.js').Reply] | undefined} */
  let op
  const n = ctx.segments.length
  if (what === 'signing-jobs' && n === 1 && m === 'POST') op = ['StartSigningJob', () => startSigningJob(ctx, json)]
  else if (what === 'signing-jobs' && n === 1 && m === 'GET') op = ['ListSigningJobs', () => listSigningJobs(ctx)]
  else if (what === 'signing-jobs' && n === 2 && m === 'GET') op = ['DescribeSigningJob', () => describeSigningJob(ctx, id)]
  else if (what === 'signing-jobs' && n === 3 && action === 'revoke' && m === 'PUT')
    op = ['RevokeSignature', () => revokeSignature(ctx, id, json)]
  else if (what === 'signing-profiles' && n === 2 && m === 'GET') op = ['GetSigningProfile', () => getSigningProfile(ctx, id)]
  return {
    service: 'signer',
    operation: op?.[0] ?? 'Unknown',
    body: json,
    run: () => {
      const denied = sessionError(ctx, 403)
      if (denied) throw denied
      if (!op) throw new ApiError('UnknownOperationException', 404, `Unknown operation ${m} ${ctx.path}`)
      if (json === undefined) throw new ApiError('SerializationException', 400, 'Could not parse request body into json')
      return op[1]()
    }
  }
}

/** The caller: the emulator's account, and the assumed-role ARN of an STS session key. @param {Ctx} ctx */
function caller(ctx) {
  const emu = ctx.emu
  const session = emu.sts.issued.find((c) => c.accessKeyId === ctx.accessKeyId)
  return { account: emu.accountId, principal: session?.assumedRoleArn ?? `arn:${emu.partition}:iam::${emu.accountId}:root` }
}

/** @param {Ctx} ctx @param {string} name */
const notFound = (ctx, name) =>
  new ApiError('ResourceNotFoundException', 404, `Signing profile ${name} not found in ${ctx.region ?? 'us-east-1'}.`)

/**
 * The profile a request names, in its own account or, with profileOwner, a shared one.
 * @param {Ctx} ctx @param {string} name @param {string | undefined} owner @param {string} action IAM action the grant must allow
 */
function profileFor(ctx, name, owner, action) {
  const who = caller(ctx)
  const profile = jobs.findProfile(ctx.emu, ctx.region ?? 'us-east-1', owner ?? who.account, name)
  if (!profile) throw notFound(ctx, name)
  if (!jobs.mayUse(profile, who.account, who.principal, action)) {
    throw new ApiError(
      'AccessDeniedException',
      403,
      `${who.principal} is not allowed to perform ${action} on ${jobs.profileArn(ctx.emu, profile)}.`
    )
  }
  return profile
}

/** @param {Ctx} ctx @param {any} b */
function startSigningJob(ctx, b) {
  const v = new Violations()
  const s3 = b.source?.s3
  if (!s3) v.add(undefined, 'source.s3', 'Member must not be null')
  else for (const f of ['bucketName', 'key', 'version']) v.string(s3[f], `source.s3.${f}`, { required: true })
  if (!b.destination?.s3?.bucketName) v.add(undefined, 'destination.s3.bucketName', 'Member must not be null')
  v.string(b.profileName, 'profileName', { ...PROFILE_NAME, required: true })
  v.string(b.clientRequestToken, 'clientRequestToken', { required: true })
  v.string(b.profileOwner, 'profileOwner', ACCOUNT_ID)
  v.throwIfAny()
  const region = ctx.region ?? 'us-east-1'
  const who = caller(ctx)
  // "All calls after the first that use this token return the same response as the first call."
  const earlier = [...(ctx.emu.state.signingJobs.get(region)?.values() ?? [])].find(
    (j) => j.jobOwner === who.account && j.clientRequestToken === b.clientRequestToken
  )
  if (earlier) return reply(ctx, { jobId: earlier.jobId, jobOwner: earlier.jobOwner })
  const profile = profileFor(ctx, b.profileName, b.profileOwner, 'signer:StartSigningJob')
  if (profile.status !== 'Active') {
    throw new ApiError(
      'ValidationException',
      400,
      `Signing profile ${profile.profileName} is ${profile.status} and cannot start signing jobs.`
    )
  }
  const job = jobs.startJob(ctx.emu, {
    region,
    jobOwner: who.account,
    requestedBy: who.principal,
    clientRequestToken: b.clientRequestToken,
    profile,
    source: { bucketName: s3.bucketName, key: s3.key, version: s3.version },
    destination: { bucketName: b.destination.s3.bucketName, prefix: b.destination.s3.prefix ?? '' }
  })
  return reply(ctx, { jobId: job.jobId, jobOwner: job.jobOwner })
}

/** @param {Ctx} ctx @param {string} jobId */
function jobOf(ctx, jobId) {
  const job = ctx.emu.state.signingJobs.get(ctx.region ?? 'us-east-1')?.get(jobId)
  if (!job || job.jobOwner !== caller(ctx).account) {
    throw new ApiError('ResourceNotFoundException', 404, `Signing job ${jobId} not found in ${ctx.region ?? 'us-east-1'}.`)
  }
  return job
}

/** Fields DescribeSigningJob and ListSigningJobs share. @param {SigningJob} job */
function jobFields(job) {
  return {
    jobId: job.jobId,
    source: { s3: job.source },
    signedObject: job.signedObject && { s3: job.signedObject },
    createdAt: epoch(job.createdAt),
    status: job.status,
    profileName: job.profile.profileName,
    profileVersion: job.profile.profileVersion,
    platformId: job.profile.platformId,
    platformDisplayName: jobs.displayName(job.profile.platformId),
    signatureExpiresAt: epoch(job.signatureExpiresAt),
    jobOwner: job.jobOwner,
    jobInvoker: job.jobOwner
  }
}

/** @param {Ctx} ctx @param {string} jobId */
function describeSigningJob(ctx, jobId) {
  const job = jobOf(ctx, jobId)
  jobs.advanceJob(ctx.emu, job, true)
  const record = job.revocationRecord
  return reply(ctx, {
    ...jobFields(job),
    completedAt: epoch(job.completedAt),
    requestedBy: job.requestedBy,
    statusReason: job.statusReason,
    revocationRecord: record && { reason: record.reason, revokedAt: epoch(record.revokedAt), revokedBy: record.revokedBy }
  })
}

/** @param {Ctx} ctx */
function listSigningJobs(ctx) {
  const q = ctx.query
  const v = new Violations()
  if (q.maxResults !== undefined) v.integer(q.maxResults, 'maxResults', { min: 1, max: 25 })
  if (q.status !== undefined && !['InProgress', 'Failed', 'Succeeded'].includes(q.status)) {
    v.add(q.status, 'status', 'Member must satisfy enum value set: [InProgress, Failed, Succeeded]')
  }
  v.throwIfAny()
  const all = [...(ctx.emu.state.signingJobs.get(ctx.region ?? 'us-east-1')?.values() ?? [])]
    .filter((j) => j.jobOwner === caller(ctx).account)
    .reverse()
  for (const job of all) jobs.advanceJob(ctx.emu, job, false)
  const matching = all.filter(
    (j) =>
      (!q.status || j.status === q.status) &&
      (!q.platformId || j.profile.platformId === q.platformId) &&
      (q.isRevoked !== 'true' || j.revocationRecord)
  )
  const from = q.nextToken ? Number(Buffer.from(q.nextToken, 'base64url').toString('utf8')) || 0 : 0
  const size = q.maxResults === undefined ? 25 : Number(q.maxResults)
  const page = matching.slice(from, from + size).map((j) => ({ ...jobFields(j), isRevoked: Boolean(j.revocationRecord) }))
  const next = from + size < matching.length ? Buffer.from(String(from + size)).toString('base64url') : undefined
  return reply(ctx, { jobs: page, nextToken: next })
}

/** @param {Ctx} ctx @param {string} jobId @param {any} b */
function revokeSignature(ctx, jobId, b) {
  const v = new Violations()
  v.string(b.reason, 'reason', { min: 1, max: 500, required: true })
  v.string(b.jobOwner, 'jobOwner', ACCOUNT_ID)
  v.throwIfAny()
  const job = jobOf(ctx, jobId)
  job.revocationRecord = { reason: b.reason, revokedAt: new Date(), revokedBy: caller(ctx).principal }
  return reply(ctx, {})
}

/** @param {Ctx} ctx @param {string} name */
function getSigningProfile(ctx, name) {
  const v = new Violations()
  v.string(name, 'profileName', PROFILE_NAME)
  v.string(ctx.query.profileOwner, 'profileOwner', ACCOUNT_ID)
  v.throwIfAny()
  const p = profileFor(ctx, name, ctx.query.profileOwner, 'signer:GetSigningProfile')
  return reply(ctx, {
    profileName: p.profileName,
    profileVersion: p.profileVersion,
    profileVersionArn: jobs.profileVersionArn(ctx.emu, p),
    platformId: p.platformId,
    platformDisplayName: jobs.displayName(p.platformId),
    signatureValidityPeriod: p.signatureValidityPeriod,
    status: p.status,
    statusReason: p.statusReason,
    arn: jobs.profileArn(ctx.emu, p),
    tags: p.tags
  })
}

/** @param {Ctx} ctx @param {Record<string, unknown>} body */
function reply(ctx, body) {
  return jsonReply(200, body, { 'x-amzn-requestid': ctx.requestId })
}
