// Numbered schema migrations. Append only: never edit a migration that has shipped; add the next one.
// PRAGMA user_version holds the latest applied number; schema_migrations keeps the history.
import type Database from 'better-sqlite3'
import { ProjectFileError } from './errors'
import { cacheChecksum } from './checksum'

export interface Migration {
  version: number
  name: string
  sql: string
  /** Data steps SQL cannot express, run in the migration's transaction after `sql`. */
  run?(db: Database.Database): void
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TEXT NOT NULL
      );
      -- One project per file: a single row.
      CREATE TABLE projects (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL CHECK (length(name) > 0),
        settings TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- Imported files by content hash (sha256), so re-importing the same image stores it once.
      CREATE TABLE assets (
        hash TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        mime TEXT NOT NULL,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        bytes BLOB NOT NULL
      );
      CREATE TABLE keyframes (
        frame INTEGER PRIMARY KEY CHECK (frame >= 0),
        pose TEXT NOT NULL
      );
      CREATE TABLE renders (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'cancelled', 'failed')),
        settings TEXT NOT NULL,
        stage TEXT,
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- Stage outputs as typed tensors. Small columns first: reading them never walks the blob pages.
      CREATE TABLE cache_entries (
        key TEXT PRIMARY KEY,
        dtype TEXT NOT NULL,
        shape TEXT NOT NULL,
        size INTEGER NOT NULL,
        parents TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_used INTEGER NOT NULL,
        bytes BLOB NOT NULL
      );
      CREATE INDEX cache_entries_lru ON cache_entries (last_used, size);
    `,
  },
  {
    version: 2,
    name: 'cache entry checksums',
    // sha256 of the tensor bytes, checked on every read (decision 0241); existing entries get theirs here.
    sql: `ALTER TABLE cache_entries ADD COLUMN checksum TEXT NOT NULL DEFAULT ''`,
    run(db) {
      const keys = db.prepare<[], { key: string }>('SELECT key FROM cache_entries').all()
      const read = db.prepare<[string], { bytes: Buffer }>('SELECT bytes FROM cache_entries WHERE key = ?')
      const write = db.prepare('UPDATE cache_entries SET checksum = ? WHERE key = ?')
      for (const { key } of keys) write.run(cacheChecksum(read.get(key)!.bytes), key)
    },
  },
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version

/** Refuses a project of a newer schema; reading the version writes nothing, so call it before any write. */
export function assertSchemaSupported(db: Database.Database, path: string): number {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > LATEST_SCHEMA_VERSION) {
    throw new ProjectFileError(
      `Project file ${path} was written by a newer PoseAnimate Studio (schema ${current}; this version reads up to ` +
        `${LATEST_SCHEMA_VERSION}). Update the app to open it.`,
    )
  }
  return current
}

/** Applies every pending migration, each in its own transaction. */
export function migrate(db: Database.Database, path: string): void {
  const current = assertSchemaSupported(db, path)
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue
    db.transaction(() => {
      db.exec(migration.sql)
      migration.run?.(db)
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      )
      db.pragma(`user_version = ${migration.version}`)
    })()
  }
}
