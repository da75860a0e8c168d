// @ts-check
// The connection side of the server: reading a request body, and what an injected fault does
// to the exchange (waits, holds, hangs, closed sockets, cut bodies). server.js decides when.
import { sleep } from './http-util.js'

/** @typedef {import('./faults.js').Fault} Fault */
/** @typedef {import('node:net').Socket} Socket */
/** @typedef {'released' | 'cancelled'} HoldOutcome */

/**
 * Named gates for `hold` faults and the sockets of `hang` faults. A release is sticky: a hold
 * that arrives after its gate was released passes at once. reset() cancels every waiter and
 * closes its connection, so a test never leaves a request hanging into the next one.
 */
export class Holds {
  constructor() {
    /** @type {Set<string>} */
    this.open = new Set()
    /** @type {Set<{ name: string | undefined, socket: Socket, settle: (outcome: HoldOutcome) => void }>} */
    this.waiters = new Set()
  }

  /**
   * Wait until `name` is released (or, for name undefined, forever); the connection may close meanwhile.
   * @param {string | undefined} name
   * @param {Socket} socket
   * @returns {Promise<HoldOutcome>}
   */
  wait(name, socket) {
    if (name !== undefined && this.open.has(name)) return Promise.resolve('released')
    return new Promise((resolve) => {
      const waiter = {
        name,
        socket,
        settle: (/** @type {HoldOutcome} */ outcome) => {
          this.waiters.delete(waiter)
          resolve(outcome)
        }
      }
      this.waiters.add(waiter)
      // A hung request ends when its client gives up; a held one waits for its release regardless.
      if (name === undefined && socket.destroyed) waiter.settle('cancelled')
      else if (name === undefined) socket.once('close', () => waiter.settle('cancelled'))
    })
  }

  /** Let every request held on `name` go on, now and later. @param {string} name */
  release(name) {
    this.open.add(name)
    for (const waiter of [...this.waiters]) if (waiter.name === name) waiter.settle('released')
  }

  /** Names of the holds requests are waiting on now, one entry per waiting request. */
  waiting() {
    return [...this.waiters].map((w) => w.name ?? '(hang)')
  }

  /** Cancel every waiter and close its connection; forget releases. */
  reset() {
    for (const waiter of [...this.waiters]) {
      waiter.socket.destroy()
      waiter.settle('cancelled')
    }
    this.open.clear()
  }
}

/**
 * Apply a fault's waits and closes. Returns false when the exchange ends here: the socket was
 * closed, the request hung until its client left, or a reset cancelled it.
 * @param {Fault} fault
 * @param {Holds} holds
 * @param {Socket} socket
 * @returns {Promise<boolean>}
 */
export async function stall(fault, holds, socket) {
  if (fault.delayMs) await sleep(fault.delayMs)
  if (fault.hold !== undefined && (await holds.wait(fault.hold, socket)) === 'cancelled') return false
  if (fault.hang) {
    await holds.wait(undefined, socket)
    return false
  }
  if (fault.reset) {
    socket.resetAndDestroy()
    return false
  }
  if (fault.drop) {
    socket.destroy()
    return false
  }
  return true
}

/**
 * Write the answer, cut short when the fault says so (HEAD answers carry no body to cut).
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {Record<string, string | number>} headers
 * @param {Buffer | undefined} payload
 * @param {Fault | undefined} fault
 * @param {string} method
 * @returns {boolean} whether the body was cut
 */
export function writeReply(res, status, headers, payload, fault, method) {
  if (fault?.truncate === undefined || !payload || payload.length === 0 || method === 'HEAD') {
    res.writeHead(status, headers)
    res.end(method === 'HEAD' ? undefined : payload)
    return false
  }
  const keep = typeof fault.truncate === 'number' ? Math.min(fault.truncate, payload.length) : Math.floor(payload.length / 2)
  const part = payload.subarray(0, keep)
  if (fault.closeMidBody) {
    res.writeHead(status, { ...headers, 'content-length': payload.length })
    res.write(part, () => res.socket?.destroy())
  } else {
    res.writeHead(status, { ...headers, 'content-length': part.length })
    res.end(part)
  }
  return true
}

/**
 * Read the whole body; past `limit` bytes keep draining but report tooLarge.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 */
export async function readBody(req, limit) {
  /** @type {Buffer[]} */
  const chunks = []
  let size = 0
  for await (const chunk of req) {
    size += chunk.length
    if (size <= limit) chunks.push(chunk)
  }
  return { body: Buffer.concat(chunks), tooLarge: size > limit, size }
}
