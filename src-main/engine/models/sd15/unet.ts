// UNet2DConditionModel (diffusers naming; sd15-facts §1): ε-prediction from a noisy latent, an integer
// timestep and a text context, with the ControlNet residuals added to the skips and the mid output
// (§1.4) when given. Attention hooks reach every transformer block (dual attention, attention maps).
import type { Graph } from '../../graph/graph'
import { GraphError, type Value } from '../../graph/types'
import type { UNetConfig } from '../config'
import type { AttentionHooks } from './blocks'
import { downPath, midBlock, timeEmbedding, upPath } from './unetBlocks'

export interface UNetInputs {
  /** Noisy latent [B, in_channels, h, w]; h and w multiples of 2^(blocks−1). */
  sample: Value
  /** int64 [B], integer timesteps in [0, 1000). */
  timestep: Value
  /** Text context (encoder_hidden_states) [B, T, cross_attention_dim]. */
  context: Value
}

/** ControlNet outputs, already multiplied by the conditioning scale. */
export interface ControlResiduals {
  /** One per skip tensor, in down_block_res_samples order (12 in SD 1.5). */
  down: readonly Value[]
  mid: Value
}

export interface UNetOptions {
  control?: ControlResiduals
  hooks?: AttentionHooks
}

/** Builds the UNet into `g` (parameters at the current key prefix): returns ε [B, out_channels, h, w]. */
export function unet2DCondition(g: Graph, cfg: UNetConfig, x: UNetInputs, o: UNetOptions = {}): Value {
  const stage = { temb: timeEmbedding(g, cfg, x.timestep), context: x.context, hooks: o.hooks }
  const down = downPath(g, cfg, x.sample, stage)
  let skips = down.skips
  if (o.control) {
    const residuals = o.control.down
    if (residuals.length !== skips.length) {
      throw new GraphError(
        g.scopePath,
        `ControlNet gives ${residuals.length} residuals, the UNet has ${skips.length} skips`,
      )
    }
    skips = skips.map((skip, i) => g.add(skip, residuals[i])) // [B, Ci, hi, wi] each
  }
  let h = midBlock(g, cfg, down.h, stage)
  if (o.control) h = g.add(h, o.control.mid)
  return upPath(g, cfg, h, skips, stage)
}
