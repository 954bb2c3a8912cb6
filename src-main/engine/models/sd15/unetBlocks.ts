// The UNet's stages as functions of the config, shared by unet.ts and controlnet.ts (the ControlNet is a
// copy of the UNet encoder): timestep embedding, conv_in + down blocks (collecting the skip tensors in
// diffusers' order, sd15-facts §1.3), the mid block, and the up blocks + output head.
import type { Graph } from '../../graph/graph'
import * as nn from '../../graph/nn'
import type { Value } from '../../graph/types'
import type { UNetConfig, UNetEncoderConfig } from '../config'
import { type AttentionHooks, downsample2D, resnetBlock2D, transformer2D, upsample2D } from './blocks'
import { conv2d, groupNorm, linear } from './layers'

/** Timesteps the sinusoidal table covers: DDPM's num_train_timesteps (1000 for SD 1.5). */
export const TIMESTEP_COUNT = 1000

/**
 * diffusers get_timestep_embedding for t = 0 … count−1, rounded like torch's float32 arithmetic:
 * freq_k = exp(−ln(10000)·k / (half − shift)), emb = [sin(t·freq), cos(t·freq)] ([cos, sin] when flipped).
 * A table + Gather replaces Sin/Cos in the graph; timesteps are integers in every sampler we use.
 */
export function timestepTable(dim: number, flipSinToCos: boolean, freqShift: number, count = TIMESTEP_COUNT) {
  const half = Math.floor(dim / 2)
  const f = Math.fround
  const freqs = Array.from({ length: half }, (_, k) => f(Math.exp(f(f(f(-Math.log(10000)) * k) / f(half - freqShift)))))
  const table = new Float64Array(count * dim) // [count, dim]; an odd dim keeps a zero last column
  for (let t = 0; t < count; t++) {
    for (let k = 0; k < half; k++) {
      const arg = f(t * freqs[k])
      const [first, second] = flipSinToCos ? [Math.cos(arg), Math.sin(arg)] : [Math.sin(arg), Math.cos(arg)]
      table[t * dim + k] = f(first)
      table[t * dim + half + k] = f(second)
    }
  }
  return table
}

/** time_proj (table lookup) + time_embedding (linear_1, SiLU, linear_2): timestep int64 [B] → temb [B, E]. */
export function timeEmbedding(g: Graph, cfg: UNetEncoderConfig, timestep: Value): Value {
  const dim = cfg.blockOutChannels[0]
  const proj = g.scope('time_proj', () => {
    const table = g.constant(Array.from(timestepTable(dim, cfg.flipSinToCos, cfg.freqShift)), 'float32', [
      TIMESTEP_COUNT,
      dim,
    ])
    return g.gather(table, timestep) // [B, C0]
  })
  return g.scope('time_embedding', () => {
    const h = nn.silu(g, linear(g, 'linear_1', proj, cfg.timeEmbedDim)) // [B, E]
    return linear(g, 'linear_2', h, cfg.timeEmbedDim) // [B, E]
  })
}

export interface StageContext {
  temb: Value
  context: Value
  hooks?: AttentionHooks
}

function resnet(g: Graph, cfg: UNetEncoderConfig, name: string, x: Value, s: StageContext, out: number): Value {
  return resnetBlock2D(g, name, x, s.temb, { outChannels: out, groups: cfg.normNumGroups, eps: cfg.normEps })
}

function crossAttn(g: Graph, cfg: UNetEncoderConfig, name: string, x: Value, s: StageContext, heads: number): Value {
  return transformer2D(g, name, x, s.context, {
    heads,
    groups: cfg.normNumGroups,
    layers: cfg.transformerLayersPerBlock,
    useLinearProjection: cfg.useLinearProjection,
    hooks: s.hooks,
  })
}

/**
 * conv_in and the down blocks: sample [B, Cin, h, w] → { h: deepest features, skips: 3·blocks − 1 tensors
 * (conv_in, each resnet[+attention] output, each downsampler output) }. `afterConvIn` lets the ControlNet
 * add its conditioning embedding right after conv_in.
 */
export function downPath(
  g: Graph,
  cfg: UNetEncoderConfig,
  sample: Value,
  s: StageContext,
  afterConvIn: (h: Value) => Value = (h) => h,
): { h: Value; skips: Value[] } {
  let h = afterConvIn(conv2d(g, 'conv_in', sample, cfg.blockOutChannels[0], 3, { pad: 1 })) // [B, C0, h, w]
  const skips = [h]
  cfg.downBlockTypes.forEach((type, i) =>
    g.scope(`down_blocks.${i}`, () => {
      const out = cfg.blockOutChannels[i]
      for (let j = 0; j < cfg.layersPerBlock; j++) {
        h = resnet(g, cfg, `resnets.${j}`, h, s, out) // [B, Ci, hi, wi]
        if (type === 'CrossAttnDownBlock2D') h = crossAttn(g, cfg, `attentions.${j}`, h, s, cfg.attentionHeads[i])
        skips.push(h)
      }
      if (i < cfg.downBlockTypes.length - 1) {
        h = downsample2D(g, 'downsamplers.0', h) // [B, Ci, hi/2, wi/2]
        skips.push(h)
      }
    }),
  )
  return { h, skips }
}

/** UNetMidBlock2DCrossAttn: resnets.0 → attentions.0 → resnets.1, at the deepest resolution. */
export function midBlock(g: Graph, cfg: UNetEncoderConfig, x: Value, s: StageContext): Value {
  const c = cfg.blockOutChannels[cfg.blockOutChannels.length - 1]
  const heads = cfg.attentionHeads[cfg.attentionHeads.length - 1]
  return g.scope('mid_block', () => {
    let h = resnet(g, cfg, 'resnets.0', x, s, c)
    h = crossAttn(g, cfg, 'attentions.0', h, s, heads)
    return resnet(g, cfg, 'resnets.1', h, s, c) // [B, Clast, h/2^k, w/2^k]
  })
}

/**
 * Up blocks + head: each resnet concatenates [h, skip] (skips consumed from the end, sd15-facts §1.3),
 * then conv_norm_out, SiLU, conv_out → [B, Cout, h, w].
 */
export function upPath(g: Graph, cfg: UNetConfig, x: Value, skips: readonly Value[], s: StageContext): Value {
  const pending = [...skips]
  const channels = [...cfg.blockOutChannels].reverse()
  const heads = [...cfg.attentionHeads].reverse()
  let h = x
  cfg.upBlockTypes.forEach((type, i) =>
    g.scope(`up_blocks.${i}`, () => {
      for (let j = 0; j <= cfg.layersPerBlock; j++) {
        const skip = pending.pop()
        if (!skip) throw new Error(`up_blocks.${i}: ran out of skip tensors; the config's block lists disagree`)
        h = resnet(g, cfg, `resnets.${j}`, g.concat([h, skip], 1), s, channels[i])
        if (type === 'CrossAttnUpBlock2D') h = crossAttn(g, cfg, `attentions.${j}`, h, s, heads[i])
      }
      if (i < cfg.upBlockTypes.length - 1) h = upsample2D(g, 'upsamplers.0', h) // [B, Ci, 2hi, 2wi]
    }),
  )
  h = nn.silu(g, groupNorm(g, 'conv_norm_out', h, cfg.normNumGroups, cfg.normEps))
  return conv2d(g, 'conv_out', h, cfg.outChannels, 3, { pad: 1 }) // [B, Cout, h, w]
}
