// Export failures a user can cause (a bad --out, a read-only or full disk, no ffmpeg): UserErrors, so every
// host passes the message through verbatim; `code` lets callers and tests tell them apart.
import { UserError } from '../errors'
export type ExportErrorCode =
  | 'unknown-format'
  | 'missing-folder'
  | 'read-only'
  | 'disk-full'
  | 'not-a-folder'
  | 'folder-not-empty'
  | 'ffmpeg-missing'
  | 'encoder-missing'
  | 'bad-frames'
  | 'bad-options'
  | 'ffmpeg-failed'

export class ExportError extends UserError {
  constructor(
    readonly code: ExportErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ExportError'
  }
}

/** Node's error code of a failed fs call or spawn (ENOENT, EACCES, ENOSPC, …), if any. */
export function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** Turns a failed write into the user's words, or returns undefined when it is not theirs to fix. */
export function explainWriteError(err: unknown, path: string): ExportError | undefined {
  switch (errnoCode(err)) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new ExportError('read-only', `Cannot write ${path}: the folder is read-only or you may not write there.`)
    case 'ENOSPC':
    case 'EDQUOT':
      return diskFull(path)
    case 'EFBIG':
      return fileSizeLimit(path)
    case 'ENOENT':
      return new ExportError('missing-folder', `Cannot write ${path}: its folder does not exist.`)
    case 'ENOTDIR':
      return new ExportError('not-a-folder', `Cannot write ${path}: part of the path is a file, not a folder.`)
    default:
      return undefined
  }
}

export function diskFull(path: string): ExportError {
  return new ExportError(
    'disk-full',
    `Cannot write ${path}: the disk is full. Free some space and export again (any existing file was left unchanged).`,
  )
}

/** EFBIG / SIGXFSZ: the file outgrew what this disk or account allows for one file. */
export function fileSizeLimit(path: string): ExportError {
  return new ExportError(
    'disk-full',
    `Cannot write ${path}: it grew past the file-size limit of this disk or account (no space for it). ` +
      'Choose another disk or lower the size, then export again (any existing file was left unchanged).',
  )
}
