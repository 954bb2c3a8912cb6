// Content-addressed stage outputs as typed tensor blobs, bounded in size with LRU eviction.
// Recency is a logical clock (last_used), so eviction order is exact even within one millisecond.
// Every entry carries a sha256 of its bytes: an entry that no longer matches (a damaged disk, a bad
// copy) is dropped on read, as if never computed, so the pipeline recomputes it and counts it.
import type { Db } from '../database'
import { assertTensor, isTensorDType, tensorBytes, tensorFromBytes, type Tensor } from '../../tensor'
import { cacheChecksum } from '../checksum'

export interface CacheEntryInput {
  key: string
  tensor: Tensor
  /** Keys of the entries this one was computed from (for invalidation and inspection). */
  parents?: string[]
}

export interface CacheEntryInfo {
  key: string
  dtype: string
  shape: number[]
  size: number
  parents: string[]
  createdAt: string
  lastUsed: number
}

interface InfoRow {
  key: string
  dtype: string
  shape: string
  size: number
  parents: string
  created_at: string
  last_used: number
}

export const DEFAULT_CACHE_BYTES = 8 * 1024 ** 3

/** Called with the key of each entry dropped because its bytes did not match its checksum. */
export type DamagedEntryListener = (key: string) => void

export class CacheRepository {
  private clock: number
  private readonly stmt
  /** Keys whose checksum was checked (or written) since this store was opened: has() need not re-read them. */
  private readonly verified = new Set<string>()
  private readonly listeners = new Set<DamagedEntryListener>()
  private damaged = 0

  constructor(
    private readonly db: Db,
    public maxBytes: number = DEFAULT_CACHE_BYTES,
  ) {
    this.stmt = {
      maxClock: db.prepare<[], { c: number | null }>('SELECT max(last_used) AS c FROM cache_entries'),
      has: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM cache_entries WHERE key = ?'),
      info: db.prepare<[string], InfoRow>(
        'SELECT key, dtype, shape, size, parents, created_at, last_used FROM cache_entries WHERE key = ?',
      ),
      bytes: db.prepare<[string], { bytes: Buffer; checksum: string }>(
        'SELECT bytes, checksum FROM cache_entries WHERE key = ?',
      ),
      touch: db.prepare('UPDATE cache_entries SET last_used = ? WHERE key = ?'),
      upsert: db.prepare(
        `INSERT INTO cache_entries (key, dtype, shape, size, parents, created_at, last_used, bytes, checksum)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET dtype = excluded.dtype, shape = excluded.shape, size = excluded.size,
           parents = excluded.parents, created_at = excluded.created_at, last_used = excluded.last_used,
           bytes = excluded.bytes, checksum = excluded.checksum`,
      ),
      remove: db.prepare('DELETE FROM cache_entries WHERE key = ?'),
      total: db.prepare<[], { total: number }>('SELECT total(size) AS total FROM cache_entries'),
      oldestFirst: db.prepare<[], { key: string; size: number }>(
        'SELECT key, size FROM cache_entries ORDER BY last_used ASC',
      ),
      keys: db.prepare<[string], { key: string }>("SELECT key FROM cache_entries WHERE key LIKE ? ESCAPE '\\'"),
    }
    this.clock = this.stmt.maxClock.get()?.c ?? 0
  }

  /** True when the entry exists and its bytes match their checksum (a damaged one is dropped here). */
  has(key: string): boolean {
    if (this.stmt.has.get(key) === undefined) return false
    return this.verified.has(key) || this.readVerified(key) !== undefined
  }

  /** Reads a tensor and marks it recently used; a damaged entry is dropped and reads as missing. */
  get(key: string): Tensor | undefined {
    const info = this.info(key)
    const row = info && this.readVerified(key)
    if (!info || !row) return undefined
    this.db.transaction(() => this.stmt.touch.run(this.tick(), key))()
    if (!isTensorDType(info.dtype)) throw new Error(`cache entry ${key} has unknown dtype ${info.dtype}`)
    return tensorFromBytes(info.dtype, info.shape, row.bytes)
  }

  info(key: string): CacheEntryInfo | undefined {
    const row = this.stmt.info.get(key)
    if (!row) return undefined
    return {
      key: row.key,
      dtype: row.dtype,
      shape: JSON.parse(row.shape) as number[],
      size: row.size,
      parents: JSON.parse(row.parents) as string[],
      createdAt: row.created_at,
      lastUsed: row.last_used,
    }
  }

  put(key: string, tensor: Tensor, parents: string[] = []): void {
    this.putMany([{ key, tensor, parents }])
  }

  /**
   * Writes all entries in one transaction (all or none survive a crash), then evicts the least
   * recently used others until the cache fits. Entries written here are never evicted by this call.
   */
  putMany(entries: readonly CacheEntryInput[]): string[] {
    for (const e of entries) assertTensor(e.tensor, `cache entry ${e.key}`)
    return this.db.transaction(() => {
      const created = new Date().toISOString()
      for (const e of entries) {
        const bytes = tensorBytes(e.tensor)
        const shape = JSON.stringify(e.tensor.shape)
        const parents = JSON.stringify(e.parents ?? [])
        const sum = cacheChecksum(bytes)
        this.stmt.upsert.run(e.key, e.tensor.dtype, shape, bytes.byteLength, parents, created, this.tick(), bytes, sum)
        this.verified.add(e.key)
      }
      return this.evictToFit(this.maxBytes, new Set(entries.map((e) => e.key)))
    })()
  }

  delete(key: string): void {
    this.verified.delete(key)
    this.db.transaction(() => this.stmt.remove.run(key))()
  }

  /** How many damaged entries were dropped since this store was opened (render summaries report it). */
  get damagedDropped(): number {
    return this.damaged
  }

  /** Calls `listener` with each damaged entry's key as it is dropped; returns the unsubscribe. */
  onDamaged(listener: DamagedEntryListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Keys that start with a prefix, e.g. every entry of one render stage. */
  keysWithPrefix(prefix: string): string[] {
    const pattern = prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'
    return this.stmt.keys.all(pattern).map((r) => r.key)
  }

  totalBytes(): number {
    return this.stmt.total.get()?.total ?? 0
  }

  /** Deletes least recently used entries (except `keep`) until the total is at most maxBytes. */
  evictToFit(maxBytes: number, keep: ReadonlySet<string> = new Set()): string[] {
    return this.db.transaction(() => {
      let excess = this.totalBytes() - maxBytes
      if (excess <= 0) return []
      const victims: string[] = []
      for (const row of this.stmt.oldestFirst.all()) {
        if (excess <= 0) break
        if (keep.has(row.key)) continue
        victims.push(row.key)
        excess -= row.size
      }
      for (const key of victims) {
        this.verified.delete(key)
        this.stmt.remove.run(key)
      }
      return victims
    })()
  }

  /** The entry's bytes when they match their checksum; otherwise drops it, counts it and returns undefined. */
  private readVerified(key: string): { bytes: Buffer } | undefined {
    const row = this.stmt.bytes.get(key)
    if (!row) return undefined
    if (cacheChecksum(row.bytes) === row.checksum) {
      this.verified.add(key)
      return row
    }
    this.delete(key)
    this.damaged += 1
    for (const listener of this.listeners) listener(key)
    return undefined
  }

  private tick(): number {
    this.clock += 1
    return this.clock
  }
}
