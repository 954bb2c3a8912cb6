// AutoencoderKL (diffusers naming; sd15-facts §4): the encoder maps an image in [-1, 1] to the moments of
// a diagonal Gaussian over latents (mean ‖ logvar), the decoder maps a latent back to an image. Every norm
// is GroupNorm(groups, eps 1e-6); resnets have no time embedding; the mid block has one single-head
// attention with biased projections. Parameter keys are the diffusers keys (`encoder.down_blocks.0.…`).
import type { ParamInfo } from '../../graph/core'
import { Graph } from '../../graph/graph'
import * as nn from '../../graph/nn'
import type { Dim, Value } from '../../graph/types'
import type { VaeConfig } from '../config'
import { attention, downsample2D, resnetBlock2D, upsample2D } from './blocks'
import { conv2d, groupNorm, staticDim } from './layers'

/** Receives named intermediate values (diffusers module names, e.g. 'encoder.down_blocks.0'). */
export type Tap = (name: string, value: Value) => void

const noTap: Tap = () => {}

/** Encoder + quant_conv: image [B, in, H, W] → moments [B, 2·latent, H/2^(n−1), W/2^(n−1)]. */
export function vaeEncoder(g: Graph, cfg: VaeConfig, image: Value, tap: Tap = noTap): Value {
  const moments = g.scope('encoder', () => {
    const channels = cfg.blockOutChannels
    let h = conv2d(g, 'conv_in', image, channels[0], 3, { pad: 1 }) // [B, C0, H, W]
    tap('encoder.conv_in', h)
    channels.forEach((c, i) => {
      h = g.scope(`down_blocks.${i}`, () => downEncoderBlock(g, cfg, h, c, i < channels.length - 1))
      tap(`encoder.down_blocks.${i}`, h) // [B, Ci, H/2^i', W/2^i']
    })
    h = g.scope('mid_block', () => midBlock(g, cfg, h, (name, v) => tap(`encoder.mid_block.${name}`, v)))
    tap('encoder.mid_block', h)
    h = nn.silu(g, groupNorm(g, 'conv_norm_out', h, cfg.normNumGroups, cfg.normEps))
    h = conv2d(g, 'conv_out', h, 2 * cfg.latentChannels, 3, { pad: 1 }) // [B, 2L, h, w] (double_z)
    tap('encoder.conv_out', h)
    return h
  })
  const out = conv2d(g, 'quant_conv', moments, 2 * cfg.latentChannels, 1) // [B, 2L, h, w]
  tap('quant_conv', out)
  return out
}

/** DownEncoderBlock2D: resnets, then a stride-2 conv after a (0,1,0,1) zero pad unless it is the last. */
function downEncoderBlock(g: Graph, cfg: VaeConfig, x: Value, out: number, downsample: boolean): Value {
  const resnet = { outChannels: out, groups: cfg.normNumGroups, eps: cfg.normEps }
  let h = x
  for (let j = 0; j < cfg.layersPerBlock; j++) h = resnetBlock2D(g, `resnets.${j}`, h, null, resnet) // [B, C, H, W]
  return downsample ? downsample2D(g, 'downsamplers.0', h, { pad: [0, 0, 1, 1] }) : h // [B, C, H/2, W/2]
}

/** UNetMidBlock2D without temb: resnet → attention → resnet, channels unchanged. */
function midBlock(g: Graph, cfg: VaeConfig, x: Value, tap: Tap): Value {
  const c = staticDim(g, x, 1, 'VAE mid-block channels')
  const resnet = { outChannels: c, groups: cfg.normNumGroups, eps: cfg.normEps }
  let h = resnetBlock2D(g, 'resnets.0', x, null, resnet)
  h = spatialSelfAttention(g, cfg, 'attentions.0', h)
  tap('attentions.0', h)
  return resnetBlock2D(g, 'resnets.1', h, null, resnet) // [B, C, H, W]
}

/**
 * The mid block's Attention(heads = 1, group_norm, residual_connection): over the H·W pixels as tokens,
 *
 *   x [B,C,H,W] ─ group_norm ─ tokens [B,HW,C] ─ to_q/k/v ─ softmax(QKᵀ/√C)·V ─ to_out.0 ─ image ─(+ x)
 */
function spatialSelfAttention(g: Graph, cfg: VaeConfig, name: string, x: Value): Value {
  const [b] = x.shape
  const [c, hh, ww] = [1, 2, 3].map((axis) => staticDim(g, x, axis, 'VAE attention size'))
  const normed = g.scope(name, () => groupNorm(g, 'group_norm', x, cfg.normNumGroups, cfg.normEps)) // [B, C, H, W]
  const tokens = g.transpose(g.reshape(normed, [b, c, hh * ww]), [0, 2, 1]) // [B, HW, C]
  const attended = attention(g, name, tokens, null, { heads: 1, grid: [hh, ww], qkvBias: true }) // [B, HW, C]
  const image = g.reshape(g.transpose(attended, [0, 2, 1]), [b, c, hh, ww]) // [B, C, H, W]
  return g.add(image, x)
}

/** post_quant_conv + Decoder: latent [B, L, h, w] (unscaled) → image [B, out, h·2^(n−1), w·2^(n−1)]. */
export function vaeDecoder(g: Graph, cfg: VaeConfig, latent: Value, tap: Tap = noTap): Value {
  const z = conv2d(g, 'post_quant_conv', latent, cfg.latentChannels, 1) // [B, L, h, w]
  tap('post_quant_conv', z)
  return g.scope('decoder', () => {
    const channels = [...cfg.blockOutChannels].reverse()
    let h = conv2d(g, 'conv_in', z, channels[0], 3, { pad: 1 }) // [B, Cn, h, w]
    tap('decoder.conv_in', h)
    h = g.scope('mid_block', () => midBlock(g, cfg, h, (name, v) => tap(`decoder.mid_block.${name}`, v)))
    tap('decoder.mid_block', h)
    channels.forEach((c, i) => {
      h = g.scope(`up_blocks.${i}`, () => upDecoderBlock(g, cfg, h, c, i < channels.length - 1))
      tap(`decoder.up_blocks.${i}`, h) // [B, Ci, 2^i'·h, 2^i'·w]
    })
    h = groupNorm(g, 'conv_norm_out', h, cfg.normNumGroups, cfg.normEps)
    tap('decoder.conv_norm_out', h)
    h = conv2d(g, 'conv_out', nn.silu(g, h), cfg.outChannels, 3, { pad: 1 }) // [B, out, H, W]
    tap('decoder.conv_out', h)
    return h
  })
}

/** UpDecoderBlock2D: layers_per_block + 1 resnets, then nearest ×2 + conv unless it is the last. */
function upDecoderBlock(g: Graph, cfg: VaeConfig, x: Value, out: number, upsample: boolean): Value {
  const resnet = { outChannels: out, groups: cfg.normNumGroups, eps: cfg.normEps }
  let h = x
  for (let j = 0; j <= cfg.layersPerBlock; j++) h = resnetBlock2D(g, `resnets.${j}`, h, null, resnet) // [B, C, H, W]
  return upsample ? upsample2D(g, 'upsamplers.0', h) : h // [B, C, 2H, 2W]
}

/** How many times the VAE halves (and doubles back) the resolution: 3 for SD 1.5 (512 → 64). */
export function vaeDownFactor(cfg: VaeConfig): number {
  return 2 ** (cfg.blockOutChannels.length - 1)
}

export interface VaeGraphOptions {
  /** Image size in pixels; a multiple of the down factor (8 for SD 1.5). */
  height: number
  width: number
  /** Batch dim (default symbolic 'B'). */
  batch?: Dim
  /** Output every tapped intermediate under its diffusers module name (parity tests). */
  intermediates?: boolean
}

function latentSize(cfg: VaeConfig, o: VaeGraphOptions): [number, number] {
  const f = vaeDownFactor(cfg)
  for (const [what, size] of [
    ['height', o.height],
    ['width', o.width],
  ] as const) {
    if (!Number.isInteger(size) || size <= 0 || size % f !== 0) {
      throw new Error(`VAE image ${what} must be a positive multiple of ${f}, got ${size}`)
    }
  }
  return [o.height / f, o.width / f]
}

/**
 * The encode graph: input `image` [B, in, H, W] in [-1, 1] → outputs `latent` (posterior mean × scaling
 * factor: the diffusion-space latent the pipeline uses) and `moments` (mean ‖ unclamped logvar; see
 * diagonalGaussian for the posterior).
 */
export function vaeEncodeGraph(cfg: VaeConfig, o: VaeGraphOptions): Graph {
  latentSize(cfg, o)
  const g = new Graph('vae_encoder')
  const image = g.input('image', 'float32', [o.batch ?? 'B', cfg.inChannels, o.height, o.width])
  const tap: Tap = o.intermediates ? (name, v) => g.output(name, v) : noTap
  const moments = vaeEncoder(g, cfg, image, tap)
  const [mean] = g.split(moments, 1, 2) // [B, L, h, w]
  g.output('latent', g.mul(mean, cfg.scalingFactor))
  g.output('moments', moments)
  return g
}

export interface VaeDecodeOptions extends VaeGraphOptions {
  /** true (default): `latent` is in diffusion space and is divided by the scaling factor first. */
  scaledInput?: boolean
}

/** The decode graph: input `latent` [B, L, H/f, W/f] → output `image` [B, out, H, W], raw (not clamped). */
export function vaeDecodeGraph(cfg: VaeConfig, o: VaeDecodeOptions): Graph {
  const [h, w] = latentSize(cfg, o)
  const g = new Graph('vae_decoder')
  const latent = g.input('latent', 'float32', [o.batch ?? 'B', cfg.latentChannels, h, w])
  const tap: Tap = o.intermediates ? (name, v) => g.output(name, v) : noTap
  const z = o.scaledInput === false ? latent : g.div(latent, cfg.scalingFactor)
  g.output('image', vaeDecoder(g, cfg, z, tap))
  return g
}

/** Every parameter of the whole AutoencoderKL (encoder and decoder), for checkpoint coverage checks. */
export function vaeModelParams(cfg: VaeConfig): ParamInfo[] {
  const g = new Graph('vae')
  const f = vaeDownFactor(cfg)
  vaeEncoder(g, cfg, g.input('image', 'float32', [1, cfg.inChannels, f, f]))
  vaeDecoder(g, cfg, g.input('latent', 'float32', [1, cfg.latentChannels, 1, 1]))
  return g.paramKeys()
}

export interface DiagonalGaussian {
  mean: Float32Array
  /** Clamped to [−30, 20] as diffusers does. */
  logvar: Float32Array
  /** exp(½·logvar). */
  std: Float32Array
}

/**
 * DiagonalGaussianDistribution of the moments [B, 2L, h, w] (flat): computed on the host because the
 * clamp has no primitive in the graph builder (there is no Min/Max/Clip op), and it is cheap.
 */
export function diagonalGaussian(moments: Float32Array, batch: number): DiagonalGaussian {
  const half = moments.length / batch / 2
  const mean = new Float32Array(batch * half)
  const logvar = new Float32Array(batch * half)
  for (let b = 0; b < batch; b++) {
    mean.set(moments.subarray(2 * b * half, (2 * b + 1) * half), b * half)
    const raw = moments.subarray((2 * b + 1) * half, (2 * b + 2) * half)
    for (let i = 0; i < half; i++) logvar[b * half + i] = Math.min(Math.max(raw[i], -30), 20)
  }
  return { mean, logvar, std: logvar.map((v) => Math.exp(0.5 * v)) }
}
