// Errors the user can cause with a project file (a UserError: the message is written for the user).
// storeErrorOf() gives SQLite's failures (read-only, full disk, I/O, damage, busy) the words of the one
// mapping in engine/errors.ts, as a ProjectFileError that keeps SQLite's code; the store applies it to every call.
import { sqliteProblem, UserError } from '../errors'

export class ProjectFileError extends UserError {
  constructor(
    message: string,
    /** SQLite's code when the failure came from SQLite (SQLITE_READONLY, SQLITE_FULL, …). */
    readonly sqliteCode?: string,
  ) {
    super(message)
    this.name = 'ProjectFileError'
  }
}

/** The user's words for a SQLite failure on the project file at `path`, or undefined when it is not SQLite's. */
export function storeErrorOf(err: unknown, path: string): ProjectFileError | undefined {
  if (err instanceof ProjectFileError) return err
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined
  const message = sqliteProblem(code, path, (err as Error).message)
  return message === undefined ? undefined : new ProjectFileError(message, code)
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
