// @ts-check
// Small HTTP helpers shared by the services: replies, SigV4 scope, Range, aws-chunked bodies.

/**
 * What a handler answers; server.js writes it (or drops it, for dropAfterApply faults).
 * @typedef {object} Reply
 * @property {number} status
 * @property {Record<string, string|number>} [headers]
 * @property {Buffer|string} [body]
 */

/**
 * @param {number} status
 * @param {unknown} value
 * @param {Record<string, string|number>} [headers]
 * @returns {Reply}
 */
export function jsonReply(status, value, headers = {}) {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) }
}

/**
 * @param {number} status
 * @param {Record<string, string|number>} [headers]
 * @returns {Reply}
 */
export function emptyReply(status, headers = {}) {
  return { status, headers }
}

/**
 * @param {number} status
 * @param {string} xml
 * @param {Record<string, string|number>} [headers]
 * @returns {Reply}
 */
export function xmlReply(status, xml, headers = {}) {
  return { status, headers: { 'content-type': 'text/xml', ...headers }, body: xml }
}

/** @param {string} text */
export function xmlEscape(text) {
  return text.replace(/[<>&'"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`)
}

/** @param {string} text */
export function xmlUnescape(text) {
  return text.replace(
    /&(lt|gt|amp|apos|quot);/g,
    (_m, e) => /** @type {Record<string,string>} */ ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' })[e]
  )
}

/**
 * Lambda's timestamp format: `2018-11-27T15:10:45.123+0000`.
 * @param {Date} [date]
 */
export function lambdaDate(date = new Date()) {
  return date.toISOString().replace('Z', '+0000')
}

/**
 * Credential scope of a SigV4 request (header or presigned query). The emulator does not
 * check signatures: it only needs the access key and the region the client signed for.
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {Record<string, string>} query
 * @returns {{ accessKeyId: string, date: string, region: string, service: string } | undefined}
 */
export function sigv4Scope(headers, query) {
  const auth = headers.authorization ?? ''
  const credential = /^AWS4-HMAC-SHA256\s.*?Credential=([^,\s]+)/.exec(auth)?.[1] ?? query['X-Amz-Credential']
  if (!credential) return undefined
  const [accessKeyId, date, region, service] = credential.split('/')
  if (!accessKeyId || !region || !service) return undefined
  return { accessKeyId, date, region, service }
}

/**
 * Parse a single-range `Range` header against a body of `size` bytes.
 * Multi-range and malformed headers are ignored (full 200), as RFC 9110 allows.
 * @param {string|undefined} header
 * @param {number} size
 * @returns {{ start: number, end: number } | 'unsatisfiable' | undefined}
 */
export function parseRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec((header ?? '').trim())
  if (!m || (m[1] === '' && m[2] === '')) return undefined
  if (m[1] === '') {
    const suffix = Number(m[2])
    if (suffix === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(m[1])
  const end = m[2] === '' ? size - 1 : Number(m[2])
  if (m[2] !== '' && end < start) return undefined
  if (start >= size) return 'unsatisfiable'
  return { start, end: Math.min(end, size - 1) }
}

/**
 * Serve bytes honouring `Range`: 206 with Content-Range, 416 when unsatisfiable.
 * @param {Buffer} bytes
 * @param {string|undefined} rangeHeader
 * @param {Record<string, string|number>} headers
 * @returns {Reply}
 */
export function rangeReply(bytes, rangeHeader, headers) {
  const range = parseRange(rangeHeader, bytes.length)
  const base = { 'accept-ranges': 'bytes', ...headers }
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...base, 'content-range': `bytes */${bytes.length}` } }
  }
  if (!range) return { status: 200, headers: { ...base, 'content-length': bytes.length }, body: bytes }
  const slice = bytes.subarray(range.start, range.end + 1)
  return {
    status: 206,
    headers: { ...base, 'content-length': slice.length, 'content-range': `bytes ${range.start}-${range.end}/${bytes.length}` },
    body: slice
  }
}

/**
 * Decode an `aws-chunked` body (SDK v3 streams uploads this way with a checksum trailer):
 * `hex-size[;chunk-signature=..]\r\n data \r\n ... 0\r\n trailers \r\n`.
 * @param {Buffer} body
 * @returns {Buffer}
 */
export function decodeAwsChunked(body) {
  /** @type {Buffer[]} */
  const parts = []
  let pos = 0
  while (pos < body.length) {
    const lineEnd = body.indexOf('\r\n', pos)
    if (lineEnd < 0) throw new Error('truncated aws-chunked body')
    const size = parseInt(body.subarray(pos, lineEnd).toString('latin1').split(';')[0], 16)
    if (!Number.isFinite(size)) throw new Error('bad aws-chunked size line')
    pos = lineEnd + 2
    if (size === 0) break
    parts.push(body.subarray(pos, pos + size))
    pos += size + 2
  }
  return Buffer.concat(parts)
}

/** @param {number} ms */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
