// Render runs of the project: what was asked, how far it got, and why it stopped.
import type { Db } from '../database'

export type RenderStatus = 'queued' | 'running' | 'done' | 'cancelled' | 'failed'

export interface RenderRecord {
  id: string
  status: RenderStatus
  settings: unknown
  stage: string | null
  error: string | null
  createdAt: string
  updatedAt: string
}

interface RenderRow {
  id: string
  status: RenderStatus
  settings: string
  stage: string | null
  error: string | null
  created_at: string
  updated_at: string
}

export class RenderRepository {
  private readonly insertRow
  private readonly updateRow
  private readonly selectOne
  private readonly selectAll

  constructor(private readonly db: Db) {
    this.insertRow = db.prepare(
      "INSERT INTO renders (id, status, settings, created_at, updated_at) VALUES (?, 'queued', ?, ?, ?)",
    )
    this.updateRow = db.prepare('UPDATE renders SET status = ?, stage = ?, error = ?, updated_at = ? WHERE id = ?')
    this.selectOne = db.prepare<[string], RenderRow>('SELECT * FROM renders WHERE id = ?')
    this.selectAll = db.prepare<[], RenderRow>('SELECT * FROM renders ORDER BY created_at DESC')
  }

  create(id: string, settings: unknown): void {
    const now = new Date().toISOString()
    this.db.transaction(() => this.insertRow.run(id, JSON.stringify(settings ?? null), now, now))()
  }

  setStatus(id: string, status: RenderStatus, detail: { stage?: string; error?: string } = {}): void {
    this.db.transaction(() => {
      const result = this.updateRow.run(
        status,
        detail.stage ?? null,
        detail.error ?? null,
        new Date().toISOString(),
        id,
      )
      if (result.changes !== 1) throw new Error(`no render with id ${id}`)
    })()
  }

  get(id: string): RenderRecord | undefined {
    const row = this.selectOne.get(id)
    return row && toRecord(row)
  }

  list(): RenderRecord[] {
    return this.selectAll.all().map(toRecord)
  }
}

function toRecord(row: RenderRow): RenderRecord {
  return {
    id: row.id,
    status: row.status,
    settings: JSON.parse(row.settings) as unknown,
    stage: row.stage,
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
