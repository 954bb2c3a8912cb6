// The engine's one tensor type: dtype + static shape + typed data, as the runtime feeds and returns it
// and as the project store keeps it (little-endian bytes). No onnxruntime type leaks past runtime/.
// float16 data is IEEE-half bits in a Uint16Array (Node 20 has no Float16Array).
import { float16ToFloat32, float32ToFloat16 } from './graph/fp16'
import { DTYPE_BYTES, type DType } from './graph/types'

/** The graph's dtypes plus uint8 (8-bit images in the store). */
export type TensorDType = DType | 'uint8'

export interface TensorDataOf {
  float32: Float32Array
  float16: Uint16Array
  float64: Float64Array
  int64: BigInt64Array
  int32: Int32Array
  bool: Uint8Array
  uint8: Uint8Array
}

export type TensorData = TensorDataOf[TensorDType]

export interface Tensor<D extends TensorDType = TensorDType> {
  readonly dtype: D
  readonly shape: readonly number[]
  readonly data: TensorDataOf[D]
}

/** A tensor, or data + shape with the dtype read from the array type (Uint16Array = fp16 bits, Uint8Array = bool). */
export type TensorLike = Tensor | { data: TensorData; shape: readonly number[]; dtype?: TensorDType }

const BYTES: Readonly<Record<TensorDType, number>> = { ...DTYPE_BYTES, uint8: 1 }

export function isTensorDType(value: string): value is TensorDType {
  return value in BYTES
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1)
}

export function byteLength(dtype: TensorDType, shape: readonly number[]): number {
  return elementCount(shape) * BYTES[dtype]
}

export function dtypeOfArray(data: unknown): TensorDType | null {
  if (data instanceof Float32Array) return 'float32'
  if (data instanceof Uint16Array) return 'float16'
  if (data instanceof Float64Array) return 'float64'
  if (data instanceof BigInt64Array) return 'int64'
  if (data instanceof Int32Array) return 'int32'
  if (data instanceof Uint8Array) return 'bool'
  return null
}

/** Uint8Array serves bool and uint8 alike; every other dtype has its own array type. */
function fits(dtype: TensorDType, data: unknown): boolean {
  const fromArray = dtypeOfArray(data)
  return fromArray === dtype || (fromArray === 'bool' && dtype === 'uint8')
}

/** Validates a TensorLike and returns it as a Tensor; `name` is used in the error message. */
export function toTensor(t: TensorLike, name: string): Tensor {
  const fromArray = dtypeOfArray(t.data)
  const dtype = t.dtype ?? fromArray
  if (!dtype || !fromArray) throw new Error(`input '${name}': unsupported data type ${describe(t.data)}`)
  if (!fits(dtype, t.data)) throw new Error(`input '${name}': dtype '${dtype}' does not match its ${describe(t.data)}`)
  if (!t.shape.every((d) => Number.isInteger(d) && d >= 0) || elementCount(t.shape) !== t.data.length) {
    throw new Error(`input '${name}': dims [${t.shape}] do not match ${t.data.length} values`)
  }
  return { dtype, shape: [...t.shape], data: t.data } as Tensor
}

function describe(data: unknown): string {
  return (data as object | null)?.constructor?.name ?? typeof data
}

export const tensor = {
  f32: (data: ArrayLike<number>, shape: readonly number[]): Tensor<'float32'> => ({
    dtype: 'float32',
    shape,
    data: data instanceof Float32Array ? data : Float32Array.from(data),
  }),
  f64: (data: ArrayLike<number>, shape: readonly number[]): Tensor<'float64'> => ({
    dtype: 'float64',
    shape,
    data: data instanceof Float64Array ? data : Float64Array.from(data),
  }),
  /** float values → fp16 bits. */
  f16: (data: ArrayLike<number>, shape: readonly number[]): Tensor<'float16'> => ({
    dtype: 'float16',
    shape,
    data: float32ToFloat16(data),
  }),
  i64: (data: ArrayLike<number>, shape: readonly number[] = [data.length]): Tensor<'int64'> => ({
    dtype: 'int64',
    shape,
    data: BigInt64Array.from(Array.from(data, (v) => BigInt(v))),
  }),
}

/** Float32 view of a float tensor (fp16 and fp64 are converted). */
export function toFloat32(t: Tensor): Float32Array {
  if (t.dtype === 'float32') return t.data as Float32Array
  if (t.dtype === 'float16') return float16ToFloat32(t.data as Uint16Array)
  if (t.dtype === 'float64') return Float32Array.from(t.data as Float64Array)
  throw new Error(`tensor of dtype ${t.dtype} is not float`)
}

/** Checks that data, dtype and shape agree before anything is written. */
export function assertTensor(t: Tensor, what: string): void {
  if (!isTensorDType(t.dtype)) throw new Error(`${what}: unknown dtype "${t.dtype}"`)
  if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`${what}: shape ${JSON.stringify(t.shape)} must be non-negative integers`)
  }
  const expected = byteLength(t.dtype, t.shape)
  if (t.data.byteLength !== expected || !fits(t.dtype, t.data)) {
    throw new Error(
      `${what}: ${t.data.byteLength} bytes of data for ${t.dtype}${JSON.stringify(t.shape)} (${expected})`,
    )
  }
}

export function tensorBytes(t: Tensor): Buffer {
  return Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)
}

/** Copies the bytes into a fresh, aligned typed array (SQLite blobs are not aligned). */
export function tensorFromBytes(dtype: TensorDType, shape: readonly number[], bytes: Uint8Array): Tensor {
  const buffer = new ArrayBuffer(bytes.byteLength)
  new Uint8Array(buffer).set(bytes)
  const data: TensorData = {
    float32: () => new Float32Array(buffer),
    float16: () => new Uint16Array(buffer),
    float64: () => new Float64Array(buffer),
    int32: () => new Int32Array(buffer),
    int64: () => new BigInt64Array(buffer),
    bool: () => new Uint8Array(buffer),
    uint8: () => new Uint8Array(buffer),
  }[dtype]()
  return { dtype, shape: [...shape], data } as Tensor
}
