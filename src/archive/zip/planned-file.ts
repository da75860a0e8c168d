// The file a job reads must be the file the plan saw: a path swapped after planning (for a
// symlink to a same-size file elsewhere, a FIFO, another file) is noticed when it is opened, not
// read. Shared by every kind of job.
import { closeSync, constants, fstatSync, openSync, type Stats } from 'node:fs'

/** The file the plan saw at a path (lstat): a job reads it only if the path still leads to it. */
export interface PlannedFile {
  /** Bytes. */
  size: number
  ino: number
  dev: number
}

/** Code of the error a job throws when its path no longer leads to the planned file. */
export const NOT_PLANNED = 'ENOTPLANNED'

function notPlanned(what: string): Error {
  return Object.assign(new Error(what), { code: NOT_PLANNED })
}

function kindName(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder'
  if (stats.isFIFO()) return 'a FIFO'
  if (stats.isSocket()) return 'a socket'
  return 'a device'
}

/** What makes the open file not the planned one, or undefined when it is that file. */
function difference(stats: Stats, planned: PlannedFile): string | undefined {
  if (!stats.isFile()) return `it is now ${kindName(stats)}`
  if (stats.ino !== planned.ino || stats.dev !== planned.dev) return 'it is now another file (another inode)'
  if (stats.size !== planned.size) return `${planned.size} bytes planned, ${stats.size} now`
  return undefined
}

/**
 * Opens the planned file without following a symlink and without blocking (a FIFO put in its
 * place would otherwise hang the read), then proves with fstat that it is the regular file the
 * plan saw: same inode, device and size. Returns the open descriptor. Throws an Error with code
 * NOT_PLANNED when it is not that file any more, and the fs error (ENOENT, EACCES...) as is.
 */
export function openPlanned(path: string, planned: PlannedFile): number {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw notPlanned('it is now a symbolic link')
    throw err
  }
  const differs = difference(fstatSync(fd), planned)
  if (differs) {
    closeSync(fd)
    throw notPlanned(differs)
  }
  return fd
}
