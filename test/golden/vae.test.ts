// AutoencoderKL parity with diffusers (golden case vae): posterior mean/logvar/std, the scaled latent,
// decode of a given latent, the round trip and every recorded intermediate, from the diffusers-named file
// and from the LDM single file (first_stage_model.*, 1×1-conv attention), plus the failures a wrong
// model or checkpoint must cause.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Graph } from '../../src-main/engine/graph/graph'
import { emitOnnxBytes } from '../../src-main/engine/graph/onnx'
import type { WeightSource } from '../../src-main/engine/graph/weights'
import { graphWeights } from '../../src-main/engine/runners/graphWeights'
import {
  diagonalGaussian,
  vaeDecodeGraph,
  vaeDownFactor,
  vaeEncodeGraph,
  vaeModelParams,
} from '../../src-main/engine/models/sd15/vae'
import { signedToRgb, VaeCodec } from '../../src-main/engine/runners/vaeCodec'
import { openCheckpoint, type CheckpointSource } from '../../src-main/engine/models/weights/source'
import { ModelCache, tensor, toFloat32 } from '../../src-main/engine/runtime'
import { expectClose, GoldenCase, goldenPath, maxAbsDiff, tinyConfigs } from './helpers/golden'
import { useGoldenRuntime } from './helpers/runtime'

const configs = tinyConfigs()
const cfg = configs.vae
const golden = new GoldenCase('vae')
const [batch, , height, width] = golden.shape('image')
const size = { height, width }

const runtime = useGoldenRuntime(golden)

const model = vaeModelParams(cfg)
const open = (file: string): CheckpointSource => openCheckpoint(goldenPath(file), { configs })

type Weigh = (graph: Graph) => WeightSource

async function run(graph: Graph, weigh: Weigh, input: string, data: Float32Array, dims: number[]) {
  const session = await runtime().session(await emitOnnxBytes(graph, { weights: weigh(graph) }))
  const out = await session.run({ [input]: tensor.f32(data, dims) })
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, toFloat32(v)]))
}

const encode = (weigh: Weigh) =>
  run(
    vaeEncodeGraph(cfg, { ...size, intermediates: true }),
    weigh,
    'image',
    golden.read('image'),
    golden.shape('image'),
  )

const decode = (weigh: Weigh, latent: string, scaledInput = true) =>
  run(
    vaeDecodeGraph(cfg, { ...size, intermediates: true, scaledInput }),
    weigh,
    'latent',
    golden.read(latent),
    golden.shape(latent),
  )

/**
 * The manifest gives tolerances for final outputs only. An intermediate gets the same relative margin as
 * the output it feeds: atol(final) scaled by max|intermediate| / max|final| (never below 1e-6).
 */
function intermediateAtol(name: string, final: string): number {
  const reference = golden.read(name)
  const finalMax = golden.meta.tolerance?.[final]?.max_abs_value ?? 1
  const maxAbs = reference.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
  return Math.max(1e-6, (golden.atol(final) * maxAbs) / finalMax)
}

function expectIntermediates(prefix: string, outputs: Record<string, Float32Array>, final: string) {
  const names = Object.keys(golden.meta.tensors).filter((n) => n.startsWith(prefix))
  expect(names.length).toBeGreaterThan(0)
  for (const name of names) {
    const module = name.slice(prefix.length)
    expect(outputs[module], `no output for ${module}`).toBeDefined()
    expectClose(name, outputs[module], golden.read(name), intermediateAtol(name, final))
  }
}

describe('AutoencoderKL against diffusers (case vae)', () => {
  const source = open('vae.safetensors')
  const weigh: Weigh = (graph) => graphWeights(graph, { weights: source.component('vae'), label: source.path, model })
  let encoded: Record<string, Float32Array>
  let decoded: Record<string, Float32Array>
  afterAll(() => source.close())

  beforeAll(async () => {
    encoded = await encode(weigh)
    decoded = await decode(weigh, 'decode_latent_scaled')
  })

  it('encodes to the posterior (mean, clamped logvar, std) and the scaled latent', () => {
    const posterior = diagonalGaussian(encoded.moments, batch)
    expectClose('posterior_mean', posterior.mean, golden.read('posterior_mean'), golden.atol('posterior_mean'))
    expectClose('posterior_logvar', posterior.logvar, golden.read('posterior_logvar'), golden.atol('posterior_logvar'))
    expectClose('posterior_std', posterior.std, golden.read('posterior_std'), golden.atol('posterior_std'))
    expectClose('latent_scaled', encoded.latent, golden.read('latent_scaled'), golden.atol('latent_scaled'))
  })

  it('matches every encoder intermediate', () => {
    expectIntermediates('intermediate_encode/', encoded, 'posterior_mean')
  })

  it('decodes a diffusion-space latent (divided by the scaling factor inside)', () => {
    expectClose('decode_out', decoded.image, golden.read('decode_out'), golden.atol('decode_out'))
  })

  it('matches every decoder intermediate', () => {
    expectIntermediates('intermediate_decode/', decoded, 'decode_out')
  })

  it('round-trips: decode(posterior mean)', async () => {
    const roundtrip = await decode(weigh, 'posterior_mean', false)
    expectClose('roundtrip_decode', roundtrip.image, golden.read('roundtrip_decode'), golden.atol('roundtrip_decode'))
  })

  it('gives identical outputs from the LDM single file (first_stage_model.*, conv attention)', async () => {
    const ldm = open('tiny-ldm.safetensors')
    try {
      const weighLdm: Weigh = (graph) => graphWeights(graph, { weights: ldm.component('vae'), label: ldm.path, model })
      const [enc, dec] = [await encode(weighLdm), await decode(weighLdm, 'decode_latent_scaled')]
      expect(maxAbsDiff(enc.moments, encoded.moments).maxAbs).toBe(0)
      expect(maxAbsDiff(dec.image, decoded.image).maxAbs).toBe(0)
    } finally {
      ldm.close()
    }
  })

  it('fails parity when one mid-attention weight is slightly wrong', async () => {
    const wrongWeigh: Weigh = (graph) => {
      const real = weigh(graph)
      return (key, info) => {
        const data = real(key, info) as Float32Array
        if (key === 'decoder.mid_block.attentions.0.to_v.weight') data[0] += 0.05
        return data
      }
    }
    const wrong = await decode(wrongWeigh, 'decode_latent_scaled')
    expect(maxAbsDiff(wrong.image, golden.read('decode_out')).maxAbs).toBeGreaterThan(golden.atol('decode_out'))
  })
})

describe('VAE checkpoint problems surface with the component name', () => {
  it('refuses a checkpoint without a VAE', () => {
    const clip = open('text_encoder.safetensors')
    try {
      expect(() => clip.component('vae')).toThrow(/has no vae \(it contains: text_encoder\)/)
    } finally {
      clip.close()
    }
  })

  it('lists wrong shapes when the file does not fit the config', () => {
    const source = open('vae.safetensors')
    try {
      const wider = { ...cfg, latentChannels: cfg.latentChannels + 4 }
      const graph = vaeDecodeGraph(wider, size)
      const widerModel = vaeModelParams(wider)
      expect(() =>
        graphWeights(graph, { weights: source.component('vae'), label: source.path, model: widerModel }),
      ).toThrow(/vae weights in .*vae\.safetensors.*wrong shape \d+: .*quant_conv\.weight/)
    } finally {
      source.close()
    }
  })

  it('refuses image sizes the VAE cannot halve evenly', () => {
    const f = vaeDownFactor(cfg)
    expect(() => vaeEncodeGraph(cfg, { height: height + f / 2, width })).toThrow(`multiple of ${f}, got`)
  })
})

describe('VaeCodec: image ↔ latent for the pipeline', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'vae-cache-'))
  const source = open('vae.safetensors')
  afterAll(() => {
    source.close()
    rmSync(cacheDir, { recursive: true, force: true })
  })
  const codec = () => VaeCodec.open(source, { runtime: runtime(), cache: new ModelCache(cacheDir) })

  it('decodes a diffusion-space latent to the bytes of (decode_out/2 + 0.5) clamped', async () => {
    const image = await codec().decodeLatent(golden.read('decode_latent_scaled'), width, height)
    expect([image.width, image.height, image.data.length]).toEqual([width, height, width * height * 3])
    const expected = signedToRgb(golden.read('decode_out'), width, height)
    expect(maxAbsDiff(image.data, expected).maxAbs).toBeLessThanOrEqual(1) // a value on a rounding edge
  })

  it('encodes RGB bytes to posterior mean × scaling factor', async () => {
    // The golden image is float; its 8-bit version moves the input by ≤ 1/255, so allow that much drift.
    const rgb = signedToRgb(golden.read('image'), width, height)
    const latent = await codec().encodeImage(rgb, width, height)
    expect(latent.length).toBe(
      codec()
        .latentShape(width, height)
        .reduce((a, b) => a * b),
    )
    const reference = golden.read('latent_scaled')
    const maxAbs = reference.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
    expect(maxAbsDiff(latent, reference).maxAbs).toBeLessThan(0.02 * maxAbs)
  })

  it('refuses inputs whose size does not match', async () => {
    await expect(codec().encodeImage(new Uint8Array(10), width, height)).rejects.toThrow(/image data has 10 bytes/)
    await expect(codec().decodeLatent(new Float32Array(10), width, height)).rejects.toThrow(/latent has 10 values/)
  })

  it('refuses a checkpoint without a VAE at open', () => {
    const clip = open('text_encoder.safetensors')
    try {
      expect(() => VaeCodec.open(clip, { runtime: runtime(), cache: new ModelCache(cacheDir) })).toThrow(/has no vae/)
    } finally {
      clip.close()
    }
  })
})
