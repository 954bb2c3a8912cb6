// Plain typed tensors at the runtime boundary (no onnxruntime types leak out). fp16 data is Uint16Array bits.
import { float16ToFloat32, float32ToFloat16 } from '../graph/fp16'
import type { DType } from '../graph/types'

export interface TensorData {
  float32: Float32Array
  float16: Uint16Array
  float64: Float64Array
  int64: BigInt64Array
  int32: Int32Array
  bool: Uint8Array
}

export interface Tensor<D extends DType = DType> {
  readonly dtype: D
  readonly dims: readonly number[]
  readonly data: TensorData[D]
}

/** A tensor, or data + dims with the dtype read from the array type (Uint16Array = fp16 bits, Uint8Array = bool). */
export type TensorLike = Tensor | { data: TensorData[DType]; dims: readonly number[]; dtype?: DType }

export function dtypeOfArray(data: unknown): DType | null {
  if (data instanceof Float32Array) return 'float32'
  if (data instanceof Uint16Array) return 'float16'
  if (data instanceof Float64Array) return 'float64'
  if (data instanceof BigInt64Array) return 'int64'
  if (data instanceof Int32Array) return 'int32'
  if (data instanceof Uint8Array) return 'bool'
  return null
}

/** Validates a TensorLike and returns it as a Tensor; `name` is used in the error message. */
export function toTensor(t: TensorLike, name: string): Tensor {
  const fromArray = dtypeOfArray(t.data)
  const dtype = t.dtype ?? fromArray
  if (!dtype || !fromArray) throw new Error(`input '${name}': unsupported data type ${describe(t.data)}`)
  if (dtype !== fromArray) throw new Error(`input '${name}': dtype '${dtype}' does not match its ${describe(t.data)}`)
  const n = t.dims.reduce((a, b) => a * b, 1)
  if (!t.dims.every((d) => Number.isInteger(d) && d >= 0) || n !== t.data.length) {
    throw new Error(`input '${name}': dims [${t.dims}] do not match ${t.data.length} values`)
  }
  return { dtype, dims: [...t.dims], data: t.data } as Tensor
}

function describe(data: unknown): string {
  return (data as object | null)?.constructor?.name ?? typeof data
}

export const tensor = {
  f32: (data: ArrayLike<number>, dims: readonly number[]): Tensor<'float32'> => ({
    dtype: 'float32',
    dims,
    data: data instanceof Float32Array ? data : Float32Array.from(data),
  }),
  f64: (data: ArrayLike<number>, dims: readonly number[]): Tensor<'float64'> => ({
    dtype: 'float64',
    dims,
    data: data instanceof Float64Array ? data : Float64Array.from(data),
  }),
  /** float values → fp16 bits. */
  f16: (data: ArrayLike<number>, dims: readonly number[]): Tensor<'float16'> => ({
    dtype: 'float16',
    dims,
    data: float32ToFloat16(data),
  }),
  i64: (data: ArrayLike<number>, dims: readonly number[] = [data.length]): Tensor<'int64'> => ({
    dtype: 'int64',
    dims,
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
