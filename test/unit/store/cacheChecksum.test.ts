// Damaged cache data is never served: each entry's sha256 is checked on read, a mismatch drops the
// entry (it reads as missing, so the pipeline recomputes it) and is counted for the render summary.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MIGRATIONS, PROJECT_APPLICATION_ID, ProjectStore, type Tensor } from '../../../src-main/engine/store'

const dir = mkdtempSync(join(tmpdir(), 'pa-sum-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const frame = (seed: number): Tensor => ({
  dtype: 'uint8',
  shape: [8, 8, 3],
  data: Uint8Array.from({ length: 192 }, (_, i) => (i * 7 + seed) % 256),
})

/** Flips one byte of an entry's blob behind the store's back, as a damaged disk would. */
function flipByte(path: string, key: string, at: number): void {
  const db = new Database(path)
  const { bytes } = db.prepare('SELECT bytes FROM cache_entries WHERE key = ?').get(key) as { bytes: Buffer }
  bytes[at] ^= 0xff
  db.prepare('UPDATE cache_entries SET bytes = ? WHERE key = ?').run(bytes, key)
  db.close()
}

describe('cache entry checksums', () => {
  it('drops a damaged entry on read, counts it and tells listeners; the others stay', () => {
    const path = join(dir, 'damaged.poseanim')
    let store = ProjectStore.create(path, { name: 'Damaged' })
    store.cache.putMany([
      { key: 'f0/rgb', tensor: frame(0) },
      { key: 'f1/rgb', tensor: frame(1) },
    ])
    store.close()
    flipByte(path, 'f1/rgb', 100)

    store = ProjectStore.open(path)
    const heard: string[] = []
    store.cache.onDamaged((key) => heard.push(key))
    expect(store.cache.get('f1/rgb')).toBeUndefined()
    expect(store.cache.has('f1/rgb')).toBe(false)
    expect(store.cache.info('f1/rgb')).toBeUndefined() // gone, so it is recomputed rather than retried
    expect(store.cache.damagedDropped).toBe(1)
    expect(heard).toEqual(['f1/rgb'])
    expect(store.cache.get('f0/rgb')!.data).toEqual(frame(0).data)
    store.close()
  })

  it('has() checks too, so a planner never counts a damaged entry as done', () => {
    const path = join(dir, 'planned.poseanim')
    const created = ProjectStore.create(path, { name: 'Planned' })
    created.cache.put('latent', frame(3))
    created.close()
    flipByte(path, 'latent', 0)
    const store = ProjectStore.open(path)
    expect(store.cache.has('latent')).toBe(false)
    expect(store.cache.damagedDropped).toBe(1)
    store.cache.put('latent', frame(3))
    expect(store.cache.has('latent')).toBe(true)
    expect(store.cache.get('latent')!.data).toEqual(frame(3).data)
    store.close()
  })

  it('a project of schema 1 gets checksums for its existing entries', () => {
    const path = join(dir, 'schema1.poseanim')
    const db = new Database(path)
    db.pragma(`application_id = ${PROJECT_APPLICATION_ID}`)
    db.exec(MIGRATIONS[0].sql)
    db.pragma('user_version = 1')
    db.prepare("INSERT INTO projects VALUES (1, 'Old', ?, 'then', 'then')").run(
      JSON.stringify({ fps: 12, width: 512, height: 512, prompt: '' }),
    )
    db.prepare("INSERT INTO cache_entries VALUES ('old', 'uint8', '[8,8,3]', 192, '[]', 'then', 1, ?)").run(
      Buffer.from(frame(5).data as Uint8Array),
    )
    db.close()
    const store = ProjectStore.open(path)
    expect(store.cache.get('old')!.data).toEqual(frame(5).data)
    expect(store.cache.damagedDropped).toBe(0)
    store.close()
  })
})
