// @ts-check
// Lambda's control-plane request rate, opt-in: one token bucket per region shared by every
// Lambda API, except GetFunction and GetPolicy, which have buckets of their own. Source: the
// Lambda quotas page ("Lambda API requests": 15 requests per second across all control-plane
// APIs, not adjustable; GetFunction 100/s; GetPolicy 15/s). The burst size is not published:
// the default is one second's worth. Throttled requests are not applied.
import { faultError } from './errors.js'

/**
 * @typedef {object} RateLimitConfig
 * @property {number} requestsPerSecond refill rate (AWS: 15)
 * @property {number} burst bucket size (unsourced; default = requestsPerSecond)
 * @property {'TooManyRequestsException' | 'ThrottlingException'} errorName
 *   TooManyRequestsException: 429 with Reason CallerRateLimitExceeded (the model's error);
 *   ThrottlingException: 400 (Lambda's common errors); public reports show both for control-plane calls
 * @property {number} [retryAfterSeconds] send Retry-After with this value (default: none)
 */

/** Operations with a bucket of their own, and its rate per second. @type {Record<string, number>} */
const OWN_BUCKETS = { GetFunction: 100, GetPolicy: 15 }

export class RateLimiter {
  constructor() {
    /** @type {RateLimitConfig | undefined} */
    this.config = undefined
    /** @type {Map<string, { tokens: number, at: number }>} */
    this.buckets = new Map()
  }

  /**
   * Turn the limit on (with AWS's defaults for what is left out) or off (undefined or null).
   * @param {Partial<RateLimitConfig> | null | undefined} config
   */
  configure(config) {
    this.buckets.clear()
    if (!config) {
      this.config = undefined
      return
    }
    const requestsPerSecond = config.requestsPerSecond ?? 15
    this.config = {
      requestsPerSecond,
      burst: config.burst ?? requestsPerSecond,
      errorName: config.errorName ?? 'TooManyRequestsException',
      retryAfterSeconds: config.retryAfterSeconds
    }
  }

  /**
   * Take a token for one Lambda request, or return the throttling error to answer with.
   * @param {string} operation
   * @param {string} region
   * @param {number} [now] milliseconds
   * @returns {import('./errors.js').ApiError | undefined}
   */
  take(operation, region, now = Date.now()) {
    const config = this.config
    if (!config) return undefined
    const own = OWN_BUCKETS[operation]
    const rate = own ?? config.requestsPerSecond
    const burst = own ?? config.burst
    const key = `${region} ${own === undefined ? 'control-plane' : operation}`
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate)
    bucket.at = now
    this.buckets.set(key, bucket)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return undefined
    }
    const status = config.errorName === 'ThrottlingException' ? 400 : 429
    return faultError('lambda', { status, errorName: config.errorName, retryAfter: config.retryAfterSeconds })
  }
}
