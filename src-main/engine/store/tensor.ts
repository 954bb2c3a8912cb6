// Typed tensors as the cache stores them: dtype + static shape + little-endian bytes.
import { createHash } from 'node:crypto'
export type TensorDType = 'float32' | 'float16' | 'int32' | 'int64' | 'uint8'

export type TensorData = Float32Array | Uint16Array | Int32Array | BigInt64Array | Uint8Array

export interface Tensor {
  dtype: TensorDType
  shape: number[]
  /** float16 is carried as IEEE-half bits in a Uint16Array (Node 20 has no Float16Array). */
  data: TensorData
}

const BYTES_PER_ELEMENT: Record<TensorDType, number> = { float32: 4, float16: 2, int32: 4, int64: 8, uint8: 1 }

export function isTensorDType(value: string): value is TensorDType {
  return value in BYTES_PER_ELEMENT
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1)
}

export function byteLength(dtype: TensorDType, shape: readonly number[]): number {
  return elementCount(shape) * BYTES_PER_ELEMENT[dtype]
}

/** Checks that data, dtype and shape agree before anything is written. */
export function assertTensor(t: Tensor, what: string): void {
  if (!isTensorDType(t.dtype)) throw new Error(`${what}: unknown dtype "${t.dtype}"`)
  if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`${what}: shape ${JSON.stringify(t.shape)} must be non-negative integers`)
  }
  const expected = byteLength(t.dtype, t.shape)
  if (t.data.byteLength !== expected) {
    throw new Error(
      `${what}: ${t.data.byteLength} bytes of data for ${t.dtype}${JSON.stringify(t.shape)} (${expected})`,
    )
  }
}

export function tensorBytes(t: Tensor): Buffer {
  return Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)
}

/** Copies the bytes into a fresh, aligned typed array (SQLite blobs are not aligned). */
export function tensorFromBytes(dtype: TensorDType, shape: number[], bytes: Uint8Array): Tensor {
  const buffer = new ArrayBuffer(bytes.byteLength)
  new Uint8Array(buffer).set(bytes)
  const data = {
    float32: () => new Float32Array(buffer),
    float16: () => new Uint16Array(buffer),
    int32: () => new Int32Array(buffer),
    int64: () => new BigInt64Array(buffer),
    uint8: () => new Uint8Array(buffer),
  }[dtype]()
  return { dtype, shape, data }
}

/** What a cache entry's checksum column holds: sha256 of its bytes, hex. */
export function cacheChecksum(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
