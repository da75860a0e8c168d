// @ts-check
// Fault injection: per operation name a queue of faults, each consumed by the next matching
// request(s). Operation '*' matches any request not matched by a specific queue. A fault may be
// narrowed to one region or one STS role session (so two runs sharing an emulator can be told
// apart); requests it does not match pass it by. How a fault acts on the wire is in wire.js.

/**
 * @typedef {object} Fault
 * @property {number} [status] answer with this status and an error in the service's format
 * @property {string} [errorName] error code (default per service/status, e.g. TooManyRequestsException)
 * @property {string} [message]
 * @property {number} [retryAfter] Retry-After header, seconds
 * @property {number} [delayMs] wait this long (before applying; after it with afterApply)
 * @property {boolean} [drop] close the socket (FIN) without answering
 * @property {boolean} [reset] close the socket with a TCP RST (the client sees ECONNRESET)
 * @property {boolean} [hang] never answer; the connection stays open until the client gives up
 * @property {string} [hold] wait until emulator.release(name); a held request is still applied
 *   on release even if its client gave up meanwhile (a late landing)
 * @property {boolean} [afterApply] delay/hold/hang/drop/reset after the request was applied
 * @property {boolean} [dropAfterApply] shorthand for { drop: true, afterApply: true }
 * @property {true | number} [truncate] send only this many bytes of the answer's body (true: half)
 *   with a Content-Length that matches them: the exchange completes, the body does not parse
 * @property {boolean} [closeMidBody] with truncate: declare the full Content-Length, send the
 *   cut body, then close the socket (the client sees the body end early)
 * @property {number} [times] how many matching requests this fault applies to (default 1)
 * @property {string} [region] only requests signed for this region
 * @property {string} [roleSessionName] only requests signed with credentials of this STS session
 */

/**
 * What a fault may be matched against.
 * @typedef {object} FaultTarget
 * @property {string | undefined} region
 * @property {string | undefined} roleSessionName
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
    const normalized = fault.dropAfterApply ? { ...fault, drop: true, afterApply: true } : { ...fault }
    queue.push({ fault: normalized, remaining: Math.max(1, fault.times ?? 1) })
    this.queues.set(operation, queue)
    return this
  }

  /**
   * Take the fault the next `operation` request gets, if any: the first queued fault whose
   * filters match, from the operation's own queue before the '*' queue.
   * @param {string} operation
   * @param {FaultTarget} [target]
   * @returns {Fault | undefined}
   */
  take(operation, target = { region: undefined, roleSessionName: undefined }) {
    for (const name of [operation, '*']) {
      const queue = this.queues.get(name) ?? []
      const index = queue.findIndex((entry) => matches(entry.fault, target))
      if (index < 0) continue
      const entry = queue[index]
      entry.remaining -= 1
      if (entry.remaining <= 0) queue.splice(index, 1)
      return entry.fault
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

/** @param {Fault} fault @param {FaultTarget} target */
function matches(fault, target) {
  if (fault.region !== undefined && fault.region !== target.region) return false
  if (fault.roleSessionName !== undefined && fault.roleSessionName !== target.roleSessionName) return false
  return true
}
