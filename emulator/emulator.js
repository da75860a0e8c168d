// @ts-check
// The Emulator object tests hold: settings, state, request log, faults and seeding helpers.
// server.js starts it and routes requests to the services.
import { createHash } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { Faults } from './faults.js'
import { lambdaDate } from './http-util.js'
import { defaultGithubConfig } from './github.js'
import { addFunction } from './lambda-functions.js'
import { defaultOidcConfig } from './oidc.js'
import { RateLimiter } from './rate-limit.js'
import { createBucket } from './s3-buckets.js'
import { setVersioning, storeObject } from './s3-versions.js'
import { addSigningProfile, defaultSignerConfig } from './signer-jobs.js'
import { nameKey } from './ssm-names.js'
import { clearState, createState } from './state.js'
import { Holds } from './wire.js'

/** @typedef {import('./server.js').RecordedRequest} RecordedRequest */

/**
 * @typedef {object} EmulatorOptions
 * @property {number} [port] 0 (default) picks a free port
 * @property {string} [accountId] default '123456789012'
 * @property {string} [partition] default 'aws' ('aws-cn' makes STS expect audience sts.amazonaws.com.cn)
 * @property {(line: string) => void} [log] called with one line per request
 */

/** Quotas; tests may lower them to exercise limits cheaply. */
export function defaultLimits() {
  return {
    zipFileBytes: 52428800,
    unzippedBytes: 262144000,
    codeStorageBytes: 75 * 1024 ** 3,
    layersPerFunction: 5,
    maxBodyBytes: 80 * 1024 * 1024
  }
}

export class Emulator {
  /**
   * Use startEmulator(); this only builds the object around an unstarted server.
   * @param {EmulatorOptions} options
   * @param {import('node:http').Server} server
   */
  constructor(options, server) {
    this.url = ''
    this.accountId = options.accountId ?? '123456789012'
    this.partition = options.partition ?? 'aws'
    this.log = options.log
    /** @type {RecordedRequest[]} */
    this.requests = []
    this.state = createState()
    this.faults = new Faults()
    this.oidc = defaultOidcConfig()
    /** @type {import('./sts.js').StsConfig} */
    this.sts = { ...this.defaultSts(), denyRoles: new Set(), issued: [] }
    this.github = defaultGithubConfig()
    this.limits = defaultLimits()
    /** How new signing jobs finish (see signer-jobs.js defaultSignerConfig). */
    this.signer = defaultSignerConfig()
    /** Regions that answer like a region the account has not opted into. @type {Set<string>} */
    this.disabledRegions = new Set()
    /**
     * Optional PublishLayerVersion fields a region refuses with InvalidParameterValueException
     * (e.g. CompatibleArchitectures in a newly launched region). @type {Map<string, Set<string>>}
     */
    this.unsupportedFields = new Map()
    /** Lambda's control-plane rate limit, off until configured. */
    this.rateLimit = new RateLimiter()
    /** Gates of `hold` faults and hung connections. */
    this.holds = new Holds()
    this.events = new EventEmitter()
    this.server = server
  }

  defaultSts() {
    const audience = this.partition === 'aws-cn' ? 'sts.amazonaws.com.cn' : 'sts.amazonaws.com'
    return {
      audience,
      oidcProviderMissing: false,
      maxSessionDuration: 3600,
      authorize: undefined,
      verifySessionTokens: true,
      sessionLifetimeSeconds: undefined,
      identities: {}
    }
  }

  /** Log a request and tell whoever waits for it. @param {RecordedRequest} record */
  record(record) {
    this.requests.push(record)
    this.events.emit('request', record)
  }

  /**
   * The first request (already logged or yet to come) of `operation`, or matching `predicate`.
   * @param {string | ((r: RecordedRequest) => boolean)} operationOrPredicate
   * @param {{ timeoutMs?: number }} [options] default 10 s
   * @returns {Promise<RecordedRequest>}
   */
  waitForRequest(operationOrPredicate, options = {}) {
    const test =
      typeof operationOrPredicate === 'string'
        ? (/** @type {RecordedRequest} */ r) => r.operation === operationOrPredicate
        : operationOrPredicate
    const seen = this.requests.find(test)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve, reject) => {
      const onRequest = (/** @type {RecordedRequest} */ r) => {
        if (!test(r)) return
        clearTimeout(timer)
        this.events.off('request', onRequest)
        resolve(r)
      }
      const timer = setTimeout(() => {
        this.events.off('request', onRequest)
        reject(new Error(`emulator: no ${typeof operationOrPredicate === 'string' ? operationOrPredicate : 'matching'} request arrived`))
      }, options.timeoutMs ?? 10_000)
      this.events.on('request', onRequest)
    })
  }

  /** Let requests held by a `hold: name` fault go on (now and later). @param {string} name */
  release(name) {
    this.holds.release(name)
  }

  /**
   * Seed a comment by someone (default author: a person, type User).
   * @param {{ owner: string, repo: string, issue_number: number, body: string, user?: { login: string, id?: number, type?: 'Bot' | 'User' } }} c
   */
  addComment(c) {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
    const user = c.user ?? { login: 'octocat', type: 'User' }
    /** @type {import('./state.js').GithubComment} */
    const comment = {
      owner: c.owner,
      repo: c.repo,
      issue_number: c.issue_number,
      id: ++this.state.counters.commentId,
      body: c.body,
      created_at: now,
      updated_at: now,
      user_login: user.login,
      user_id: user.id,
      user_type: user.type
    }
    this.state.comments.push(comment)
    return comment
  }

  /**
   * Seed a function (region default 'us-east-1').
   * @param {import('./lambda-functions.js').AddFunctionOptions} opts
   */
  addFunction(opts) {
    return addFunction(this, opts)
  }

  /** @param {string} region @param {string} name */
  getFunction(region, name) {
    return this.state.functions.get(region)?.get(name)
  }

  /**
   * createBucket(name) or createBucket(region, name); default region 'us-east-1'.
   * @param {string} regionOrName
   * @param {string} [name]
   */
  createBucket(regionOrName, name) {
    return name === undefined ? createBucket(this, 'us-east-1', regionOrName) : createBucket(this, regionOrName, name)
  }

  /**
   * Seed an object (a new version when the bucket is versioned).
   * @param {string} bucket @param {string} key @param {Buffer|string} body
   * @returns {string | undefined} its version id, as PutObject would answer
   */
  putObject(bucket, key, body) {
    const b = this.state.buckets.get(bucket)
    if (!b) throw new Error(`no bucket ${bucket}`)
    const bytes = Buffer.from(body)
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`
    return storeObject(b, key, { body: bytes, etag, contentType: 'application/octet-stream', lastModified: new Date(), metadata: {} })
  }

  /** Turn versioning on (or suspend it) for a seeded bucket. @param {string} bucket @param {'Enabled'|'Suspended'} [status] */
  setBucketVersioning(bucket, status = 'Enabled') {
    const b = this.state.buckets.get(bucket)
    if (!b) throw new Error(`no bucket ${bucket}`)
    setVersioning(b, status)
  }

  /**
   * Seed an AWS Signer signing profile (region default 'us-east-1', owner default this account).
   * @param {import('./signer-jobs.js').AddSigningProfileOptions} opts
   */
  addSigningProfile(opts) {
    return addSigningProfile(this, opts)
  }

  /** An SSM parameter with its versions (oldest first), or undefined. @param {string} region @param {string} name */
  parameter(region, name) {
    return this.state.parameters.get(region)?.get(nameKey(name))
  }

  /** Live versions of a layer, newest first. @param {string} region @param {string} name */
  layerVersions(region, name) {
    return [...(this.state.layers.get(region)?.get(name)?.versions.values() ?? [])].sort((a, b) => b.Version - a.Version)
  }

  /**
   * Test set-up: moves the CreatedDate of every live version of the layer `ms` milliseconds back,
   * as if they had been published that long ago (keep-versions spares recent versions).
   * @param {string} region @param {string} name @param {number} ms
   */
  ageLayerVersions(region, name, ms) {
    for (const v of this.layerVersions(region, name)) v.CreatedDate = lambdaDate(new Date(Date.parse(v.CreatedDate) - ms))
  }

  /** Requests of one operation (e.g. 'PublishLayerVersion'). @param {string} operation */
  requestsFor(operation) {
    return this.requests.filter((r) => r.operation === operation)
  }

  /** Clear state, request log, faults and issued tokens; settings back to defaults. */
  reset() {
    clearState(this.state)
    this.requests.length = 0
    this.faults.clear()
    const issuedTokens = this.oidc.issued
    issuedTokens.length = 0
    Object.assign(this.oidc, defaultOidcConfig(), { issued: issuedTokens })
    this.sts.denyRoles.clear()
    this.sts.issued.length = 0
    Object.assign(this.sts, this.defaultSts())
    Object.assign(this.github, defaultGithubConfig())
    Object.assign(this.limits, defaultLimits())
    Object.assign(this.signer, defaultSignerConfig())
    this.disabledRegions.clear()
    this.unsupportedFields.clear()
    this.rateLimit.configure(undefined)
    this.holds.reset()
  }

  /** @returns {Promise<void>} */
  close() {
    this.holds.reset()
    return new Promise((resolve, reject) => {
      this.server.close((err) => (err ? reject(err) : resolve()))
      this.server.closeAllConnections()
    })
  }
}
