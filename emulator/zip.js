// @ts-check
// Minimal zip reading (central directory only, ZIP64 aware) to size uploads the way Lambda
// does, and minimal zip writing so tests and the demo can make archives without extra deps.
import { crc32, deflateRawSync } from 'node:zlib'

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

/**
 * @typedef {object} ZipEntryInfo
 * @property {string} name
 * @property {number} method 0 stored, 8 deflate
 * @property {number} compressedSize
 * @property {number} uncompressedSize
 */

/**
 * Read the central directory. Returns undefined when `buf` is not a readable zip.
 * @param {Buffer} buf
 * @returns {{ entries: ZipEntryInfo[], uncompressedSize: number } | undefined}
 */
export function readZipDirectory(buf) {
  try {
    return readDirectory(buf)
  } catch {
    return undefined
  }
}

/** @param {Buffer} buf */
function readDirectory(buf) {
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) return undefined
  let count = buf.readUInt16LE(eocd + 10)
  let offset = buf.readUInt32LE(eocd + 16)
  if (count === 0xffff || offset === 0xffffffff) {
    const locator = eocd - 20
    if (locator < 0 || buf.readUInt32LE(locator) !== ZIP64_LOCATOR) return undefined
    const z64 = Number(buf.readBigUInt64LE(locator + 8))
    if (buf.readUInt32LE(z64) !== ZIP64_EOCD) return undefined
    count = Number(buf.readBigUInt64LE(z64 + 32))
    offset = Number(buf.readBigUInt64LE(z64 + 48))
  }
  /** @type {ZipEntryInfo[]} */
  const entries = []
  let pos = offset
  let uncompressedSize = 0
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(pos) !== CENTRAL) return undefined
    const method = buf.readUInt16LE(pos + 10)
    let compressedSize = buf.readUInt32LE(pos + 20)
    let size = buf.readUInt32LE(pos + 24)
    const nameLen = buf.readUInt16LE(pos + 28)
    const extraLen = buf.readUInt16LE(pos + 30)
    const commentLen = buf.readUInt16LE(pos + 32)
    const name = buf.subarray(pos + 46, pos + 46 + nameLen).toString('utf8')
    // ZIP64 extra field (0x0001) holds, in order, the sizes that overflowed 32 bits.
    let extra = pos + 46 + nameLen
    const extraEnd = extra + extraLen
    while (extra + 4 <= extraEnd) {
      const id = buf.readUInt16LE(extra)
      const len = buf.readUInt16LE(extra + 2)
      if (id === 0x0001) {
        let field = extra + 4
        if (size === 0xffffffff) {
          size = Number(buf.readBigUInt64LE(field))
          field += 8
        }
        if (compressedSize === 0xffffffff) compressedSize = Number(buf.readBigUInt64LE(field))
      }
      extra += 4 + len
    }
    entries.push({ name, method, compressedSize, uncompressedSize: size })
    uncompressedSize += size
    pos = extraEnd + commentLen
  }
  return { entries, uncompressedSize }
}

/**
 * @typedef {object} ZipInput
 * @property {string} name path inside the archive (`dir/` for a directory)
 * @property {Buffer|string} [data]
 * @property {number} [mode] unix mode, default 0o100644 (0o40755 for directories)
 * @property {boolean} [deflate] compress with deflate (default: store)
 * @property {number} [declaredSize] claim this uncompressed size in the central directory
 *   (tests use it to trip the unzipped-size limit without allocating hundreds of MB)
 */

/**
 * Build a zip with fixed timestamps (1980-01-01) so equal inputs give equal bytes.
 * @param {ZipInput[]} inputs
 * @returns {Buffer}
 */
export function buildZip(inputs) {
  /** @type {Buffer[]} */
  const locals = []
  /** @type {Buffer[]} */
  const centrals = []
  let offset = 0
  for (const input of inputs) {
    const isDir = input.name.endsWith('/')
    const raw = Buffer.from(input.data ?? '')
    const data = input.deflate ? deflateRawSync(raw) : raw
    const method = input.deflate ? 8 : 0
    const crc = crc32(raw)
    const name = Buffer.from(input.name, 'utf8')
    const size = input.declaredSize ?? raw.length
    const local = Buffer.alloc(30)
    local.writeUInt32LE(LOCAL, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(method, 8)
    local.writeUInt16LE(0, 10) // time 00:00
    local.writeUInt16LE(0x21, 12) // date 1980-01-01
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(Math.min(size, 0xfffffffe), 22)
    local.writeUInt16LE(name.length, 26)
    locals.push(local, name, data)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(CENTRAL, 0)
    central.writeUInt16LE(0x0314, 4) // made by unix, so external attributes carry the mode
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt16LE(0, 12)
    central.writeUInt16LE(0x21, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(Math.min(size, 0xfffffffe), 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(((input.mode ?? (isDir ? 0o40755 : 0o100644)) << 16) >>> 0, 38)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, name)
    offset += local.length + name.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(EOCD, 0)
  end.writeUInt16LE(inputs.length, 8)
  end.writeUInt16LE(inputs.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}
