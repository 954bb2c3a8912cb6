// The LDM single file (tiny-ldm.safetensors: model.diffusion_model.* keys, LDM module names) must give
// exactly the outputs of the diffusers-named unet.safetensors through the UNet + ControlNet variant, bit
// for bit (the name tables only rename; every weight feeds the output, so any wrong value would show).
import { describe, expect, it } from 'vitest'
import { type TensorLike, tensor } from '../../src-main/engine/runtime'
import type { VariantSpec } from '../../src-main/engine/models/sd15/variants'
import { expectClose, GoldenCase, maxAbsDiff } from './helpers/golden'
import { useGoldenRuntime } from './helpers/runtime'
import { runFloat, variantSession } from './helpers/variants'

const golden = new GoldenCase('controlnet_forward')
const sampleShape = golden.shape('sample')
const ctxShape = golden.shape('encoder_hidden_states')
const imageShape = golden.shape('controlnet_cond')
const batch = sampleShape[0]
const [h, w] = sampleShape.slice(2)

const runtime = useGoldenRuntime(golden)

function feeds(extra: Record<string, TensorLike> = {}): Record<string, TensorLike> {
  return {
    sample: tensor.f32(golden.read('sample'), sampleShape),
    timestep: tensor.i64(golden.read('timesteps'), [batch]),
    encoder_hidden_states: tensor.f32(golden.read('encoder_hidden_states'), ctxShape),
    control_image: tensor.f32(golden.read('controlnet_cond'), imageShape),
    control_scale: tensor.f32(new Array<number>(batch).fill(1), [batch]),
    ...extra,
  }
}

async function both(spec: VariantSpec, extra?: Record<string, TensorLike>) {
  const diffusers = await runFloat(await variantSession(runtime(), spec), feeds(extra))
  const ldm = await runFloat(await variantSession(runtime(), spec, { unetFile: 'tiny-ldm.safetensors' }), feeds(extra))
  return { diffusers, ldm }
}

describe('tiny-ldm.safetensors ≡ diffusers-named unet.safetensors', () => {
  it('gives the identical UNet + ControlNet forward (and the golden value)', async () => {
    const { diffusers, ldm } = await both({ kind: 'unetControl', latentHeight: h, latentWidth: w, tokens: ctxShape[1] })
    expect(maxAbsDiff(ldm.noise_pred, diffusers.noise_pred).maxAbs).toBe(0)
    expectClose(
      's1/unet_with_control',
      ldm.noise_pred,
      golden.read('s1/unet_with_control'),
      golden.atol('s1/unet_with_control'),
    )
  })
})
