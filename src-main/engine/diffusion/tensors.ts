// Float32 arrays ↔ the store's typed tensors, and content keys for cache entries.
import { createHash } from 'node:crypto'
import type { Tensor } from '../store'

/** Bump when a stage's algorithm changes, so stored outputs of the old code are never reused. */
export const PIPELINE_VERSION = 'pipeline-1'

/** `<stage>/<32 hex>`: sha256 over the stage name, PIPELINE_VERSION and the JSON of every part. */
export function contentKey(stage: string, ...parts: unknown[]): string {
  const hash = createHash('sha256').update(`${stage}\n${PIPELINE_VERSION}\n`)
  for (const p of parts) hash.update(`${JSON.stringify(p, replacer)}\n`)
  return `${stage}/${hash.digest('hex').slice(0, 32)}`
}

/** Typed arrays are hashed by content (as hex of their bytes), not by JSON's index maps. */
function replacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value)) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    return `bytes:${createHash('sha256').update(bytes).digest('hex')}`
  }
  return value
}

export function f32(data: Float32Array, shape: number[]): Tensor {
  return { dtype: 'float32', shape, data }
}

/** Rows of equal size stacked along a new leading axis. */
export function stacked(rows: readonly Float32Array[], rowShape: number[]): Tensor {
  const size = rows[0]?.length ?? 0
  const data = new Float32Array(size * rows.length)
  rows.forEach((r, i) => data.set(r, i * size))
  return f32(data, [rows.length, ...rowShape])
}

export function asF32(t: Tensor, what: string): Float32Array {
  if (t.dtype !== 'float32' || !(t.data instanceof Float32Array)) throw new Error(`${what} is ${t.dtype}, not float32`)
  return t.data
}

/** Splits a tensor along its leading axis into views. */
export function rowsOf(t: Tensor, what: string): Float32Array[] {
  const data = asF32(t, what)
  const count = t.shape[0]
  const size = data.length / count
  return Array.from({ length: count }, (_, i) => data.subarray(i * size, (i + 1) * size))
}
