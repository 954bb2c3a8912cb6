// Errors the user can cause with a project file. `userError` tells the engine host to pass the
// message through verbatim (it is written for the user, not for a developer).
export class ProjectFileError extends Error {
  readonly userError = true
  constructor(message: string) {
    super(message)
    this.name = 'ProjectFileError'
  }
}

/** SQLite error codes that mean the file itself is damaged or not a database. */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CANTOPEN', 'SQLITE_IOERR_SHORT_READ'])

/** Rewraps SQLite's "file is damaged" errors as a ProjectFileError naming the file; rethrows others. */
export function explainSqliteError(path: string, err: unknown): never {
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && (DAMAGE_CODES.has(code) || code.startsWith('SQLITE_CORRUPT'))) {
    throw new ProjectFileError(`Project file ${path} is damaged and cannot be read (${(err as Error).message}).`)
  }
  throw err
}
