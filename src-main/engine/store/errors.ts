// Errors the user can cause with a project file. `userError` tells the engine host to pass the
// message through verbatim (it is written for the user, not for a developer).
// storeErrorOf() is the one translation of SQLite's failures (read-only, full disk, I/O, damage, busy)
// into the user's words; the store applies it to every call, and the hosts' error mapping may use it too.
export class ProjectFileError extends Error {
  readonly userError = true
  constructor(
    message: string,
    /** SQLite's code when the failure came from SQLite (SQLITE_READONLY, SQLITE_FULL, …). */
    readonly sqliteCode?: string,
  ) {
    super(message)
    this.name = 'ProjectFileError'
  }
}

/** SQLite error codes that mean the file itself is damaged or not a database. */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_IOERR_SHORT_READ'])

/** The user's words for a SQLite failure on the project file at `path`, or undefined when it is not SQLite's. */
export function storeErrorOf(err: unknown, path: string): ProjectFileError | undefined {
  if (err instanceof ProjectFileError) return err
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined
  const detail = (err as Error).message
  const say = (message: string) => new ProjectFileError(message, code)
  if (DAMAGE_CODES.has(code) || code.startsWith('SQLITE_CORRUPT')) {
    return say(`Project file ${path} is damaged and cannot be read (${detail}); restore it from a backup.`)
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return say(
      `Project file ${path} is read-only (or its folder is): make the file and its folder writable, ` +
        'or copy the project to a folder you can write to.',
    )
  }
  if (code === 'SQLITE_FULL') {
    return say(
      `Cannot save to project file ${path}: the disk is full. Free some space and try again; work saved before is kept.`,
    )
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return say(
      `Cannot read or write project file ${path}: the disk reported an error (${detail}; the disk may be full, ` +
        'failing or disconnected). Check it and try again; work saved before is kept.',
    )
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return say(
      `Cannot open project file ${path}: check that it and its folder exist and that you may read and write them.`,
    )
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return say(`Project file ${path} is in use by another program or window: close it there and try again.`)
  }
  return undefined
}

/** Rethrows `err` in the user's words when it is a SQLite failure of the file at `path`, else as it is. */
export function explainSqliteError(path: string, err: unknown): never {
  throw storeErrorOf(err, path) ?? err
}

/**
 * Wraps an object (a repository, the store) so that each method's SQLite failure is rethrown through
 * storeErrorOf, naming `path`. Getters and fields pass through untouched.
 */
export function withStoreErrors<T extends object>(target: T, path: string): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      const value = Reflect.get(object, key, receiver) as unknown
      if (typeof value !== 'function' || key === 'constructor') return value
      return function (this: unknown, ...args: unknown[]) {
        try {
          return (value as (...a: unknown[]) => unknown).apply(this === receiver ? object : this, args)
        } catch (err) {
          return explainSqliteError(path, err)
        }
      }
    },
  })
}
