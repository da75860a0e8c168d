// Names and kinds as the archive and its messages show them: the kinds of entry a layer holds,
// one byte order for entry names, raw names made printable, and file-system failures turned into
// errors that name the path. Shared by the plan and the archive stages.
import { ActionError } from '../errors.js'

/** What a tree node or zip entry is: a regular file, a folder or a symbolic link. Nothing else
 * goes into a layer (sockets, FIFOs and devices are refused). */
export type EntryKind = 'file' | 'directory' | 'symlink'

/** UTF-8 byte order: unlike `<` on JS strings, the same on every platform and in every tool. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}

/** Shows a raw file name with undecodable bytes as \xNN, for error messages. */
export function showBytes(name: Buffer): string {
  return [...name].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('')
}

/** Turns a failed fs call into an error that names the path and the reason. */
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
