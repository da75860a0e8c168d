// Names and kinds as the archive and its messages show them: the kinds of entry a layer holds,
// one byte order for entry names, raw names made printable, and file-system failures turned into
// errors that name the path. Shared by the plan and the archive stages.
import { ActionError } from '../errors.js'

/** What a tree node or zip entry is: a regular file, a folder or a symbolic link. Nothing else
 * goes into a layer (sockets, FIFOs and devices are refused). */
export type EntryKind = 'file' | 'directory' | 'symlink'

const isSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdfff

/** Sort order of entry names: UTF-8 byte order, which unlike `<` on JS strings is the same on
 * every platform and in every tool. UTF-16 code units already sort so, except a surrogate
 * (a character from U+10000 up, 4 UTF-8 bytes from 0xF0) against U+E000-U+FFFF (from 0xEE): that
 * one case is turned around, with no encoding, since a sort of 100,000 names compares millions
 * of times. Returns <0, 0 or >0; never throws. */
export function compareNames(a: string, b: string): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    const sx = isSurrogate(x)
    return sx === isSurrogate(y) ? x - y : sx ? 1 : -1
  }
  return a.length - b.length
}

/** A raw file name as printable text, bytes outside printable ASCII as \xNN, for error messages.
 * Never throws. */
export function showBytes(name: Buffer): string {
  return [...name].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('')
}

/** Control characters (Unicode category Cc: C0, DEL and C1), which extractors drop or replace. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/

/** A decoded name as printable text for messages: control characters as \n, \t or \uXXXX, so a
 * newline cannot split an annotation and the reader sees what is there. Never throws. */
export function showName(name: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }
  return name.replace(new RegExp(CONTROL_CHARACTER.source, 'g'), (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** A raw name (a file name on disk, a zip entry name) decoded from UTF-8, or undefined when it is
 * not valid UTF-8: names go into the zip as UTF-8, on both paths. Never throws. */
export function decodeName(raw: Buffer): string | undefined {
  try {
    return utf8.decode(raw)
  } catch {
    return undefined
  }
}

/** The ActionError for a failed fs call (`action` 'read', 'list folder'...) on `rel`: it names the
 * path and the reason, with a fix for permission errors, and keeps `err` as its cause. Never
 * throws. */
export function fsError(action: string, rel: string, err: unknown): ActionError {
  const code = (err as NodeJS.ErrnoException).code
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'ENOENT'
        ? 'it does not exist'
        : ((err as Error).message ?? String(err))
  const fix = code === 'EACCES' || code === 'EPERM' ? 'Make it readable by the user running the action' : undefined
  return new ActionError(`Cannot ${action} '${rel}': ${reason}`, fix, { cause: err })
}
