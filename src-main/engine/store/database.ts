// Opening and creating project databases. This folder is the only importer of better-sqlite3.
import Database from 'better-sqlite3'
import { existsSync, linkSync, rmSync } from 'node:fs'
import { explainSqliteError, ProjectFileError } from './errors'
import { checkProjectFile, PROJECT_APPLICATION_ID } from './fileCheck'
import { assertSchemaSupported, migrate } from './migrations'

export type Db = Database.Database

/**
 * Opens an existing project read-write in WAL mode and applies pending migrations.
 * Anything that is not a project is refused before SQLite touches it.
 */
export function openProjectDatabase(path: string): Db {
  checkProjectFile(path)
  let db: Db | undefined
  try {
    db = new Database(path, { fileMustExist: true })
    assertSchemaSupported(db, path) // before configure(): switching to WAL already writes the header
    configure(db)
    migrate(db, path)
    return db
  } catch (err) {
    db?.close()
    if (err instanceof ProjectFileError) throw err
    return explainSqliteError(path, err)
  }
}

/**
 * Creates a new project file: built under a temporary name and linked into place only when complete,
 * so a crash during creation never leaves a half-made project, and an existing file is never replaced.
 */
export function createProjectDatabase(path: string, initialise: (db: Db) => void): Db {
  if (existsSync(path)) throw new ProjectFileError(`A file already exists at ${path}; choose another name.`)
  const temporary = `${path}.creating-${process.pid}`
  rmSync(temporary, { force: true })
  try {
    const db = new Database(temporary)
    try {
      // Set before WAL so the id lands in the main file's header, where checkProjectFile reads it.
      db.pragma(`application_id = ${PROJECT_APPLICATION_ID}`)
      migrate(db, path)
      db.transaction(() => initialise(db))()
    } finally {
      db.close()
    }
    linkSync(temporary, path)
  } catch (err) {
    if ((err as { code?: string }).code === 'EEXIST') {
      throw new ProjectFileError(`A file already exists at ${path}; choose another name.`)
    }
    throw err
  } finally {
    rmSync(temporary, { force: true })
  }
  return openProjectDatabase(path)
}

function configure(db: Db): void {
  db.pragma('journal_mode = WAL')
  // FULL: a committed transaction survives power loss too, not only a process crash (decision 0012).
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
}

/** The SQLite library version linked into better-sqlite3. */
export function sqliteVersion(): string {
  const db = new Database(':memory:')
  try {
    return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v
  } finally {
    db.close()
  }
}
