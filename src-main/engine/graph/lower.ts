// The protobuf-free contract between primitive rows (ops.ts) and the ONNX writer (onnx.ts): a row's
// `lower` describes the ONNX nodes for one primitive with plain data; onnx.ts turns that into protobuf.
import type { DType, Shape } from './types'

export type AttrValue =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: number[] }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; dtype: DType; value: number[]; dims: number[] }

export const int = (value: number | boolean): AttrValue => ({ kind: 'int', value: Number(value) })
export const float = (value: number): AttrValue => ({ kind: 'float', value })
export const ints = (value: readonly number[]): AttrValue => ({ kind: 'ints', value: [...value] })
export const str = (value: string): AttrValue => ({ kind: 'string', value })
export const tensorAttr = (dtype: DType, value: number[], dims: number[]): AttrValue => ({
  kind: 'tensor',
  dtype,
  value,
  dims,
})

export type OnnxAttrs = Record<string, AttrValue>

export interface LowerCtx {
  /** ONNX tensor names of the node's inputs ('' for an absent optional input). */
  readonly inputs: readonly string[]
  readonly outputs: readonly string[]
  /** Builder shapes of the inputs (symbolic dims included). */
  readonly inputShapes: readonly Shape[]
  /** Emitted dtypes of the outputs. */
  readonly outputDtypes: readonly DType[]
  /** The float dtype this node computes in (after precision mapping). */
  readonly floatDtype: DType
  /** Maps a builder dtype to the emitted dtype (float32 → float16 under fp16 emission). */
  mapDtype(dtype: DType): DType
  node(opType: string, inputs: readonly string[], outputs: readonly string[], attrs?: OnnxAttrs): void
  /** A fresh intermediate tensor name. */
  temp(suffix: string): string
  /** A deduplicated constant initializer; returns its name. */
  constant(dtype: DType, values: readonly number[], dims: readonly number[]): string
}

export function i64(c: LowerCtx, values: readonly number[]): string {
  return c.constant('int64', values, [values.length])
}
