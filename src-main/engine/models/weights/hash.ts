// Cheap content hash for checkpoints, used as a cache key (compiled graphs, stage outputs). Hashing all
// of a 4 GB file takes ~10 s, so we hash what identifies a file in practice: the file size, the whole
// safetensors header (every key, dtype, shape and offset) and SAMPLE_COUNT blocks of SAMPLE_BYTES
// spread evenly over the data section (the first and last blocks included). Files up to
// SAMPLE_COUNT × SAMPLE_BYTES of data are hashed whole. Two files that differ only between samples
// would collide; fine-tunes and merges change nearly every weight, so in practice they differ in every block.
import { createHash } from 'node:crypto'
import type { SafetensorsFile } from './safetensors'

export const HASH_VERSION = 'poseanimate-weights-hash-v1'
export const SAMPLE_COUNT = 64
export const SAMPLE_BYTES = 4096

/** sha256 (hex) of size + header + sampled data blocks of one safetensors file. */
export function fileFingerprint(file: SafetensorsFile): string {
  const hash = createHash('sha256')
  hash.update(`${HASH_VERSION}\n${file.fileSize}\n`)
  hash.update(file.headerBytes)
  const dataStart = file.headerBytes.length
  const dataBytes = file.fileSize - dataStart
  if (dataBytes <= SAMPLE_COUNT * SAMPLE_BYTES) {
    hash.update(file.readBytes(dataStart, dataBytes))
  } else {
    const stride = (dataBytes - SAMPLE_BYTES) / (SAMPLE_COUNT - 1)
    for (let i = 0; i < SAMPLE_COUNT; i++) {
      hash.update(file.readBytes(dataStart + Math.floor(i * stride), SAMPLE_BYTES))
    }
  }
  return hash.digest('hex')
}

/** Combines named parts (e.g. "unet/diffusion_pytorch_model.safetensors" → fingerprint) order-independently. */
export function combineFingerprints(parts: ReadonlyArray<readonly [name: string, fingerprint: string]>): string {
  const hash = createHash('sha256').update(`${HASH_VERSION}\n`)
  for (const [name, fp] of [...parts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`${name}=${fp}\n`)
  return hash.digest('hex')
}
