// A digest of what a layer holds, independent of the compressor: deflate output can differ
// between zlib builds (so CodeSha256, the SHA-256 of the zip bytes, can differ too), while names,
// kinds, modes and bytes cannot.
//
// Canonical bytes, for each entry in archive order (names in UTF-8 byte order), four fields
// each followed by one NUL byte (0x00):
//   name NUL kind NUL mode NUL payload NUL
//   name    - the zip entry name in UTF-8, folders ending in '/'
//   kind    - 'file', 'directory' or 'symlink'
//   mode    - permission bits as four octal digits, e.g. '0644'
//   payload - files: lowercase hex SHA-256 of the content; symlinks: the link's target text
//             in UTF-8; folders: empty
// contentDigest = lowercase hex SHA-256 of the concatenation. No field can hold a NUL (POSIX
// names and link targets cannot; names holding one are refused), so the encoding is unambiguous.
import { createHash, type Hash } from 'node:crypto'
import type { EntryKind } from '../plan/names.js'

/** One entry as the digest records it. */
export interface DigestEntry {
  name: string
  kind: EntryKind
  mode: number
  /** Hex SHA-256 of a file, target of a link, '' for a folder. */
  payload: string
}

/** The content digest, fed entry by entry in archive order. */
export class ContentDigest {
  private readonly hash: Hash = createHash('sha256')

  /** Adds the next entry; never throws. */
  add(entry: DigestEntry): void {
    const mode = (entry.mode & 0o7777).toString(8).padStart(4, '0')
    // One update per entry: the same bytes as field, NUL, field, NUL... in four pairs.
    this.hash.update(`${entry.name}\0${entry.kind}\0${mode}\0${entry.payload}\0`, 'utf8')
  }

  /** The lowercase hex digest; call once, after the last entry. */
  hex(): string {
    return this.hash.digest('hex')
  }
}

/** Prefix of the zip archive comment that carries the digest. */
export const COMMENT_PREFIX = 'publish-lambda-layer content-digest=sha256:'

/** The zip comment that carries a hex digest. Never throws. */
export function digestComment(hex: string): string {
  return `${COMMENT_PREFIX}${hex}`
}

/** The hex digest from a zip comment written by this action, else undefined. Never throws. */
export function readContentDigest(comment: string): string | undefined {
  const match = /^publish-lambda-layer content-digest=sha256:([0-9a-f]{64})$/.exec(comment.trim())
  return match ? match[1] : undefined
}
