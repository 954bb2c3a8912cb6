// Where farm work items find their inputs and leave their outputs: blobs named by the pipeline's own
// content keys. Every blob travels in an envelope that names its key and carries its length and
// sha256, so a reader can tell a whole, matching blob from a truncated, damaged or misfiled one.
import { createHash } from 'node:crypto'

export interface BlobStore {
  /** The blob's bytes when present and verified; a damaged blob is removed and reads as absent. */
  get(key: string): Promise<Uint8Array | undefined>
  /** True when a verified blob exists under `key` (reads it: a damaged one is removed). */
  has(key: string): Promise<boolean>
  /** Stores `bytes` under `key` atomically; a verified blob already there is kept, never overwritten. */
  put(key: string, bytes: Uint8Array): Promise<'written' | 'kept'>
  /** Blobs found damaged (and removed) since this store was opened. */
  readonly damaged: number
  /** Where the blobs live, for messages. */
  readonly location: string
}

const MAGIC = 'POSEANIMATE-BLOB 1\n'

interface Envelope {
  key: string
  bytes: number
  sha256: string
}

/** The stored form of a blob: magic line, one JSON line naming key, length and sha256, then the bytes. */
export function sealBlob(key: string, payload: Uint8Array): Buffer {
  const envelope: Envelope = { key, bytes: payload.byteLength, sha256: sha256(payload) }
  const head = Buffer.from(`${MAGIC}${JSON.stringify(envelope)}\n`, 'utf8')
  return Buffer.concat([head, payload])
}

/** The payload of a sealed blob when it is whole and belongs to `key`; otherwise why not. */
export function openBlob(key: string, sealed: Uint8Array): { payload: Uint8Array } | { problem: string } {
  const buffer = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength)
  if (!buffer.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC))) return { problem: 'not a farm blob' }
  const end = buffer.indexOf(0x0a, MAGIC.length)
  if (end < 0) return { problem: 'truncated header' }
  let envelope: Envelope
  try {
    envelope = JSON.parse(buffer.subarray(MAGIC.length, end).toString('utf8')) as Envelope
  } catch {
    return { problem: 'unreadable header' }
  }
  if (envelope.key !== key) return { problem: `holds ${envelope.key}` }
  const payload = buffer.subarray(end + 1)
  if (payload.byteLength !== envelope.bytes) {
    return { problem: `${payload.byteLength} of ${envelope.bytes} bytes` }
  }
  if (sha256(payload) !== envelope.sha256) return { problem: 'checksum mismatch' }
  return { payload }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
