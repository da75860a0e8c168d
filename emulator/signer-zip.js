// @ts-check
// The signed object a Lambda signing job writes.
// Sourced: Signer fails a zip that is empty, malformed or already signed ("Signing jobs for
// Lambda in AWS Signer", Signer developer guide); Lambda checks integrity by comparing "the hash
// of the package with the hash from the signature" (Lambda developer guide, code signing); layers
// use the same signed package format as functions.
// NOT sourced: where the signature sits inside the signed zip. AWS does not document it. This
// model is the most conservative one: every local header, entry and central directory record
// stays byte for byte; only the end-of-central-directory comment changes, carrying the signature
// block. So the entries of a signed zip equal the unsigned build's, while its bytes (and Lambda's
// CodeSha256) differ. See emulator/README.md.
import { createHash } from 'node:crypto'
import { readZipDirectory } from './zip.js'

const EOCD = 0x06054b50
const EOCD_SIZE = 22
const MARKER = 'EMULATED-AWS-SIGNER-SIGNATURE:'

/** statusReason of a failed job. Signer's own wording is unrecorded; these are the emulator's. */
export const SIGNING_FAILURES = {
  empty: 'The file to sign is empty.',
  malformed: 'The file to sign is not a valid zip file.',
  signed: 'The file to sign already has a signature.'
}

/**
 * Offset of the end-of-central-directory record whose comment runs to the end of the buffer.
 * @param {Buffer} zip
 */
function findEocd(zip) {
  for (let i = zip.length - EOCD_SIZE; i >= Math.max(0, zip.length - EOCD_SIZE - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD && i + EOCD_SIZE + zip.readUInt16LE(i + 20) === zip.length) return i
  }
  return -1
}

/**
 * @typedef {object} SignatureBlock
 * @property {string} jobArn
 * @property {string} profileVersionArn
 * @property {string} platformId
 * @property {string} signedAt ISO time
 * @property {string} sha384 base64 SHA-384 of the zip up to (not including) the comment length field
 */

/**
 * The signature block of a zip this emulator signed, or undefined for any other zip.
 * @param {Buffer} zip
 * @returns {SignatureBlock | undefined}
 */
export function readSignature(zip) {
  const eocd = findEocd(zip)
  if (eocd < 0) return undefined
  const comment = zip.subarray(eocd + EOCD_SIZE).toString('latin1')
  if (!comment.startsWith(MARKER)) return undefined
  try {
    return JSON.parse(Buffer.from(comment.slice(MARKER.length), 'base64').toString('utf8'))
  } catch {
    return undefined
  }
}

/**
 * Sign a zip: the same bytes with the signature block as the archive comment.
 * @param {Buffer} zip
 * @param {Omit<SignatureBlock, 'sha384' | 'signedAt'>} claims
 * @returns {{ signed: Buffer } | { failure: string }} the signed bytes, or a job's statusReason
 */
export function signZip(zip, claims) {
  if (zip.length === 0) return { failure: SIGNING_FAILURES.empty }
  const eocd = findEocd(zip)
  if (eocd < 0 || !readZipDirectory(zip)) return { failure: SIGNING_FAILURES.malformed }
  if (readSignature(zip)) return { failure: SIGNING_FAILURES.signed }
  /** @type {SignatureBlock} */
  const block = {
    ...claims,
    signedAt: new Date().toISOString(),
    sha384: createHash('sha384')
      .update(zip.subarray(0, eocd + 20))
      .digest('base64')
  }
  const comment = Buffer.from(MARKER + Buffer.from(JSON.stringify(block)).toString('base64'), 'latin1')
  const head = Buffer.from(zip.subarray(0, eocd + EOCD_SIZE))
  head.writeUInt16LE(comment.length, eocd + 20)
  return { signed: Buffer.concat([head, comment]) }
}
