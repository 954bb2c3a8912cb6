// ControlNetModel (diffusers naming; sd15-facts §3.1): a copy of the UNet encoder whose conv_in output is
// summed with an embedding of the control image; every skip tensor and the mid output go through a
// zero-initialised 1×1 conv and are scaled by the conditioning scale. Returns the UNet's residuals.
import type { Graph } from '../../graph/graph'
import * as nn from '../../graph/nn'
import type { Value } from '../../graph/types'
import type { ControlNetConfig } from '../config'
import type { AttentionHooks } from './blocks'
import { conv2d, staticDim } from './layers'
import type { ControlResiduals, UNetInputs } from './unet'
import { downPath, midBlock, timeEmbedding } from './unetBlocks'

export interface ControlNetInputs extends UNetInputs {
  /** Control image (pose drawing) [B, 3, 8h, 8w], RGB in [0, 1]. */
  image: Value
  /** conditioning_scale per batch element, float32 [B] (1 = full strength, 0 = ControlNet off). */
  scale: Value
}

/**
 * controlnet_cond_embedding: image [B, 3, H, W] → [B, C0, H/2^k, W/2^k], k = len(out channels) − 1.
 * conv_in, then per stage a 3×3 conv and a stride-2 3×3 conv, SiLU after each; conv_out without SiLU.
 */
export function conditioningEmbedding(g: Graph, cfg: ControlNetConfig, image: Value): Value {
  const ch = cfg.conditioningEmbeddingOutChannels
  return g.scope('controlnet_cond_embedding', () => {
    let h = nn.silu(g, conv2d(g, 'conv_in', image, ch[0], 3, { pad: 1 })) // [B, ch0, H, W]
    for (let i = 0; i < ch.length - 1; i++) {
      h = nn.silu(g, conv2d(g, `blocks.${2 * i}`, h, ch[i], 3, { pad: 1 }))
      h = nn.silu(g, conv2d(g, `blocks.${2 * i + 1}`, h, ch[i + 1], 3, { pad: 1, stride: 2 })) // halves H, W
    }
    return conv2d(g, 'conv_out', h, cfg.blockOutChannels[0], 3, { pad: 1 }) // [B, C0, h, w]
  })
}

/** Builds the ControlNet into `g` (parameters at the current key prefix). */
export function controlNet(
  g: Graph,
  cfg: ControlNetConfig,
  x: ControlNetInputs,
  o: { hooks?: AttentionHooks } = {},
): ControlResiduals {
  const stage = { temb: timeEmbedding(g, cfg, x.timestep), context: x.context, hooks: o.hooks }
  const hint = conditioningEmbedding(g, cfg, x.image)
  const down = downPath(g, cfg, x.sample, stage, (h) => g.add(h, hint)) // conv_in(x) + hint
  const mid = midBlock(g, cfg, down.h, stage)
  const scale = g.reshape(x.scale, [x.scale.shape[0], 1, 1, 1]) // [B, 1, 1, 1]
  const zeroConv = (name: string, h: Value) =>
    g.mul(conv2d(g, name, h, staticDim(g, h, 1, 'residual channels'), 1), scale)
  return {
    down: down.skips.map((skip, i) => zeroConv(`controlnet_down_blocks.${i}`, skip)), // [B, Ci, hi, wi]
    mid: zeroConv('controlnet_mid_block', mid), // [B, Clast, hm, wm]
  }
}
