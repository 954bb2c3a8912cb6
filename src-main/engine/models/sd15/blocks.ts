// Convolutional building blocks shared by the UNet, the ControlNet and the VAE (diffusers
// models/resnet.py, models/downsampling.py, models/upsampling.py; sd15-facts §1.2). Each block opens the
// scope `name` (e.g. 'resnets.0', 'downsamplers.0'), so its parameter keys are the diffusers keys.
import type { Graph } from '../../graph/graph'
import * as nn from '../../graph/nn'
import type { Value } from '../../graph/types'
import { conv2d, type ConvOptions, groupNorm, linear, staticDim } from './layers'

export {
  attention,
  basicTransformerBlock,
  feedForward,
  transformer2D,
  type AttentionHooks,
  type AttentionOptions,
  type AttentionSite,
  type Transformer2DOptions,
} from './attention'

export interface ResnetOptions {
  outChannels: number
  /** GroupNorm groups (32 in SD 1.5) and eps (1e-5 in the UNet, 1e-6 in the VAE). */
  groups: number
  eps: number
  /** diffusers output_scale_factor: the output is divided by it (1 in SD 1.5). */
  outputScaleFactor?: number
}

/**
 * ResnetBlock2D: x [B, Cin, H, W], temb [B, E] or null (VAE) → [B, Cout, H, W].
 *
 *   x ─ norm1 ─ SiLU ─ conv1 ─(+ time_emb_proj(SiLU(temb)))─ norm2 ─ SiLU ─ conv2 ─┐
 *   └───────────────── conv_shortcut (1×1, only when Cin ≠ Cout) ────────────────(+)─ out
 */
export function resnetBlock2D(g: Graph, name: string, x: Value, temb: Value | null, o: ResnetOptions): Value {
  return g.scope(name, () => {
    const cout = o.outChannels
    let h = conv2d(g, 'conv1', nn.silu(g, groupNorm(g, 'norm1', x, o.groups, o.eps)), cout, 3, { pad: 1 })
    if (temb) {
      const e = linear(g, 'time_emb_proj', nn.silu(g, temb), cout) // [B, Cout]
      h = g.add(h, g.reshape(e, [e.shape[0], cout, 1, 1])) // [B, Cout, H, W]
    }
    h = conv2d(g, 'conv2', nn.silu(g, groupNorm(g, 'norm2', h, o.groups, o.eps)), cout, 3, { pad: 1 })
    const cin = staticDim(g, x, 1, 'resnet input channels')
    const shortcut = cin === cout ? x : conv2d(g, 'conv_shortcut', x, cout, 1)
    const out = g.add(shortcut, h) // [B, Cout, H, W]
    const scale = o.outputScaleFactor ?? 1
    return scale === 1 ? out : g.div(out, scale)
  })
}

export interface DownsampleOptions {
  /**
   * Conv padding: 1 (UNet, downsample_padding=1) or explicit [top, left, bottom, right]; the VAE pads
   * asymmetrically (F.pad (0,1,0,1): right and bottom) with conv padding 0, i.e. [0, 0, 1, 1].
   */
  pad?: ConvOptions['pad']
}

/** Downsample2D: `conv` 3×3 stride 2: x [B, C, H, W] → [B, C, H/2, W/2]. */
export function downsample2D(g: Graph, name: string, x: Value, o: DownsampleOptions = {}): Value {
  return g.scope(name, () => {
    const c = staticDim(g, x, 1, 'downsample channels')
    return conv2d(g, 'conv', x, c, 3, { stride: 2, pad: o.pad ?? 1 })
  })
}

/** Upsample2D: nearest ×2 then `conv` 3×3: x [B, C, H, W] → [B, C, 2H, 2W]. */
export function upsample2D(g: Graph, name: string, x: Value): Value {
  return g.scope(name, () => {
    const c = staticDim(g, x, 1, 'upsample channels')
    return conv2d(g, 'conv', g.upsampleNearest(x, 2), c, 3, { pad: 1 })
  })
}
