// The single project row: name and settings.
import type { ProjectSettings } from '../../../../src-preload/api'
import type { Db } from '../database'

export interface ProjectRecord {
  name: string
  settings: ProjectSettings
  createdAt: string
  updatedAt: string
}

interface ProjectRow {
  name: string
  settings: string
  created_at: string
  updated_at: string
}

export class ProjectRepository {
  private readonly selectRow
  private readonly insertRow
  private readonly updateRow
  private readonly touchRow

  constructor(private readonly db: Db) {
    this.selectRow = db.prepare<[], ProjectRow>('SELECT name, settings, created_at, updated_at FROM projects')
    this.insertRow = db.prepare(
      'INSERT INTO projects (id, name, settings, created_at, updated_at) VALUES (1, ?, ?, ?, ?)',
    )
    this.updateRow = db.prepare('UPDATE projects SET name = ?, settings = ?, updated_at = ? WHERE id = 1')
    this.touchRow = db.prepare('UPDATE projects SET updated_at = ? WHERE id = 1')
  }

  /** Undefined only for a damaged file; ProjectStore turns that into a clear error. */
  find(): ProjectRecord | undefined {
    const row = this.selectRow.get()
    if (!row) return undefined
    return {
      name: row.name,
      settings: JSON.parse(row.settings) as ProjectSettings,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }
  }

  insert(name: string, settings: ProjectSettings): void {
    const now = new Date().toISOString()
    this.db.transaction(() => this.insertRow.run(name, JSON.stringify(settings), now, now))()
  }

  update(patch: { name?: string; settings?: Partial<ProjectSettings> }): void {
    this.db.transaction(() => {
      const current = this.find()
      if (!current) throw new Error('project row missing')
      const settings = { ...current.settings, ...patch.settings }
      this.updateRow.run(patch.name ?? current.name, JSON.stringify(settings), new Date().toISOString())
    })()
  }

  /** Marks the project modified (called inside other repositories' write transactions). */
  touch(): void {
    this.touchRow.run(new Date().toISOString())
  }
}
