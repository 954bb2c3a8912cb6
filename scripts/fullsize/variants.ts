// The graph variants check-fullsize compiles and runs once each, with inputs for a small image size:
// CLIP (prompt + empty prompt), VAE encode and decode at size², and the UNet + ControlNet variants.
import { compileComponent } from '../../src-main/engine/models/componentSession'
import { textEncoderGraph } from '../../src-main/engine/models/textEncoder'
import type { ClipTokenizer } from '../../src-main/engine/models/tokenizer'
import { vaeGraph } from '../../src-main/engine/models/vaeCodec'
import type { CheckpointSource } from '../../src-main/engine/models/weights/source'
import type { EmittedModel } from '../../src-main/engine/runtime/emit'
import type { ModelCache } from '../../src-main/engine/runtime/modelCache'
import { type Tensor, tensor, type TensorLike } from '../../src-main/engine/runtime/tensor'

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
    compile: (cache) => compileComponent(ctx.source, textEncoderGraph(cfg), cache),
    feeds: () => ({ input_ids: tensor.i64(ids, [2, seq]) }),
    check: (out) => expectDims('last_hidden_state', out.last_hidden_state?.dims, [2, seq, cfg.hiddenSize]),
  }
}

function vaeChecks(ctx: FullsizeContext): VariantCheck[] {
  const cfg = ctx.source.configs.vae
  const s = ctx.size
  const latent = [1, cfg.latentChannels, s / 8, s / 8]
  return [
    {
      name: `vae encode ${s}²`,
      compile: (cache) => compileComponent(ctx.source, vaeGraph(cfg, 'encode', s, s), cache),
      feeds: () => ({ image: tensor.f32(wave(3 * s * s), [1, 3, s, s]) }),
      check: (out) => expectDims('latent', out.latent?.dims, latent),
    },
    {
      name: `vae decode ${s / 8}² latent`,
      compile: (cache) => compileComponent(ctx.source, vaeGraph(cfg, 'decode', s, s), cache),
      feeds: () => ({
        latent: tensor.f32(
          wave(
            latent.reduce((a, b) => a * b),
            0.2,
          ),
          latent,
        ),
      }),
      check: (out) => expectDims('image', out.image?.dims, [1, cfg.outChannels, s, s]),
    },
  ]
}

export async function fullsizeVariants(ctx: FullsizeContext): Promise<VariantCheck[]> {
  return [clipCheck(ctx), ...vaeChecks(ctx)]
}
