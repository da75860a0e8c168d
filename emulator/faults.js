// @ts-check
// Fault injection: per operation name a queue of faults, each consumed by the next matching
// request(s). Operation '*' matches any request not matched by a specific queue.

/**
 * @typedef {object} Fault
 * @property {number} [status] answer with this status and an error in the service's format
 * @property {string} [errorName] error code (default per service/status, e.g. TooManyRequestsException)
 * @property {string} [message]
 * @property {number} [retryAfter] Retry-After header, seconds
 * @property {number} [delayMs] wait before handling (combined with the other fields)
 * @property {boolean} [drop] destroy the socket without applying the request
 * @property {boolean} [dropAfterApply] apply the request, then destroy the socket without answering
 * @property {number} [times] how many matching requests this fault applies to (default 1)
 */

export class Faults {
  constructor() {
    /** @type {Map<string, Array<{ fault: Fault, remaining: number }>>} */
    this.queues = new Map()
  }

  /**
   * Queue a fault for `operation` (e.g. 'PublishLayerVersion', 'PutObject', or '*').
   * @param {string} operation
   * @param {Fault} fault
   * @returns {this}
   */
  add(operation, fault) {
    const queue = this.queues.get(operation) ?? []
    queue.push({ fault: { ...fault }, remaining: Math.max(1, fault.times ?? 1) })
    this.queues.set(operation, queue)
    return this
  }

  /**
   * Take the fault the next `operation` request gets, if any.
   * @param {string} operation
   * @returns {Fault | undefined}
   */
  take(operation) {
    for (const name of [operation, '*']) {
      const queue = this.queues.get(name)
      const head = queue?.[0]
      if (!queue || !head) continue
      head.remaining -= 1
      if (head.remaining <= 0) queue.shift()
      return head.fault
    }
    return undefined
  }

  /** Faults still queued (for one operation, or all). @param {string} [operation] */
  pending(operation) {
    const queues = operation === undefined ? [...this.queues.values()] : [this.queues.get(operation) ?? []]
    return queues.reduce((n, q) => n + q.reduce((m, e) => m + e.remaining, 0), 0)
  }

  clear() {
    this.queues.clear()
  }
}
