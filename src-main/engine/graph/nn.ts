// Composite layers built from primitives. Most need no VJP rules of their own: autodiff differentiates
// their primitives, which is exact and, for these shapes, as fast as a fused rule would be on ORT.
// Attention (attention.ts) has its own, so the backward recomputes the probabilities instead of keeping them.
import type { Graph } from './graph'
import type { Value } from './types'

export { attention, type AttentionOptions } from './attention'

/** SiLU(x) = x·σ(x). */
export function silu(g: Graph, x: Value): Value {
  return g.mul(x, g.sigmoid(x))
}

/** Exact (erf) GELU: ½·x·(1 + erf(x/√2)), as torch's F.gelu. */
export function gelu(g: Graph, x: Value): Value {
  const cdf = g.add(g.erf(g.mul(x, Math.SQRT1_2)), 1) // 1 + erf(x/√2)
  return g.mul(g.mul(x, 0.5), cdf)
}

/**
 * GEGLU: x [..., 2F] → [..., F]; hidden, gate = chunk(x, 2, dim=-1); out = hidden · GELU(gate).
 *
 *   x ─ Split ─┬─ hidden ─────────────┐
 *              └─ gate ─ GELU ────── Mul ─ out
 */
export function geglu(g: Graph, x: Value): Value {
  const [hidden, gate] = g.split(x, -1, 2)
  return g.mul(hidden, gelu(g, gate))
}

/**
 * y = x·Wᵀ + b, W [out, in] in PyTorch layout: x [..., in] → [..., out], as one Gemm(transB=1) on the
 * rows flattened to 2-D. W is read as stored: the VJP's dX = dY·W is a Gemm on the same tensor, where
 * MatMul(x, Transpose(W)) made ORT fold Wᵀ into a second initializer that lived beside W (decision 0090).
 *
 *   x [..., in] ─ Reshape [M, in] ─ Gemm(W, b, transB) [M, out] ─ Reshape [..., out]
 */
export function linear(g: Graph, x: Value, w: Value, b?: Value): Value {
  if (x.rank === 2) return g.gemm(x, w, b, { transB: true }) // [M, in] → [M, out]
  const rows = g.reshape(x, [-1, x.shape[x.rank - 1]]) // [M, in]
  const y = g.gemm(rows, w, b, { transB: true }) // [M, out]
  return g.reshape(y, [...x.shape.slice(0, -1), w.shape[0]]) // [..., out]
}

/**
 * GroupNorm(G) of x [N, C, ...] with affine γ, β [C], through InstanceNormalization (which has fp16
 * CUDA kernels, unlike GroupNormalization):
 *
 *   x [N,C,H,W] ─ Reshape [N,G,C/G·H·W] ─ InstanceNorm(scale 1, bias 0) ─ Reshape [N,C,H,W] ─ ·γ + β
 */
export function groupNorm(g: Graph, x: Value, groups: number, gamma: Value, beta: Value, epsilon = 1e-5): Value {
  const c = x.shape[1]
  if (typeof c !== 'number' || c % groups !== 0) {
    throw new Error(`${g.scopePath}: GroupNorm(${groups}) needs channels divisible by ${groups}, got ${c}`)
  }
  const grouped = g.reshape(x, [x.shape[0], groups, -1]) // [N, G, C/G·H·W]
  const ones = g.constant(new Array<number>(groups).fill(1), x.dtype)
  const zeros = g.constant(new Array<number>(groups).fill(0), x.dtype)
  const normed = g.reshape(g.instanceNorm(grouped, ones, zeros, epsilon), x.shape) // [N, C, H, W]
  const perChannel = [c, ...new Array<number>(x.rank - 2).fill(1)] // [C, 1, 1]
  return g.add(g.mul(normed, g.reshape(gamma, perChannel)), g.reshape(beta, perChannel))
}

/** LayerNorm over the last axis: (x − μ)/√(σ² + ε)·γ + β. */
export function layerNorm(g: Graph, x: Value, gamma: Value, beta: Value, epsilon = 1e-5): Value {
  return g.layerNorm(x, gamma, beta, { axis: -1, epsilon })
}
