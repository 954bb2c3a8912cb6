// The graphs the engine compiles, as GraphSpecs for compileGraph: the UNet + ControlNet variants, the CLIP
// text encoder and the VAE halves. CLIP and the VAE always run in fp32 (the fp16 SD VAE overflows,
// sd15-facts §4.3; CLIP runs once per prompt, so fp16 would save nothing that matters).
import type { ParamInfo } from '../graph/core'
import type { Precision } from '../graph/precision'
import type { VaeConfig } from '../models/config'
import { clipTextGraph } from '../models/sd15/clip'
import { vaeDecodeGraph, vaeEncodeGraph, vaeModelParams } from '../models/sd15/vae'
import { buildVariant, CONTROLNET_PREFIX, type VariantSpec, variantId } from '../models/sd15/variants'
import type { CheckpointSource } from '../models/weights/source'
import type { GraphSpec } from './compile'

/** Where the UNet and the ControlNet come from (often two files: an SD 1.5 checkpoint and a ControlNet). */
export interface VariantSources {
  unet: CheckpointSource
  controlnet: CheckpointSource
}

function isSources(s: CheckpointSource | VariantSources): s is VariantSources {
  return 'unet' in s && 'controlnet' in s && !('component' in s)
}

/** A UNet + ControlNet variant (fp32 on CPU, fp16 on GPUs: norms, softmax and reductions stay fp32). */
export function variantGraph(
  source: CheckpointSource | VariantSources,
  spec: VariantSpec,
  precision: Precision,
): GraphSpec {
  const s = isSources(source) ? source : { unet: source, controlnet: source }
  const configs = { unet: s.unet.configs.unet, controlnet: s.controlnet.configs.controlnet }
  return {
    name: variantId(spec),
    shapedBy: { configs, spec },
    precision,
    build: () => buildVariant(configs, spec),
    parts: [
      { source: s.unet, component: 'unet' },
      { source: s.controlnet, component: 'controlnet', prefix: CONTROLNET_PREFIX },
    ],
  }
}

/** The text encoder: input `input_ids` int64 [B, 77] → `last_hidden_state` [B, 77, C]. */
export function textEncoderGraph(source: CheckpointSource, clipSkip = 0, cfg = source.configs.textEncoder): GraphSpec {
  return {
    name: `text_encoder/skip${clipSkip}`,
    shapedBy: { cfg, clipSkip },
    precision: 'fp32',
    build: () => clipTextGraph(cfg, { clipSkip }),
    parts: [{ source, component: 'text_encoder', model: clipSkip ? clipTextGraph(cfg).paramKeys() : undefined }],
  }
}

export type VaeGraphKind = 'encode' | 'decode'

/**
 * A VAE half for batch 1 at one image size: encode `image` [1, 3, H, W] in [−1, 1] → `latent` (scaled) +
 * `moments`; decode `latent` [1, L, H/8, W/8] (scaled) → `image` (raw).
 */
export function vaeGraph(
  source: CheckpointSource,
  kind: VaeGraphKind,
  width: number,
  height: number,
  model: readonly ParamInfo[] = vaeModelParams(source.configs.vae),
  cfg: VaeConfig = source.configs.vae,
): GraphSpec {
  const size = { width, height, batch: 1 }
  return {
    name: `vae/${kind}@${width}x${height}`,
    shapedBy: { cfg, kind, size },
    precision: 'fp32',
    build: () => (kind === 'encode' ? vaeEncodeGraph(cfg, size) : vaeDecodeGraph(cfg, size)),
    parts: [{ source, component: 'vae', model }],
  }
}
