// The one user-error base and the one mapping of failures to it. Every failure a user can fix (a bad file,
// a full or read-only disk, a wrong option) is a UserError or a subclass; asUserError() also turns SQLite's
// and the file system's error codes into one. The engine server, main's router and the CLI each call it
// once, at their boundary (docs/decisions/0290-one-verb-table.md).
import { describePathProblem } from './pathProblem'

/** A failure the user caused and can fix (bad file, wrong option): reported without a stack trace. */
export class UserError extends Error {
  /** Marks it for readers that see the error as plain data (tests, logs); code checks use instanceof. */
  readonly userError = true
  constructor(message: string) {
    super(message)
    this.name = 'UserError'
  }
}

/** Thrown inside the engine when a call's signal is aborted; reaches the caller as code 'cancelled'. */
export class CancelledError extends Error {
  constructor(message = 'Cancelled.') {
    super(message)
    this.name = 'CancelledError'
  }
}

/** A command line the CLI cannot run as written (unknown option, missing argument): exit code 2. */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** Where a failure happened, for codes that do not carry their path (SQLite's). */
export interface ErrorContext {
  /** The file the failing call worked on. */
  path?: string
}

/**
 * The user's words for `err`, or undefined when it is a bug. A UserError passes through as it is;
 * SQLite's and Node's error codes become a UserError naming the file and what to do.
 */
export function asUserError(err: unknown, context: ErrorContext = {}): UserError | undefined {
  if (err instanceof UserError) return err
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return undefined
  const detail = (err as Error).message
  if (code.startsWith('SQLITE_')) {
    const message = sqliteProblem(code, context.path ?? 'the project file', detail)
    return message === undefined ? undefined : new UserError(message)
  }
  const path = (err as { path?: unknown }).path
  const message = fileProblem(code, typeof path === 'string' ? path : context.path)
  return message === undefined ? undefined : new UserError(message)
}

/** SQLite error codes that mean the file itself is damaged or not a database. */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_IOERR_SHORT_READ'])

/** The user's words for SQLite's `code` on the project file at `path`; undefined when it is not theirs to fix. */
export function sqliteProblem(code: string, path: string, detail: string): string | undefined {
  if (DAMAGE_CODES.has(code) || code.startsWith('SQLITE_CORRUPT')) {
    return `Project file ${path} is damaged and cannot be read (${detail}); restore it from a backup.`
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return (
      `Project file ${path} is read-only (or its folder is): make the file and its folder writable, ` +
      'or copy the project to a folder you can write to.'
    )
  }
  if (code === 'SQLITE_FULL') {
    return `Cannot save to project file ${path}: the disk is full. Free some space and try again; work saved before is kept.`
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return (
      `Cannot read or write project file ${path}: the disk reported an error (${detail}; the disk may be full, ` +
      'failing or disconnected). Check it and try again; work saved before is kept.'
    )
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return `Cannot open project file ${path}: check that it and its folder exist and that you may read and write them.`
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return `Project file ${path} is in use by another program or window: close it there and try again.`
  }
  return undefined
}

/** Node's file-system codes a user can act on: the disk, permissions, or a path that is not what it should be. */
const FILE_CODES = new Set([
  'ENOSPC',
  'EDQUOT',
  'EFBIG',
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOENT',
  'ELOOP',
  'EISDIR',
  'ENOTDIR',
  'ENAMETOOLONG',
])

function fileProblem(code: string, path: string | undefined): string | undefined {
  if (!FILE_CODES.has(code)) return undefined
  const file = path ?? 'a file'
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `Cannot write ${file}: the disk is full. Free some space and try again.`
    case 'EFBIG':
      return `Cannot write ${file}: it grew past the file-size limit of this disk or account. Choose another disk and try again.`
    case 'EROFS':
      return `Cannot write ${file}: the disk is read-only. Choose a folder on a writable disk.`
    case 'EACCES':
    case 'EPERM':
      return `${file} cannot be read or written here: permission denied. Check its and its folder's permissions, or choose another place.`
    case 'EISDIR':
      return `${file} is a folder, not a file: name a file instead.`
    default:
      return `${describePathProblem(file, { code })}.`
  }
}
