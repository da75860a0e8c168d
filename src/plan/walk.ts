// Reads the working-directory tree without following symlinks, so nothing outside it is ever
// listed; symlinks come back as nodes of their own and are checked by checkSymlink.
import { accessSync, constants, lstatSync, readdirSync } from 'node:fs'
import { readlink, realpath } from 'node:fs/promises'
import path from 'node:path'
import { ActionError } from '../errors.js'
import { escapes } from '../inputs/paths.js'
import { fsError, showBytes, type EntryKind } from './names.js'

/** One file, folder or symlink of the tree, as lstat saw it. */
export interface FsNode {
  /** '/'-separated path relative to the root ('' is the root itself). */
  rel: string
  abs: string
  kind: EntryKind
  /** Permission bits from lstat. */
  mode: number
  /** Bytes of a file, or of a link's target text; 0 for folders. */
  size: number
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

function joinRel(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`
}

function kindOf(stats: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryKind | undefined {
  if (stats.isSymbolicLink()) return 'symlink'
  if (stats.isDirectory()) return 'directory'
  if (stats.isFile()) return 'file'
  return undefined
}

/** The tree's root (real path) and what to leave out. */
export interface WalkOptions {
  root: string
  excluded: (rel: string, isDirectory: boolean) => boolean
}

/** The node at `rel` (lstat, links not followed), or undefined when nothing is there. Throws
 * ActionError for sockets, FIFOs and devices, and (fsError) when lstat fails otherwise. */
export function statNode(opts: WalkOptions, rel: string): FsNode | undefined {
  const abs = path.join(opts.root, rel)
  let stats
  try {
    stats = lstatSync(abs, { throwIfNoEntry: false })
  } catch (err) {
    throw fsError('read', rel, err)
  }
  if (!stats) return undefined
  const kind = kindOf(stats)
  if (!kind) throw new ActionError(`'${rel}' is not a file, folder or symlink and cannot go into a zip`, 'Exclude it')
  return { rel, abs, kind, mode: stats.mode & 0o7777, size: kind === 'directory' ? 0 : stats.size }
}

function childNames(opts: WalkOptions, dirRel: string): string[] {
  let raw: Buffer[]
  try {
    raw = readdirSync(path.join(opts.root, dirRel), { encoding: 'buffer' })
  } catch (err) {
    throw fsError('list folder', dirRel || '.', err)
  }
  return raw.map((name) => {
    try {
      return utf8.decode(name)
    } catch {
      const shown = joinRel(dirRel, showBytes(name))
      throw new ActionError(`File name '${shown}' is not valid UTF-8`, 'Rename it: zip entry names must be UTF-8')
    }
  })
}

/**
 * All nodes under `startRel` (the start itself included unless it is the root), minus excluded
 * ones and everything under excluded folders; [] when the start does not exist. Symlinked folders
 * are not entered. Throws ActionError for a folder it cannot list, a name that is not UTF-8, and
 * whatever statNode throws. Synchronous
 * on purpose: for thousands of small lstat/readdir calls it is faster than the promise API and
 * allocates far less (bench: about 20 MB less peak memory at 6,000 files).
 */
export function walk(opts: WalkOptions, startRel: string): FsNode[] {
  const found: FsNode[] = []
  const visit = (rel: string): void => {
    for (const name of childNames(opts, rel)) {
      const childRel = joinRel(rel, name)
      const node = statNode(opts, childRel)
      if (!node || opts.excluded(childRel, node.kind === 'directory')) continue
      found.push(node)
      if (node.kind === 'directory') visit(childRel)
    }
  }
  if (startRel === '') {
    visit('')
    return found
  }
  const start = statNode(opts, startRel)
  if (!start || opts.excluded(startRel, start.kind === 'directory')) return found
  found.push(start)
  if (start.kind === 'directory') visit(startRel)
  return found
}

/**
 * Reads a symlink and proves it stays inside the root, both as written (so it still works once
 * extracted under /opt) and as resolved on disk. Returns the link's own target text. Throws
 * ActionError for an absolute, escaping, dangling or looping link, or one it cannot read.
 */
export async function checkSymlink(root: string, node: FsNode): Promise<string> {
  const target = await readlink(node.abs).catch((err: unknown) => {
    throw fsError('read symlink', node.rel, err)
  })
  const outside = (): ActionError =>
    new ActionError(
      `Symlink '${node.rel}' points outside the working directory (to '${target}')`,
      'Copy the target into the working directory or exclude the link'
    )
  if (path.posix.isAbsolute(target)) {
    throw new ActionError(
      `Symlink '${node.rel}' has an absolute target '${target}', which would not resolve once extracted under /opt`,
      'Use a relative link target'
    )
  }
  if (escapes(path.posix.join(path.posix.dirname(node.rel), target))) throw outside()
  const resolved = await realpath(node.abs).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ELOOP') throw new ActionError(`Symlink '${node.rel}' is part of a symlink loop`, 'Remove or exclude the loop')
    if (err.code === 'ENOENT')
      throw new ActionError(`Symlink '${node.rel}' is dangling: '${target}' does not exist`, 'Fix or exclude the link')
    throw fsError('resolve symlink', node.rel, err)
  })
  if (escapes(path.relative(root, resolved).split(path.sep).join('/'))) throw outside()
  return target
}

/** Returns nothing; throws ActionError (fsError) for a file this process could not read while
 * writing the zip. */
export function checkReadable(node: FsNode): void {
  try {
    accessSync(node.abs, constants.R_OK)
  } catch (err) {
    throw fsError('read', node.rel, err)
  }
}
