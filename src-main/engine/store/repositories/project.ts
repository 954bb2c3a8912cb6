// The single project row as stored: name and the settings JSON (the project document). Row access only;
// projectDocument.ts validates what is read and written (decision 0280).
import type { Db } from '../database'

export interface ProjectRow {
  name: string
  /** The settings JSON as stored, not yet validated. */
  settings: unknown
  createdAt: string
  updatedAt: string
}

interface StoredRow {
  name: string
  settings: string
  created_at: string
  updated_at: string
}

export class ProjectRowRepository {
  private readonly selectRow
  private readonly insertRow
  private readonly updateRow
  private readonly touchRow

  constructor(db: Db) {
    this.selectRow = db.prepare<[], StoredRow>('SELECT name, settings, created_at, updated_at FROM projects')
    this.insertRow = db.prepare(
      'INSERT INTO projects (id, name, settings, created_at, updated_at) VALUES (1, ?, ?, ?, ?)',
    )
    this.updateRow = db.prepare('UPDATE projects SET name = ?, settings = ?, updated_at = ? WHERE id = 1')
    this.touchRow = db.prepare('UPDATE projects SET updated_at = ? WHERE id = 1')
  }

  /** Undefined only for a damaged file; ProjectStore turns that into a clear error. */
  find(): ProjectRow | undefined {
    const row = this.selectRow.get()
    if (!row) return undefined
    return {
      name: row.name,
      settings: JSON.parse(row.settings) as unknown,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }
  }

  insert(name: string, settings: object): void {
    const now = new Date().toISOString()
    this.insertRow.run(name, JSON.stringify(settings), now, now)
  }

  write(name: string, settings: object): void {
    this.updateRow.run(name, JSON.stringify(settings), new Date().toISOString())
  }

  /** Marks the project modified (called inside other repositories' write transactions). */
  touch(): void {
    this.touchRow.run(new Date().toISOString())
  }
}
