// A zip of one small stored file, built in memory: the content of the filler versions that
// align-versions publishes and deletes at once. Lambda refuses anything that is not a zip
// ("Could not unzip uploaded file"), so even a placeholder must be one.
import { crc32 } from './crc32.js'
import { centralHeader, endRecords, localHeader, METHOD, type CentralEntry } from './format.js'

/** File mode of the placeholder's one entry. */
const FILE_MODE = 0o644

/**
 * The bytes of a zip holding one file `name` (stored, not compressed) with `text` as UTF-8, in
 * the writer's fixed form (time 1980-01-01, Unix mode 0644, no comment). Same inputs, same bytes.
 * Never throws for a name and text of a few hundred bytes.
 */
export function placeholderZip(name: string, text: string): Buffer {
  const data = Buffer.from(text, 'utf8')
  const entry: CentralEntry = {
    name: Buffer.from(name, 'utf8'),
    method: METHOD.stored,
    descriptor: false,
    zip64Sizes: false,
    crc: crc32(data),
    compressedSize: data.length,
    size: data.length,
    kind: 'file',
    mode: FILE_MODE,
    offset: 0
  }
  const local = localHeader(entry)
  const central = centralHeader(entry)
  const end = endRecords({ entries: 1, size: central.length, offset: local.length + data.length, comment: Buffer.alloc(0) })
  return Buffer.concat([local, data, central, end])
}
