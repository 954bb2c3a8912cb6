// The primitives' attribute types and the row shape of the op table, apart from ops.ts so the shared rules
// (rules.ts) and the table can both use them without importing each other.
import type { LowerCtx } from './lower'
import type { DType, Dim, Value } from './types'

type NoAttrs = Record<string, never>
type Pair = [number, number]
export interface ConvAttrs {
  strides: Pair
  /** [top, left, bottom, right] as ONNX orders them. */
  pads: [number, number, number, number]
  dilations: Pair
  groups: number
}
export type ReduceAttrs = { axes: number[]; keepdims: boolean }

export interface OpAttrs {
  Add: NoAttrs
  Sub: NoAttrs
  Mul: NoAttrs
  Div: NoAttrs
  Pow: NoAttrs
  Neg: NoAttrs
  Sqrt: NoAttrs
  Reciprocal: NoAttrs
  Exp: NoAttrs
  Log: NoAttrs
  Erf: NoAttrs
  Tanh: NoAttrs
  Sigmoid: NoAttrs
  MatMul: NoAttrs
  Gemm: { alpha: number; beta: number; transA: boolean; transB: boolean }
  Conv: ConvAttrs
  ConvTranspose: ConvAttrs & { outputPadding: Pair }
  Reshape: { shape: Dim[] }
  Transpose: { perm: number[] }
  Concat: { axis: number }
  Slice: { starts: number[]; ends: number[]; axes: number[] }
  /** Static sizes, or equal symbolic sizes (emitted as num_outputs). */
  Split: { axis: number; sizes: Dim[] }
  Pad: { pads: number[] }
  Gather: NoAttrs
  ScatterAdd: NoAttrs
  Expand: { shape: Dim[] }
  Where: NoAttrs
  Cast: { to: DType }
  ReduceSum: ReduceAttrs
  ReduceMean: ReduceAttrs
  Softmax: { axis: number }
  InstanceNormalization: { epsilon: number }
  LayerNormalization: { axis: number; epsilon: number }
  Resize: { scale: number }
  ZerosLike: NoAttrs
}
export type PrimOp = keyof OpAttrs

export interface OutSpec {
  dtype: DType
  shape: Dim[]
}

export interface OpRow<A> {
  /** Allowed input count [min, max]. */
  arity: [number, number]
  infer(inputs: readonly Value[], attrs: A): OutSpec[]
  /** Defaults to one ONNX node of the same name with the same inputs and no attributes. */
  lower?(c: LowerCtx, attrs: A): void
  /** onnxruntime CPU has no float64 kernel: fp64 emission computes this op in float32. */
  noF64?: boolean
  /** Precision-sensitive: fp16 emission computes this op in float32. */
  keepF32?: boolean
}
