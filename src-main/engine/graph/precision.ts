// Emission precision: which dtype each node computes in and which dtype graph inputs/outputs use.
import { ops, type PrimOp } from './ops'
import type { DType, GraphNode } from './types'

/**
 * fp32: as built. fp16: float32 → float16 for weights and activations, but precision-sensitive ops
 * (softmax, norms, reductions, exp, pow, and nodes built inside Graph.fp32) stay float32.
 * fp64: float32 → float64 for finite-difference checks; ops without a CPU double kernel run in float32.
 */
export type Precision = 'fp32' | 'fp16' | 'fp64'

export interface PrecisionPolicy {
  /** Dtype a builder float32 tensor is stored in (weights, activations). */
  storage: DType
  /** Dtype of float32 graph inputs and outputs. */
  boundary: DType
  /** Float dtype a node computes in. */
  computeDtype(node: GraphNode): DType
}

export function precisionPolicy(precision: Precision, fp16Io = false): PrecisionPolicy {
  if (precision === 'fp16') {
    return {
      storage: 'float16',
      boundary: fp16Io ? 'float16' : 'float32',
      computeDtype: (n) => (n.fp32 || ops[n.op as PrimOp].keepF32 ? 'float32' : 'float16'),
    }
  }
  if (precision === 'fp64') {
    return {
      storage: 'float64',
      boundary: 'float64',
      computeDtype: (n) => (ops[n.op as PrimOp].noF64 ? 'float32' : 'float64'),
    }
  }
  if (precision === 'fp32') return { storage: 'float32', boundary: 'float32', computeDtype: () => 'float32' }
  throw new Error(`unknown precision '${String(precision)}' (expected fp32, fp16 or fp64)`)
}

/** Builder dtype → emitted dtype: only float32 is remapped. */
export function mapDtype(dtype: DType, float: DType): DType {
  return dtype === 'float32' ? float : dtype
}
