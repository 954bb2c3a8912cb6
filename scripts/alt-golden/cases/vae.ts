// Case vae: encode an image to the posterior (mean, clamped logvar, std) and the scaled latent; decode a
// given diffusion-space latent; decode the posterior mean (round trip); the real set's intermediates.
import type { VaeConfig } from '../../../src-main/engine/models/config'
import {
  diagonalGaussian,
  vaeDecodeGraph,
  vaeDownFactor,
  vaeEncodeGraph,
  vaeModelParams,
} from '../../../src-main/engine/models/sd15/vae'
import { tensor } from '../../../src-main/engine/runtime'
import { CaseFile, dims, type ManifestEntry } from '../caseFile'
import type { AltProfile } from '../profile'
import { numel, type Random } from '../random'
import { type AltContext, outputShape, runComponent } from '../run'

/** The taps the real generator records (it skips the decoder's mid-block attention). */
function intermediates(cfg: VaeConfig) {
  const levels = cfg.blockOutChannels.map((_, i) => i)
  return {
    encode: [
      'encoder.conv_in',
      ...levels.map((i) => `encoder.down_blocks.${i}`),
      'encoder.mid_block.attentions.0',
      'encoder.mid_block',
      'encoder.conv_out',
      'quant_conv',
    ],
    decode: [
      'post_quant_conv',
      'decoder.conv_in',
      'decoder.mid_block',
      ...levels.map((i) => `decoder.up_blocks.${i}`),
      'decoder.conv_norm_out',
      'decoder.conv_out',
    ],
  }
}

/** Smooth sinusoids plus a little noise, in [-1, 1] (the real set's kind of test image). */
function testImage(shape: number[], rng: Random): Float32Array {
  const [, channels, h, w] = shape
  const noise = rng.normal(numel(shape))
  return noise.map((n, i) => {
    const [c, y, x] = [Math.floor(i / (h * w)) % channels, Math.floor(i / w) % h, i % w]
    const wave = 0.6 * Math.sin((2 * Math.PI * (x + 2 * y)) / (w / (c + 1))) + 0.3 * Math.cos((3 * y) / h)
    return Math.max(-1, Math.min(1, wave + 0.05 * n))
  })
}

export async function vaeCase(ctx: AltContext, cfg: VaeConfig, p: AltProfile, rng: Random): Promise<ManifestEntry> {
  const f = vaeDownFactor(cfg)
  const size = { height: p.vaeImage.height, width: p.vaeImage.width, batch: 1, intermediates: true }
  const imageShape = [1, cfg.inChannels, size.height, size.width]
  const latentShape = [1, cfg.latentChannels, size.height / f, size.width / f]
  const c = new CaseFile(
    ctx.dir,
    'case_vae.safetensors',
    `Alternate AutoencoderKL encode (posterior mean) and decode, GroupNorm(${cfg.normNumGroups}) everywhere, ` +
      `scaling factor ${cfg.scalingFactor}.`,
  )
  const image = c.f32('image', imageShape, testImage(imageShape, rng), `input image ${dims(imageShape)} in [-1,1]`)
  const given = c.f32(
    'decode_latent_scaled',
    latentShape,
    rng.normal(numel(latentShape)),
    'given latent in diffusion (scaled) space',
  )
  const model = vaeModelParams(cfg)
  const names = intermediates(cfg)

  const encodeGraph = vaeEncodeGraph(cfg, size)
  const enc = await runComponent(ctx, encodeGraph, 'vae', { image: tensor.f32(image, imageShape) }, model)
  const posterior = diagonalGaussian(enc.moments, 1)
  c.f32('posterior_mean', latentShape, posterior.mean, 'latent_dist.mean', true)
  c.f32('posterior_logvar', latentShape, posterior.logvar, 'latent_dist.logvar (clamped to [-30,20])', true)
  c.f32('posterior_std', latentShape, posterior.std, 'exp(0.5*logvar)', true)
  c.f32('latent_scaled', latentShape, enc.latent, `posterior_mean * ${cfg.scalingFactor}`, true)
  for (const n of names.encode)
    c.f32(`intermediate_encode/${n}`, outputShape(encodeGraph, n), enc[n], 'while encoding `image`')

  const decodeGraph = vaeDecodeGraph(cfg, size)
  const dec = await runComponent(ctx, decodeGraph, 'vae', { latent: tensor.f32(given, latentShape) }, model)
  c.f32('decode_out', imageShape, dec.image, `decode(decode_latent_scaled / ${cfg.scalingFactor}), raw`, true)
  for (const n of names.decode) c.f32(`intermediate_decode/${n}`, outputShape(decodeGraph, n), dec[n], 'while decoding')

  const roundtripGraph = vaeDecodeGraph(cfg, { ...size, intermediates: false, scaledInput: false })
  const back = await runComponent(
    ctx,
    roundtripGraph,
    'vae',
    { latent: tensor.f32(posterior.mean, latentShape) },
    model,
  )
  c.f32('roundtrip_decode', imageShape, back.image, 'decode(posterior_mean)', true)
  return c.write()
}
