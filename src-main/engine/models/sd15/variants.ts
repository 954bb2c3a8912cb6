// The graphs the pipeline runs, each UNet + ControlNet in ONE graph (ControlNet keys under 'controlnet.'):
//   unetControl      ε = UNet(x, t, c, ControlNet(x, t, c, pose) · scale)
//   unetControlGrad  the same + VJP w.r.t. the text embedding for an upstream gradient dε, and the
//                    head/layer-averaged cross-attention maps at 1/4 latent resolution (PACM, masks)
//   unetControlDca   the same forward with dual-consistency + mask-guided attention in the up blocks
// Batch is symbolic ('B'); latent size is fixed per compiled graph. Names of inputs/outputs below are the
// ONNX names the pipeline feeds and reads.
import { vjp } from '../../graph/autodiff'
import { Graph } from '../../graph/graph'
import { GraphError, type Value } from '../../graph/types'
import type { ControlNetConfig, UNetConfig } from '../config'
import type { AttentionHooks } from './blocks'
import { controlNet } from './controlnet'
import { recordCrossAttentionMaps } from './crossAttentionMaps'
import { dualAttentionHooks } from './dualAttention'
import { unet2DCondition } from './unet'

export const VARIANT_KINDS = ['unetControl', 'unetControlGrad', 'unetControlDca'] as const
export type VariantKind = (typeof VARIANT_KINDS)[number]

export interface VariantSpec {
  kind: VariantKind
  /** Latent size (image size / 8); multiples of 2^(down blocks − 1), i.e. 8 for SD 1.5. */
  latentHeight: number
  latentWidth: number
  /** Text tokens per prompt (77 for CLIP). */
  tokens?: number
}

export interface VariantConfigs {
  unet: UNetConfig
  controlnet: ControlNetConfig
}

/** Key prefix of the ControlNet parameters inside a variant graph. */
export const CONTROLNET_PREFIX = 'controlnet.'

/** Stable id of a variant and its options (part of the compiled-model cache key). */
export function variantId(spec: VariantSpec): string {
  return `${spec.kind}@${spec.latentHeight}x${spec.latentWidth}t${spec.tokens ?? 77}`
}

interface CommonInputs {
  sample: Value
  timestep: Value
  context: Value
  image: Value
  scale: Value
}

function checkSpec(cfg: VariantConfigs, spec: VariantSpec): void {
  if (!VARIANT_KINDS.includes(spec.kind)) {
    throw new GraphError('variant', `unknown variant '${spec.kind}' (expected ${VARIANT_KINDS.join(', ')})`)
  }
  const multiple = 2 ** (cfg.unet.blockOutChannels.length - 1)
  for (const d of [spec.latentHeight, spec.latentWidth]) {
    if (!Number.isInteger(d) || d <= 0 || d % multiple !== 0) {
      const px = 8 * multiple
      throw new GraphError('variant', `latent size ${d} must be a positive multiple of ${multiple} (images: ${px} px)`)
    }
  }
}

/**
 * Inputs: sample float32 [B, 4, h, w]; timestep int64 [B] (integers in [0, 1000)); encoder_hidden_states
 * float32 [B, T, C]; control_image float32 [B, 3, 8h, 8w] RGB in [0, 1]; control_scale float32 [B].
 */
function commonInputs(g: Graph, cfg: VariantConfigs, spec: VariantSpec): CommonInputs {
  const [h, w] = [spec.latentHeight, spec.latentWidth]
  const up = 2 ** (cfg.controlnet.conditioningEmbeddingOutChannels.length - 1) // 8: latent → image
  return {
    sample: g.input('sample', 'float32', ['B', cfg.unet.inChannels, h, w]),
    timestep: g.input('timestep', 'int64', ['B']),
    context: g.input('encoder_hidden_states', 'float32', ['B', spec.tokens ?? 77, cfg.unet.crossAttentionDim]),
    image: g.input('control_image', 'float32', ['B', cfg.controlnet.conditioningChannels, h * up, w * up]),
    scale: g.input('control_scale', 'float32', ['B']),
  }
}

function noisePrediction(g: Graph, cfg: VariantConfigs, x: CommonInputs, hooks?: AttentionHooks): Value {
  const control = g.subgraph('controlnet', () => controlNet(g, cfg.controlnet, x), { keyPrefix: CONTROLNET_PREFIX })
  return unet2DCondition(g, cfg.unet, x, { control, hooks }) // [B, 4, h, w]
}

/** Builds the variant graph (named 'unet'; node names /unet/… and /controlnet/…). */
export function buildVariant(cfg: VariantConfigs, spec: VariantSpec): Graph {
  checkSpec(cfg, spec)
  const g = new Graph('unet')
  const x = commonInputs(g, cfg, spec)
  if (spec.kind === 'unetControl') {
    g.output('noise_pred', noisePrediction(g, cfg, x))
  } else if (spec.kind === 'unetControlGrad') {
    buildGrad(g, cfg, spec, x)
  } else {
    buildDca(g, cfg, spec, x)
  }
  return g
}

/**
 * + inputs grad_noise_pred float32 [B, 4, h, w] and grad_noise_scale float32 [B]: the upstream gradient is
 * dε = grad_noise_pred + grad_noise_scale · ε. A quadratic loss of ε (DDIM-step MSE) has exactly this
 * form, so one run gives ε and its gradient; scale 0 makes grad_noise_pred a plain upstream gradient.
 * Outputs noise_pred, grad_encoder_hidden_states [B, T, C] (through ControlNet and UNet) and
 * attention_maps [B, (h/4)·(w/4), T] (mean over heads and layers, see crossAttentionMaps.ts).
 */
function buildGrad(g: Graph, cfg: VariantConfigs, spec: VariantSpec, x: CommonInputs): void {
  const offset = g.input('grad_noise_pred', 'float32', x.sample.shape)
  const coef = g.input('grad_noise_scale', 'float32', ['B'])
  const maps = recordCrossAttentionMaps(spec.latentHeight, spec.latentWidth)
  const eps = noisePrediction(g, cfg, x, maps.hooks)
  g.output('noise_pred', eps)
  g.output('attention_maps', maps.mean(g))
  const dEps = g.add(offset, g.mul(g.reshape(coef, ['B', 1, 1, 1]), eps)) // [B, 4, h, w], a constant for vjp
  const [dContext] = vjp(g, [eps], [x.context], [dEps])
  g.output('grad_encoder_hidden_states', dContext)
}

/**
 * + inputs frame0_index, prev_index int64 [B]; dca_weights float32 [3]; mask float32 [B, 1, h, w];
 * mgdm float32 [B] (see dualAttention.ts). Output noise_pred.
 */
function buildDca(g: Graph, cfg: VariantConfigs, spec: VariantSpec, x: CommonInputs): void {
  const hooks = dualAttentionHooks({
    frame0: g.input('frame0_index', 'int64', ['B']),
    prev: g.input('prev_index', 'int64', ['B']),
    weights: g.input('dca_weights', 'float32', [3]),
    mask: g.input('mask', 'float32', ['B', 1, spec.latentHeight, spec.latentWidth]),
    mgdm: g.input('mgdm', 'float32', ['B']),
  })
  g.output('noise_pred', noisePrediction(g, cfg, x, hooks))
}
