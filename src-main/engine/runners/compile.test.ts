// The compiled-model cache: the first compile emits, the second is a hit with the same files, a different
// latent size is a different entry, the cached model runs and gives the golden UNet+ControlNet output,
// and a checkpoint without the needed component fails with a clear message before anything is written.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Precision } from '../graph/precision'
import { parseControlNetConfig, parseUNetConfig, sd15 } from '../models/config'
import type { VariantSpec } from '../models/sd15/variants'
import { SafetensorsFile } from '../models/weights/safetensors'
import { type CheckpointSource, openCheckpoint } from '../models/weights/source'
import { createRuntime, ModelCache } from '../runtime'
import { tensor, toFloat32 } from '../tensor'
import { compileGraph } from './compile'
import { type VariantSources, variantGraph } from './graphs'

const goldenDir = process.env.GOLDEN_DIR ?? resolve(import.meta.dirname, '../../../../shared/golden')
const json = (name: string) => JSON.parse(readFileSync(join(goldenDir, name), 'utf8'))
const configs = {
  ...sd15,
  unet: parseUNetConfig(json('unet_config.json')),
  controlnet: parseControlNetConfig(json('controlnet_config.json')),
}
const unet = openCheckpoint(join(goldenDir, 'unet.safetensors'), { configs })
const controlnet = openCheckpoint(join(goldenDir, 'controlnet.safetensors'), { configs })
const cacheDir = mkdtempSync(join(tmpdir(), 'compile-test-'))
afterAll(() => {
  unet.close()
  controlnet.close()
  golden.close()
  rmSync(cacheDir, { recursive: true, force: true })
})

const golden = SafetensorsFile.open(join(goldenDir, 'case_controlnet.safetensors'))
const [batch, , h, w] = golden.info('sample').shape
const tokens = golden.info('encoder_hidden_states').shape[1]
const spec = { kind: 'unetControl', latentHeight: h, latentWidth: w, tokens } as const

const goldenFeeds = () => ({
  sample: tensor.f32(golden.read('sample'), golden.info('sample').shape),
  timestep: tensor.i64(golden.read('timesteps'), [batch]),
  encoder_hidden_states: tensor.f32(golden.read('encoder_hidden_states'), golden.info('encoder_hidden_states').shape),
  control_image: tensor.f32(golden.read('controlnet_cond'), golden.info('controlnet_cond').shape),
  control_scale: tensor.f32(new Array<number>(batch).fill(1), [batch]),
})

const compileVariant = (
  sources: CheckpointSource | VariantSources,
  variant: VariantSpec,
  o: { precision: Precision; cacheDir: string },
) => compileGraph(variantGraph(sources, variant, o.precision), new ModelCache(o.cacheDir))

describe('compileGraph', () => {
  it('emits once, then returns the cached model', async () => {
    const first = await compileVariant({ unet, controlnet }, spec, { precision: 'fp32', cacheDir })
    expect(first.cached).toBe(false)
    const second = await compileVariant({ unet, controlnet }, spec, { precision: 'fp32', cacheDir })
    expect(second.cached).toBe(true)
    expect(second.modelPath).toBe(first.modelPath)
    expect(second.hash).toBe(first.hash)
    expect(readdirSync(cacheDir)).toHaveLength(1)
  })

  it('keys entries by variant options', async () => {
    const other = await compileVariant(
      { unet, controlnet },
      { ...spec, latentHeight: 2 * h },
      { precision: 'fp32', cacheDir },
    )
    expect(other.cached).toBe(false)
    expect(other.key.variant).not.toBe(
      (await compileVariant({ unet, controlnet }, spec, { precision: 'fp32', cacheDir })).key.variant,
    )
  })

  it('gives a model that runs and matches the golden UNet with ControlNet', async () => {
    const model = await compileVariant({ unet, controlnet }, spec, { precision: 'fp32', cacheDir })
    const runtime = await createRuntime({ provider: 'cpu', threads: 1 })
    try {
      const session = await runtime.session(model)
      const out = await session.run({
        sample: tensor.f32(golden.read('sample'), golden.info('sample').shape),
        timestep: tensor.i64(golden.read('timesteps'), [batch]),
        encoder_hidden_states: tensor.f32(
          golden.read('encoder_hidden_states'),
          golden.info('encoder_hidden_states').shape,
        ),
        control_image: tensor.f32(golden.read('controlnet_cond'), golden.info('controlnet_cond').shape),
        control_scale: tensor.f32(new Array<number>(batch).fill(1), [batch]),
      })
      const eps = toFloat32(out.noise_pred)
      const expected = golden.read('s1/unet_with_control')
      expect(Math.max(...eps.map((v, i) => Math.abs(v - expected[i])))).toBeLessThan(1.6e-5)
    } finally {
      await runtime.dispose()
    }
  })

  it('compiles fp16 as its own entry, close to the fp32 result (CUDA precision, run here on CPU)', async () => {
    const half = await compileVariant({ unet, controlnet }, spec, { precision: 'fp16', cacheDir })
    expect(half.cached).toBe(false)
    expect(half.key.precision).toBe('fp16')
    const runtime = await createRuntime({ provider: 'cpu', threads: 1 })
    try {
      const out = await (await runtime.session(half)).run(goldenFeeds())
      const eps = toFloat32(out.noise_pred)
      const expected = golden.read('s1/unet_with_control')
      expect(Math.max(...eps.map((v, i) => Math.abs(v - expected[i])))).toBeLessThan(1e-2)
    } finally {
      await runtime.dispose()
    }
  })

  it('names the missing component of a wrong checkpoint', async () => {
    await expect(compileVariant(controlnet, spec, { precision: 'fp32', cacheDir })).rejects.toThrow(/has no unet/)
  })
})
