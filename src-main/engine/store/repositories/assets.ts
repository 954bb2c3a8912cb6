// Imported files stored once by content hash (sha256 of the bytes).
import { createHash } from 'node:crypto'
import type { Db } from '../database'

export interface AssetInput {
  kind: string
  mime: string
  name: string
  bytes: Uint8Array
}

export interface AssetInfo {
  hash: string
  kind: string
  mime: string
  name: string
  size: number
  createdAt: string
}

export class AssetRepository {
  private readonly insertIfNew
  private readonly selectBytes
  private readonly selectInfos

  constructor(
    private readonly db: Db,
    private readonly onWrite: () => void,
  ) {
    this.insertIfNew = db.prepare(
      'INSERT OR IGNORE INTO assets (hash, kind, mime, name, size, created_at, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    this.selectBytes = db.prepare<[string], { bytes: Buffer }>('SELECT bytes FROM assets WHERE hash = ?')
    this.selectInfos = db.prepare<
      [],
      { hash: string; kind: string; mime: string; name: string; size: number; created_at: string }
    >('SELECT hash, kind, mime, name, size, created_at FROM assets ORDER BY created_at')
  }

  /** Stores the bytes unless identical bytes are already stored; returns their hash either way. */
  put(asset: AssetInput): string {
    const hash = createHash('sha256').update(asset.bytes).digest('hex')
    this.db.transaction(() => {
      const created = new Date().toISOString()
      this.insertIfNew.run(hash, asset.kind, asset.mime, asset.name, asset.bytes.byteLength, created, asset.bytes)
      this.onWrite()
    })()
    return hash
  }

  bytes(hash: string): Buffer | undefined {
    return this.selectBytes.get(hash)?.bytes
  }

  list(): AssetInfo[] {
    return this.selectInfos.all().map((r) => ({
      hash: r.hash,
      kind: r.kind,
      mime: r.mime,
      name: r.name,
      size: r.size,
      createdAt: r.created_at,
    }))
  }
}
