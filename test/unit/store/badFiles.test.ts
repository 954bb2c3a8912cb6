// Opening something that is not a project: a clear error, and the file is left exactly as it was.
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
  statSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../../src-main/engine/store'

let dir: string
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'pa-bad-'))))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

function expectRefusedUntouched(path: string, message: RegExp): void {
  const before = sha(path)
  expect(() => ProjectStore.open(path)).toThrow(message)
  expect(sha(path)).toBe(before)
  expect(existsSync(`${path}-wal`)).toBe(false)
  expect(existsSync(`${path}-shm`)).toBe(false)
}

describe('opening files that are not projects', () => {
  it('a text file', () => {
    const path = join(dir, 'notes.poseanim')
    writeFileSync(path, 'These are my animation notes.\n'.repeat(20))
    expectRefusedUntouched(path, /notes\.poseanim is not a PoseAnimate project: it is a text file/)
  })

  it('a PNG image', () => {
    const png = new PNG({ width: 8, height: 8 })
    const path = join(dir, 'character.png')
    writeFileSync(path, PNG.sync.write(png))
    expectRefusedUntouched(path, /is not a PoseAnimate project: it is a PNG image/)
  })

  it('an SQLite database of another application', () => {
    const path = join(dir, 'other-app.db')
    const other = new Database(path)
    other.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada')")
    other.close()
    expectRefusedUntouched(path, /is an SQLite database of another application/)
  })

  it('a truncated project', () => {
    const path = join(dir, 'truncated.poseanim')
    const store = ProjectStore.create(path, { name: 'Soon truncated' })
    store.cache.put('big', { dtype: 'float32', shape: [64, 1024], data: new Float32Array(64 * 1024) })
    store.close()
    truncateSync(path, Math.floor(statSync(path).size / 2))
    expectRefusedUntouched(path, /truncated\.poseanim is truncated \(\d+ bytes, its header says \d+\)/)
  })

  it('an empty file, a directory and a missing file', () => {
    const empty = join(dir, 'empty.poseanim')
    writeFileSync(empty, '')
    expectRefusedUntouched(empty, /the file is empty/)
    const folder = join(dir, 'folder.poseanim')
    mkdirSync(folder)
    expect(() => ProjectStore.open(folder)).toThrow(/is not a file/)
    expect(() => ProjectStore.open(join(dir, 'absent.poseanim'))).toThrow(/No project file at/)
  })

  it('a project written by a newer schema version', () => {
    const path = join(dir, 'future.poseanim')
    ProjectStore.create(path, { name: 'From the future' }).close()
    const db = new Database(path)
    db.pragma('user_version = 999')
    db.close()
    expectRefusedUntouched(path, /written by a newer PoseAnimate Studio \(schema 999/)
  })

  it('a newer project in rollback-journal mode is refused before its header is switched to WAL', () => {
    const path = join(dir, 'future-rollback.poseanim')
    ProjectStore.create(path, { name: 'From the future' }).close()
    const db = new Database(path)
    db.pragma('journal_mode = DELETE')
    db.pragma('user_version = 999')
    db.close()
    expect(readFileSync(path)[18]).toBe(1) // file format: legacy (rollback journal), not 2 (WAL)
    expectRefusedUntouched(path, /written by a newer PoseAnimate Studio \(schema 999/)
  })
})
