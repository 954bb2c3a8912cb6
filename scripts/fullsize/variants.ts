// The graph variants check-fullsize compiles and runs once each, with inputs for a small image size:
// CLIP (prompt + empty prompt), VAE encode and decode at size², and the UNet + ControlNet variants.
import type { VariantKind } from '../../src-main/engine/models/sd15/variants'
import type { ClipTokenizer } from '../../src-main/engine/models/tokenizer'
import { compileGraph } from '../../src-main/engine/runners/compile'
import { textEncoderGraph, vaeGraph, variantGraph } from '../../src-main/engine/runners/graphs'
import type { CheckpointSource } from '../../src-main/engine/models/weights/source'
import type { EmittedModel } from '../../src-main/engine/runtime/emit'
import type { ModelCache } from '../../src-main/engine/runtime/modelCache'
import { type Tensor, tensor, type TensorLike } from '../../src-main/engine/tensor'

export interface VariantCheck {
  name: string
  compile(cache: ModelCache): Promise<EmittedModel>
  feeds(): Record<string, TensorLike>
  /** Throws when an output has the wrong shape. */
  check?(outputs: Record<string, Tensor>): void
}

export interface FullsizeContext {
  /** SD 1.5 checkpoint (unet, vae, text_encoder). */
  source: CheckpointSource
  controlnet: CheckpointSource
  /** Image size in pixels (the latent is size / 8). */
  size: number
  tokenizer: ClipTokenizer
  /** Which UNet + ControlNet variants to compile and run for this checkpoint. */
  unetVariants: readonly VariantKind[]
}

/** Deterministic values in [−amplitude, amplitude] (smooth + a little high-frequency). */
export function wave(n: number, amplitude = 1): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => amplitude * Math.sin(i * 0.013) * Math.cos(i * 0.0007 + 1))
}

function expectDims(name: string, got: readonly number[] | undefined, want: readonly number[]): void {
  if (!got || got.join() !== want.join()) throw new Error(`${name} has shape [${got}], expected [${want}]`)
}

function clipCheck(ctx: FullsizeContext): VariantCheck {
  const cfg = ctx.source.configs.textEncoder
  const ids = ['a photograph of an astronaut riding a horse', ''].flatMap((p) => ctx.tokenizer.encode(p))
  const seq = cfg.maxPositionEmbeddings
  return {
    name: 'text_encoder (CLIP)',
    compile: (cache) => compileGraph(textEncoderGraph(ctx.source), cache),
    feeds: () => ({ input_ids: tensor.i64(ids, [2, seq]) }),
    check: (out) => expectDims('last_hidden_state', out.last_hidden_state?.shape, [2, seq, cfg.hiddenSize]),
  }
}

function vaeChecks(ctx: FullsizeContext): VariantCheck[] {
  const cfg = ctx.source.configs.vae
  const s = ctx.size
  const latent = [1, cfg.latentChannels, s / 8, s / 8]
  return [
    {
      name: `vae encode ${s}²`,
      compile: (cache) => compileGraph(vaeGraph(ctx.source, 'encode', s, s), cache),
      feeds: () => ({ image: tensor.f32(wave(3 * s * s), [1, 3, s, s]) }),
      check: (out) => expectDims('latent', out.latent?.shape, latent),
    },
    {
      name: `vae decode ${s / 8}² latent`,
      compile: (cache) => compileGraph(vaeGraph(ctx.source, 'decode', s, s), cache),
      feeds: () => ({
        latent: tensor.f32(
          wave(
            latent.reduce((a, b) => a * b),
            0.2,
          ),
          latent,
        ),
      }),
      check: (out) => expectDims('image', out.image?.shape, [1, cfg.outChannels, s, s]),
    },
  ]
}

/** Inputs every UNet + ControlNet variant takes, for batch b at latent h×w. */
function unetFeeds(ctx: FullsizeContext, b: number): Record<string, TensorLike> {
  const h = ctx.size / 8
  const unet = ctx.source.configs.unet
  const latent = [b, unet.inChannels, h, h]
  const n = (dims: number[]) => dims.reduce((x, y) => x * y, 1)
  const context = [b, ctx.source.configs.textEncoder.maxPositionEmbeddings, unet.crossAttentionDim]
  const pose = [b, 3, ctx.size, ctx.size]
  return {
    sample: tensor.f32(wave(n(latent)), latent),
    timestep: tensor.i64(new Array(b).fill(501)),
    encoder_hidden_states: tensor.f32(wave(n(context)), context),
    control_image: tensor.f32(
      wave(n(pose), 0.5).map((v) => v + 0.5),
      pose,
    ),
    control_scale: tensor.f32(new Array(b).fill(1), [b]),
  }
}

/** Extra inputs per variant: the upstream gradient (Grad), frame indices, λ and masks (Dca, 2 frames). */
function variantFeeds(ctx: FullsizeContext, kind: VariantKind): Record<string, TensorLike> {
  const h = ctx.size / 8
  if (kind === 'unetControl') return unetFeeds(ctx, 1)
  if (kind === 'unetControlGrad') {
    const latent = [1, ctx.source.configs.unet.inChannels, h, h]
    const grad = {
      grad_noise_pred: tensor.f32(wave(h * h * latent[1], 0.01), latent),
      grad_noise_scale: tensor.f32([0], [1]),
    }
    return { ...unetFeeds(ctx, 1), ...grad }
  }
  const mask = Float32Array.from({ length: 2 * h * h }, (_, i) => (i % h < h / 2 ? 1 : 0))
  return {
    ...unetFeeds(ctx, 2),
    frame0_index: tensor.i64([0, 0]),
    prev_index: tensor.i64([0, 0]),
    dca_weights: tensor.f32([0.7, 0.15, 0.15], [3]),
    mask: tensor.f32(mask, [2, 1, h, h]),
    mgdm: tensor.f32([0, 1], [2]),
  }
}

function unetChecks(ctx: FullsizeContext): VariantCheck[] {
  const h = ctx.size / 8
  return ctx.unetVariants.map((kind) => ({
    name: `${kind} (UNet + ControlNet) ${h}² latent`,
    compile: (cache) =>
      compileGraph(
        variantGraph(
          { unet: ctx.source, controlnet: ctx.controlnet },
          { kind, latentHeight: h, latentWidth: h },
          'fp32',
        ),
        cache,
      ),
    feeds: () => variantFeeds(ctx, kind),
    check: (out) => {
      const b = kind === 'unetControlDca' ? 2 : 1
      expectDims('noise_pred', out.noise_pred?.shape, [b, ctx.source.configs.unet.outChannels, h, h])
    },
  }))
}

export async function fullsizeVariants(ctx: FullsizeContext): Promise<VariantCheck[]> {
  return [clipCheck(ctx), ...vaeChecks(ctx), ...unetChecks(ctx)]
}
