// What a cache entry's checksum column holds (decision 0241).
import { createHash } from 'node:crypto'

/** sha256 of the entry's bytes, hex. */
export function cacheChecksum(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
