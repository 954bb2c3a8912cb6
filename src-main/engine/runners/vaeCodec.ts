// Image ↔ latent for the pipeline, on the compiled VAE (fp32 always: the fp16 SD VAE overflows).
//   encodeImage: RGB bytes → x/127.5 − 1 → posterior mean × scaling factor (no sampling, as null-text
//                inversion does; sd15-facts §4.3) → Float32Array [L, H/8, W/8]
//   decodeLatent: latent / scaling factor → decoder → (x/2 + 0.5) clamped to [0, 1] → RGB bytes
// The graphs have static sizes: one encode and one decode graph per image size, compiled on first use.
import type { ParamInfo } from '../graph/core'
import type { RgbImage } from '../image/rgbImage'
import type { VaeConfig } from '../models/config'
import { vaeDownFactor, vaeModelParams } from '../models/sd15/vae'
import { assertWeights } from '../models/weights/load'
import type { CheckpointSource } from '../models/weights/source'
import type { Session } from '../runtime/session'
import { tensor, toFloat32 } from '../tensor'
import { compileGraph, type ComponentRuntime } from './compile'
import { type VaeGraphKind, vaeGraph } from './graphs'

export class VaeCodec {
  private readonly sessions = new Map<string, Promise<Session>>()
  private readonly model: ParamInfo[]

  private constructor(
    private readonly source: CheckpointSource,
    private readonly rt: ComponentRuntime,
    readonly config: VaeConfig,
  ) {
    this.model = vaeModelParams(config)
  }

  /** Checks the checkpoint's VAE now (missing or wrong-shaped weights throw); graphs compile on first use. */
  static open(source: CheckpointSource, rt: ComponentRuntime): VaeCodec {
    const codec = new VaeCodec(source, rt, source.configs.vae)
    assertWeights(source.component('vae'), codec.model, source.path)
    return codec
  }

  /** [channels, height, width] of the latent of a width × height image. */
  latentShape(width: number, height: number): [number, number, number] {
    const f = vaeDownFactor(this.config)
    return [this.config.latentChannels, height / f, width / f]
  }

  /** RGB bytes (row-major, 3 per pixel) → diffusion-space latent [L, H/8, W/8]. */
  async encodeImage(rgb: Uint8Array, width: number, height: number): Promise<Float32Array> {
    if (rgb.length !== width * height * 3) {
      throw new Error(`image data has ${rgb.length} bytes, expected ${width}×${height}×3 = ${width * height * 3}`)
    }
    const session = await this.session('encode', width, height)
    const out = await session.run({ image: tensor.f32(rgbToSigned(rgb, width, height), [1, 3, height, width]) })
    return toFloat32(out.latent)
  }

  /** Diffusion-space latent [L, H/8, W/8] → RGB image of width × height pixels. */
  async decodeLatent(z: Float32Array, width: number, height: number): Promise<RgbImage> {
    const shape = this.latentShape(width, height)
    if (z.length !== shape[0] * shape[1] * shape[2]) {
      throw new Error(`latent has ${z.length} values, expected [${shape}] for a ${width}×${height} image`)
    }
    const session = await this.session('decode', width, height)
    const out = await session.run({ latent: tensor.f32(z, [1, ...shape]) })
    return { width, height, data: signedToRgb(toFloat32(out.image), width, height) }
  }

  /** The sessions started so far, by graph name ('vae/decode@512x512'). */
  get openedSessions(): ReadonlyMap<string, Promise<Session>> {
    return this.sessions
  }

  private session(kind: VaeGraphKind, width: number, height: number): Promise<Session> {
    const spec = vaeGraph(this.source, kind, width, height, this.model)
    let s = this.sessions.get(spec.name)
    if (!s) {
      s = compileGraph(spec, this.rt.cache).then((compiled) => this.rt.runtime.session(compiled, spec.name))
      this.sessions.set(spec.name, s)
      s.catch(() => this.sessions.delete(spec.name))
    }
    return s
  }
}

/** HWC bytes → CHW floats in [−1, 1]. */
export function rgbToSigned(rgb: Uint8Array, width: number, height: number): Float32Array {
  const plane = width * height
  const out = new Float32Array(3 * plane)
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) out[c * plane + p] = rgb[3 * p + c] / 127.5 - 1
  }
  return out
}

/** CHW floats (about [−1, 1]) → HWC bytes: (x/2 + 0.5) clamped to [0, 1], × 255, rounded. */
export function signedToRgb(chw: Float32Array, width: number, height: number): Uint8Array {
  const plane = width * height
  const out = new Uint8Array(3 * plane)
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) {
      const v = Math.min(Math.max(chw[c * plane + p] / 2 + 0.5, 0), 1)
      out[3 * p + c] = Math.round(v * 255)
    }
  }
  return out
}
