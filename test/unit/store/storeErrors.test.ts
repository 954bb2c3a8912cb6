// SQLite's read-only, full-disk and I/O failures reach the user as one clear ProjectFileError naming
// the file and what to do (storeErrorOf), never as "attempt to write a readonly database".
import Database from 'better-sqlite3'
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ProjectFileError, ProjectStore, storeErrorOf } from '../../../src-main/engine/store'

const root = mkdtempSync(join(tmpdir(), 'pa-storeerr-'))
chmodSync(root, 0o755)
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** The error better-sqlite3 really throws for `sql` on a fresh in-memory database after `setup`. */
function sqliteFailure(setup: string, sql: string): unknown {
  const db = new Database(':memory:')
  try {
    db.exec('CREATE TABLE t (x BLOB)')
    db.pragma(setup)
    db.exec(sql)
  } catch (err) {
    return err
  } finally {
    db.close()
  }
  throw new Error(`${sql} did not fail`)
}

/** Runs fixtures/fullDiskWriter.ts (open, then one write) and returns the line it printed. */
function writeIn(project: string, options: { limitBlocks?: number; asNobody?: boolean }): string {
  const writer = resolve(import.meta.dirname, 'fixtures/fullDiskWriter.ts')
  const limit = options.limitBlocks ? `ulimit -f ${options.limitBlocks}; ` : ''
  const asNobody = options.asNobody && process.getuid?.() === 0 ? { WRITER_DROP_TO: '65534' } : {}
  return execFileSync('sh', ['-c', `${limit}exec "$@"`, 'sh', process.execPath, '--import', 'tsx', writer, project], {
    cwd: resolve(import.meta.dirname, '../../..'),
    encoding: 'utf8',
    env: { ...process.env, ...asNobody },
  }).split('\n')[0]
}

function newProject(name: string): string {
  const folder = mkdtempSync(join(root, 'p-'))
  chmodSync(folder, 0o755)
  const path = join(folder, name)
  ProjectStore.create(path, { name: 'Errors' }).close()
  return path
}

describe('storeErrorOf', () => {
  it.each([
    ['query_only = ON', /is read-only \(or its folder is\): make the file and its folder writable/],
    ['max_page_count = 2', /the disk is full\. Free some space/],
  ])('%s: a real SQLite failure in the user’s words', (setup, message) => {
    const err = sqliteFailure(setup, 'INSERT INTO t VALUES (zeroblob(100000))')
    const translated = storeErrorOf(err, '/p/walk.poseanim')
    expect(translated).toBeInstanceOf(ProjectFileError)
    expect(translated!.message).toMatch(/walk\.poseanim/)
    expect(translated!.message).toMatch(message)
  })

  it('leaves errors that are not SQLite’s alone', () => {
    expect(storeErrorOf(new TypeError('x is undefined'), '/p/a.poseanim')).toBeUndefined()
  })
})

describe('a project that cannot be written', () => {
  it('a read-only file: names the file and what to do, and it stays unchanged', () => {
    const path = newProject('readonly.poseanim')
    chmodSync(path, 0o444)
    const before = readFileSync(path)
    const line = writeIn(path, { asNobody: true })
    // A checkout inside a private folder (mode 0700, as mktemp makes) cannot be read by the unprivileged user:
    // then only "nothing changed" can be checked here; the translation itself is covered above.
    if (/Cannot find module/.test(line)) return expect(readFileSync(path).equals(before)).toBe(true)
    expect(line).toMatch(/^failed: ProjectFileError: .*readonly\.poseanim/)
    expect(line).toMatch(/read-only|may read and write/)
    expect(line).not.toMatch(/attempt to write a readonly database/)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('a full disk (file-size limit): names the file and the disk, and earlier work stays', () => {
    const path = newProject('full.poseanim')
    const line = writeIn(path, { limitBlocks: Math.ceil(statSync(path).size / 512) + 8 })
    expect(line).toMatch(/^failed: ProjectFileError: Cannot (save to|read or write) project file .*full\.poseanim/)
    expect(line).toMatch(/disk/)
    const store = ProjectStore.open(path)
    expect(store.summary()).toMatchObject({ name: 'Errors', keyframeCount: 0 })
    store.close()
  })
})
