// Multi-head attention, with its own VJP (a composite, see g.composite). Differentiated through its
// primitives, the backward kept every layer's probabilities P [B, h, Nq, Nk] alive from the forward to
// the backward (512 MB per SD 1.5 self-attention at a 64×64 latent) and transposed P for dV = Pᵀ·dO.
// This VJP recomputes P from Q and K (one more QKᵀ per layer) and works in the key-major layout
// Pᵀ [B, h, Nk, Nq], where each product it needs is a plain MatMul: no [Nq, Nk] tensor is kept or
// transposed (decision 0090).
import type { Graph } from './graph'
import type { Value } from './types'

export interface AttentionOptions {
  heads: number
  /** Additive mask broadcastable to the scores [B, heads, Nq, Nk], e.g. [B, 1, 1, Nk] with 0 / −1e4. */
  mask?: Value
  /** Defaults to 1/√(head dim). */
  scale?: number
}

/**
 * Multi-head attention on token tensors: q [B, Nq, C], k [B, Nk, C], v [B, Nk, Cv] → out [B, Nq, Cv].
 * probs [B, heads, Nq, Nk] = softmax(Q·Kᵀ·scale + mask) per head; out = probs·V with heads merged.
 * The scale is applied to Q (smaller than the scores).
 *
 *   q ─ heads ─ ·scale ─┐                    ┌ composite 'attention' ┐
 *   k ─ heads ─ ᵀ ──── MatMul ─ (+mask) ─ Softmax ─┬─ MatMul ─ merge heads ─ out
 *   v ─ heads ─────────────────────────────────────┘
 */
export function attention(g: Graph, q: Value, k: Value, v: Value, o: AttentionOptions): { out: Value; probs: Value } {
  const [b, nq, c] = q.shape
  const dim = Number(c) / o.heads
  if (!Number.isInteger(dim)) throw new Error(`${g.scopePath}: ${c} channels do not split into ${o.heads} heads`)
  const heads = (x: Value, perm: number[]) => g.transpose(g.reshape(x, [x.shape[0], x.shape[1], o.heads, -1]), perm)
  const qh = heads(g.mul(q, o.scale ?? 1 / Math.sqrt(dim)), [0, 2, 1, 3]) // [B, h, Nq, d]
  const kt = heads(k, [0, 2, 3, 1]) // [B, h, d, Nk]
  const vh = heads(v, [0, 2, 1, 3]) // [B, h, Nk, dv]
  const [perHead, probs] = headAttention(g, qh, kt, vh, o.mask) // [B, h, Nq, dv], [B, h, Nq, Nk]
  const merged = g.transpose(perHead, [0, 2, 1, 3]) // [B, Nq, h, dv]
  return { out: g.reshape(merged, [b, nq, -1]), probs } // [B, Nq, Cv]
}

/** softmax(qh·kt + mask)·vh per head: qh [B,h,Nq,d] (scaled), kt [B,h,d,Nk], vh [B,h,Nk,dv] → [out, probs]. */
function headAttention(g: Graph, qh: Value, kt: Value, vh: Value, mask?: Value): Value[] {
  const inputs = mask ? [qh, kt, vh, mask] : [qh, kt, vh]
  const forward = () => {
    const scores = g.matmul(qh, kt) // [B, h, Nq, Nk]
    const probs = g.softmax(mask ? g.add(scores, mask) : scores, -1)
    return [g.matmul(probs, vh), probs] // [B, h, Nq, dv], [B, h, Nq, Nk]
  }
  return g.composite('attention', inputs, forward, (g, [dOut, dProbs], needs) =>
    headAttentionVjp(g, { qh, kt, vh, mask }, dOut, dProbs, needs),
  )
}

interface HeadInputs {
  qh: Value
  kt: Value
  vh: Value
  mask?: Value
}

/**
 * Key-major backward (ᵀ swaps the last two axes; P recomputed, never read from the forward):
 *   Sᵀ = K·Qᵀ (+ maskᵀ)    Pᵀ = softmax over keys (axis −2)
 *   dV = Pᵀ·dO             dPᵀ = V·dOᵀ (+ dProbsᵀ)
 *   dSᵀ = Pᵀ ⊙ (dPᵀ − Σ_keys Pᵀ ⊙ dPᵀ)
 *   dK = dSᵀ·Q → dkt = dKᵀ  dQᵀ = Kᵀ·dSᵀ → dqh = (dQᵀ)ᵀ     dmask = dS (autodiff sums it to the mask's shape)
 */
function headAttentionVjp(
  g: Graph,
  x: HeadInputs,
  dOut: Value | undefined,
  dProbs: Value | undefined,
  needs: boolean[],
): (Value | null)[] {
  const swap = (v: Value) => g.transpose(v, [0, 1, 3, 2])
  const kh = swap(x.kt) // [B, h, Nk, d]
  const scoresT = g.matmul(kh, swap(x.qh)) // [B, h, Nk, Nq]
  const pt = g.softmax(x.mask ? g.add(scoresT, swap(rank4(g, x.mask))) : scoresT, -2) // Pᵀ [B, h, Nk, Nq]
  const dv = needs[2] ? (dOut ? g.matmul(pt, dOut) : g.zerosLike(x.vh)) : null // [B, h, Nk, dv]
  if (!needs[0] && !needs[1] && !needs[3]) return [null, null, dv, null]
  const fromOut = dOut && g.matmul(x.vh, swap(dOut)) // dPᵀ [B, h, Nk, Nq]
  const fromProbs = dProbs && swap(dProbs)
  const dpt = fromOut && fromProbs ? g.add(fromOut, fromProbs) : ((fromOut || fromProbs) as Value)
  const dst = g.fp32(() => g.mul(pt, g.sub(dpt, g.reduceSum(g.mul(dpt, pt), [2])))) // dSᵀ [B, h, Nk, Nq]
  return [
    needs[0] ? swap(g.matmul(x.kt, dst)) : null, // dqh [B, h, Nq, d]
    needs[1] ? swap(g.matmul(dst, x.qh)) : null, // dkt [B, h, d, Nk]
    dv,
    needs[3] ? swap(dst) : null, // dS [B, h, Nq, Nk]
  ]
}

/** The mask with leading 1s up to rank 4, so its last two axes can be swapped like the scores'. */
function rank4(g: Graph, mask: Value): Value {
  return mask.rank >= 4 ? mask : g.reshape(mask, [...new Array<number>(4 - mask.rank).fill(1), ...mask.shape])
}
