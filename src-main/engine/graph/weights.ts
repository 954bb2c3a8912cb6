// Weight data supplied at emission, and its conversion to the little-endian bytes of an initializer.
import { float16ToFloat32, float32ToFloat16 } from './fp16'
import type { DType } from './types'

/** fp16 weights are passed as their bits: `{ float16: Uint16Array }`. */
export type WeightData = Float32Array | Float64Array | { float16: Uint16Array }

export interface WeightInfo {
  key: string
  shape: readonly number[]
  /** The dtype the weight is emitted in (after precision mapping). */
  dtype: DType
}

/** Supplies one weight at a time, so emission never holds all weights in memory. */
export type WeightSource = (key: string, info: WeightInfo) => WeightData | Promise<WeightData>

/** Deterministic pseudo-random weights (tests, benchmarks, size checks): values in ±scale. */
export function randomWeights(seed = 1, scale = 0.1): WeightSource {
  return (key, info) => {
    let h = seed >>> 0
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x9e3779b1) >>> 0
    const n = info.shape.reduce((a, b) => a * b, 1)
    const out = new Float32Array(n)
    for (let i = 0; i < n; i++) {
      h = (Math.imul(h, 1664525) + 1013904223) >>> 0
      out[i] = (h / 2 ** 32 - 0.5) * 2 * scale
    }
    return out
  }
}

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)

/** Converts weight data to initializer bytes of `dtype`; throws a message naming the key on a size mismatch. */
export function weightBytes(data: WeightData, info: WeightInfo): Uint8Array {
  const n = info.shape.reduce((a, b) => a * b, 1)
  const length = 'float16' in data ? data.float16.length : data.length
  if (length !== n) {
    throw new Error(`weight '${info.key}' has ${length} values, expected ${n} for shape [${info.shape}]`)
  }
  const src = 'float16' in data ? data.float16 : data
  switch (info.dtype) {
    case 'float16':
      return bytesOf(src instanceof Uint16Array ? src : float32ToFloat16(src))
    case 'float32':
      if (src instanceof Float32Array) return bytesOf(src)
      return bytesOf(src instanceof Uint16Array ? float16ToFloat32(src) : Float32Array.from(src))
    case 'float64':
      return bytesOf(Float64Array.from(src instanceof Uint16Array ? float16ToFloat32(src) : src))
    default:
      throw new Error(`weight '${info.key}': parameters must be float, got ${info.dtype}`)
  }
}

/** Bytes of a constant's values in `dtype`. */
export function constantBytes(values: ArrayLike<number>, dtype: DType): Uint8Array {
  switch (dtype) {
    case 'float32':
      return bytesOf(Float32Array.from(values))
    case 'float64':
      return bytesOf(Float64Array.from(values))
    case 'float16':
      return bytesOf(float32ToFloat16(values))
    case 'int64':
      return bytesOf(BigInt64Array.from(Array.from(values, (v) => BigInt(Math.trunc(v)))))
    case 'int32':
      return bytesOf(Int32Array.from(values))
    case 'bool':
      return Uint8Array.from(values, (v) => (v ? 1 : 0))
  }
}
