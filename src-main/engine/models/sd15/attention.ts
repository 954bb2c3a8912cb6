// diffusers Attention, FeedForward (GEGLU), BasicTransformerBlock and Transformer2DModel (sd15-facts §1.2),
// with hooks that let graph variants replace self-attention (dual-consistency attention) or read the
// cross-attention probabilities (token attention maps) without forking the model code.
import type { Graph } from '../../graph/graph'
import * as nn from '../../graph/nn'
import type { Value } from '../../graph/types'
import { conv2d, groupNorm, layerNorm, linear, staticDim } from './layers'

/** Where an attention layer sits; hooks use it to decide whether they apply. */
export interface AttentionSite {
  /** The (sub)graph the layer belongs to: 'unet', 'controlnet', … */
  model: string
  /** Module path in checkpoint-key form, e.g. 'up_blocks.1.attentions.0.transformer_blocks.0.attn1'. */
  module: string
  kind: 'self' | 'cross'
  /** Token grid of the layer (N = height · width). */
  height: number
  width: number
  heads: number
}

export interface AttentionHooks {
  /**
   * Replaces softmax(Q·Kᵀ/√d)·V of a self-attention layer: q, k, v [B, N, C] (after to_q/to_k/to_v) →
   * [B, N, C] (before to_out). Return undefined to keep plain attention at this site.
   */
  selfAttention?(g: Graph, site: AttentionSite, q: Value, k: Value, v: Value): Value | undefined
  /** Receives the probabilities [B, heads, N, tokens] of every cross-attention layer. */
  crossAttentionProbs?(g: Graph, site: AttentionSite, probs: Value): void
}

export interface AttentionOptions {
  heads: number
  /** Token grid [height, width] of x (reported to hooks). */
  grid: [number, number]
  /** Bias on to_q/to_k/to_v (false in the UNet: attention_bias=False; true in the VAE). */
  qkvBias?: boolean
  hooks?: AttentionHooks
}

function siteOf(g: Graph, kind: AttentionSite['kind'], o: AttentionOptions): AttentionSite {
  const [, model, ...path] = g.scopePath.split('/') // '/unet/up_blocks.1/…/attn1'
  return { model, module: path.join('.'), kind, height: o.grid[0], width: o.grid[1], heads: o.heads }
}

/**
 * Attention: x [B, N, C], context [B, T, Cctx] (null: self-attention) → [B, N, C].
 * to_q [C, C], to_k/to_v [C, Cctx], to_out.0 [C, C] + bias.
 */
export function attention(g: Graph, name: string, x: Value, context: Value | null, o: AttentionOptions): Value {
  return g.scope(name, () => {
    const c = staticDim(g, x, -1, 'attention channels')
    const bias = o.qkvBias ?? false
    const kv = context ?? x
    const q = linear(g, 'to_q', x, c, { bias }) // [B, N, C]
    const k = linear(g, 'to_k', kv, c, { bias }) // [B, T, C]
    const v = linear(g, 'to_v', kv, c, { bias }) // [B, T, C]
    const site = siteOf(g, context ? 'cross' : 'self', o)
    let out = context ? undefined : o.hooks?.selfAttention?.(g, site, q, k, v)
    if (!out) {
      const plain = nn.attention(g, q, k, v, { heads: o.heads }) // out [B, N, C], probs [B, h, N, T]
      if (context) o.hooks?.crossAttentionProbs?.(g, site, plain.probs)
      out = plain.out
    }
    return linear(g, 'to_out.0', out, c) // [B, N, C]
  })
}

/** FeedForward with GEGLU: net.0.proj [8C, C] → hidden·GELU(gate) [.., 4C] → net.2 [C, 4C]. */
export function feedForward(g: Graph, name: string, x: Value): Value {
  return g.scope(name, () => {
    const c = staticDim(g, x, -1, 'feed-forward channels')
    const h = nn.geglu(g, linear(g, 'net.0.proj', x, 8 * c)) // [B, N, 4C]
    return linear(g, 'net.2', h, c) // [B, N, C]
  })
}

/** BasicTransformerBlock: self-attention, cross-attention, feed-forward, each pre-LN + residual. */
export function basicTransformerBlock(g: Graph, name: string, h: Value, context: Value, o: AttentionOptions): Value {
  return g.scope(name, () => {
    h = g.add(attention(g, 'attn1', layerNorm(g, 'norm1', h, 1e-5), null, o), h) // [B, N, C]
    h = g.add(attention(g, 'attn2', layerNorm(g, 'norm2', h, 1e-5), context, o), h) // [B, N, C]
    return g.add(feedForward(g, 'ff', layerNorm(g, 'norm3', h, 1e-5)), h) // [B, N, C]
  })
}

export interface Transformer2DOptions {
  heads: number
  groups: number
  /** transformer_layers_per_block (1 in SD 1.5). */
  layers: number
  /** false: proj_in/proj_out are 1×1 convs (SD 1.x); true: Linear (SD 2.x). */
  useLinearProjection: boolean
  hooks?: AttentionHooks
}

/**
 * Transformer2DModel (an `attentions.N` module): x [B, C, H, W], context [B, T, Cctx] → [B, C, H, W].
 * GroupNorm eps is hard-coded 1e-6 in diffusers (not the resnets' 1e-5).
 */
export function transformer2D(g: Graph, name: string, x: Value, context: Value, o: Transformer2DOptions): Value {
  return g.scope(name, () => {
    const [b] = x.shape
    const c = staticDim(g, x, 1, 'transformer channels')
    const [hh, ww] = [staticDim(g, x, 2, 'height'), staticDim(g, x, 3, 'width')]
    const toTokens = (v: Value) => g.reshape(g.transpose(v, [0, 2, 3, 1]), [b, hh * ww, c]) // [B, HW, C]
    const toImage = (v: Value) => g.transpose(g.reshape(v, [b, hh, ww, c]), [0, 3, 1, 2]) // [B, C, H, W]
    const normed = groupNorm(g, 'norm', x, o.groups, 1e-6)
    let t = o.useLinearProjection
      ? linear(g, 'proj_in', toTokens(normed), c)
      : toTokens(conv2d(g, 'proj_in', normed, c, 1))
    const block = { heads: o.heads, grid: [hh, ww] as [number, number], hooks: o.hooks }
    for (let i = 0; i < o.layers; i++) t = basicTransformerBlock(g, `transformer_blocks.${i}`, t, context, block)
    const out = o.useLinearProjection ? toImage(linear(g, 'proj_out', t, c)) : conv2d(g, 'proj_out', toImage(t), c, 1)
    return g.add(out, x) // [B, C, H, W]
  })
}
