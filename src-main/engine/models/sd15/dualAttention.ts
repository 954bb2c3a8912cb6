// Dual-consistency attention (DCAM, paper §3.3) with mask-guided decoupling (MGDM, §3.4) as a
// self-attention hook for the UNet's up blocks. Per query element b, with K/V of frames picked along
// the batch axis by index vectors (so CFG halves, chunks and single-frame re-renders share one graph):
//   DCA_b = λ0·Attn(Q_b, K_f0[b]) + λ1·Attn(Q_b, K_prev[b]) + λ2·Attn(Q_b, K_b)      (λ normalised to sum 1)
// With MGDM each term is computed over the key frame's character keys and over its background keys
// (the others get a large negative score, as MasaCtrl does) and blended by the query frame's mask:
//   term = M_b ⊙ Attn_c + (1 − M_b) ⊙ Attn_b; an empty key region falls back to unmasked attention.
import type { Graph } from '../../graph/graph'
import * as nn from '../../graph/nn'
import { GraphError, type Value } from '../../graph/types'
import type { AttentionHooks, AttentionSite } from './blocks'

/** Score offset for excluded keys: exp(−1e4) is 0 in float32, and 1e4 still fits in float16. */
export const MASKED_SCORE = -1e4

export interface DualAttentionInputs {
  /** int64 [B]: batch index of each element's frame 0 (itself for frame 0). */
  frame0: Value
  /** int64 [B]: batch index of each element's previous frame (itself for frame 0). */
  prev: Value
  /** float32 [3]: λ for (frame 0, previous frame, own frame); normalised to sum 1 in the graph. */
  weights: Value
  /** float32 [B, 1, h, w]: character mask (0/1) of each element's frame at latent resolution. */
  mask: Value
  /** float32 [B]: 1 = MGDM for this query element, 0 = plain DCA (frame 0, ablation). */
  mgdm: Value
}

/** Nearest resize of a [B, 1, h, w] mask to a (H, W) token grid (integer factor) → [B, H·W]. */
export function maskTokens(g: Graph, mask: Value, height: number, width: number): Value {
  const [b, , h, w] = mask.shape as [string | number, number, number, number]
  const [sh, sw] = [h / height, w / width]
  if (!Number.isInteger(sh) || !Number.isInteger(sw) || sh < 1 || sw < 1) {
    throw new GraphError(
      g.scopePath,
      `mask ${h}×${w} does not reduce to the ${height}×${width} grid by an integer factor`,
    )
  }
  if (sh === 1 && sw === 1) return g.reshape(mask, [b, h * w])
  // F.interpolate(mode='nearest') by 1/s keeps source pixel s·i: the first of every s×s block
  const blocks = g.reshape(mask, [b, height, sh, width, sw]) // [B, H, sh, W, sw]
  const picked = g.slice(g.slice(blocks, 2, 0, 1), 4, 0, 1) // [B, H, 1, W, 1]
  return g.reshape(picked, [b, height * width]) // [B, N]
}

/** count / (count + 1e-6): 0 for an empty region, ≈1 otherwise (no comparison op needed). */
function nonEmpty(g: Graph, region: Value): Value {
  const count = g.reduceSum(region, [1], true) // [B, 1]
  return g.div(count, g.add(count, 1e-6))
}

/**
 * Attention of q [B, Nq, C] over the keys of k/v [B, Nk, C] split by keyMask [B, Nk] (1 = character),
 * blended by queryMask [B, Nq, 1]: M ⊙ Attn(character keys) + (1 − M) ⊙ Attn(background keys).
 */
export function maskedAttention(
  g: Graph,
  q: Value,
  k: Value,
  v: Value,
  keyMask: Value,
  queryMask: Value,
  heads: number,
): Value {
  const [b, nk] = keyMask.shape
  const region = (inside: Value) => {
    const outside = g.sub(1, inside) // [B, Nk]
    const bias = g.mul(g.mul(outside, MASKED_SCORE), nonEmpty(g, inside)) // 0 when the region is empty
    return nn.attention(g, q, k, v, { heads, mask: g.reshape(bias, [b, 1, 1, nk]) }).out // [B, Nq, C]
  }
  const character = region(keyMask)
  const background = region(g.sub(1, keyMask))
  return g.add(g.mul(queryMask, character), g.mul(g.sub(1, queryMask), background)) // [B, Nq, C]
}

function dualAttention(g: Graph, site: AttentionSite, q: Value, k: Value, v: Value, x: DualAttentionInputs): Value {
  const [b, n] = q.shape
  const mask = maskTokens(g, x.mask, site.height, site.width) // [B, N]
  const mgdm = g.reshape(x.mgdm, [b, 1]) // [B, 1]
  const lambda = g.div(x.weights, g.reduceSum(x.weights, [0], true)) // [3]
  const queryMask = g.reshape(mask, [b, n, 1]) // [B, N, 1]
  const term = (index: Value | null, i: number) => {
    const [kf, vf, mf] = index ? [g.gather(k, index), g.gather(v, index), g.gather(mask, index)] : [k, v, mask]
    const keyMask = g.sub(1, g.mul(mgdm, g.sub(1, mf))) // MGDM off → every key counts as character
    const attended = maskedAttention(g, q, kf, vf, keyMask, queryMask, site.heads) // [B, N, C]
    return g.mul(attended, g.slice(lambda, 0, i, i + 1))
  }
  return g.add(g.add(term(x.frame0, 0), term(x.prev, 1)), term(null, 2)) // [B, N, C]
}

/** Replaces every self-attention of the UNet's up blocks (attn1 of up_blocks.1–3 in SD 1.5). */
export function dualAttentionHooks(x: DualAttentionInputs): AttentionHooks {
  return {
    selfAttention: (g, site, q, k, v) =>
      site.model === 'unet' && site.module.startsWith('up_blocks.') ? dualAttention(g, site, q, k, v, x) : undefined,
  }
}
