// Architecture detection on small synthesized files: only the telltale tensors are written, at real
// SD widths (F16 to keep them small).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { WeightsErrorCode } from './errors'
import { openCheckpoint } from './source'
import { writeRandomCheckpoint, type TensorSpec } from './synthetic'

const dir = mkdtempSync(join(tmpdir(), 'detect-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

type Shapes = Record<string, number[]>
function file(name: string, shapes: Shapes): string {
  const path = join(dir, name)
  const specs: TensorSpec[] = Object.entries(shapes).map(([n, shape]) => ({ name: n, shape, dtype: 'F16' }))
  writeRandomCheckpoint(path, specs)
  return path
}

function expectRefusal(path: string, code: WeightsErrorCode, message: RegExp) {
  expect(() => openCheckpoint(path)).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }))
}

/** The keys detection reads, in a layout's naming: conv_in, a proj_in and a cross-attention to_k. */
function unetKeys(prefix: string, { inChannels = 4, context = 768, linear = false } = {}): Shapes {
  const attention = `${prefix}input_blocks.1.1`
  return {
    [`${prefix}input_blocks.0.0.weight`]: [320, inChannels, 3, 3],
    [`${attention}.proj_in.weight`]: linear ? [320, 320] : [320, 320, 1, 1],
    [`${attention}.transformer_blocks.0.attn2.to_k.weight`]: [320, context],
  }
}

const sd15 = (extra: Shapes = {}) => ({
  ...unetKeys('model.diffusion_model.'),
  'first_stage_model.quant_conv.weight': [8, 8, 1, 1],
  'cond_stage_model.transformer.text_model.final_layer_norm.weight': [768],
  ...extra,
})

describe('SD checkpoints', () => {
  it('accepts an SD 1.5 single file and sets aside EMA copies and schedule buffers', () => {
    const source = openCheckpoint(file('sd15.safetensors', sd15({ betas: [1000], 'model_ema.decay': [1] })))
    expect(source.layout).toBe('sd-single-file')
    expect(source.components).toEqual(['unet', 'vae', 'text_encoder'])
    expect(source.component('unet').get('conv_in.weight')?.shape).toEqual([320, 4, 3, 3])
    expect(source.unusedKeys).toEqual(['betas', 'model_ema.decay'])
    expect(() => source.component('controlnet')).toThrow(/has no controlnet \(it contains: unet, vae, text_encoder\)/)
    source.close()
  })

  it('refuses SD 2.x by context width, linear projections or OpenCLIP keys', () => {
    const sd2 = unetKeys('model.diffusion_model.', { context: 1024, linear: true })
    expectRefusal(file('sd2.safetensors', sd2), 'sd2', /Stable Diffusion 2\.x.*Choose a Stable Diffusion 1\.5/)
    const openClip = sd15({ 'cond_stage_model.model.token_embedding.weight': [16, 4] })
    expectRefusal(file('openclip.safetensors', openClip), 'sd2', /OpenCLIP/)
  })

  it('refuses SDXL by conditioner keys or label embedding / 2048 context', () => {
    const withConditioner = sd15({ 'conditioner.embedders.0.transformer.text_model.final_layer_norm.weight': [768] })
    expectRefusal(file('sdxl.safetensors', withConditioner), 'sdxl', /SDXL model/)
    const labelEmb = {
      ...unetKeys('model.diffusion_model.', { context: 2048 }),
      'model.diffusion_model.label_emb.0.0.weight': [4, 4],
    }
    expectRefusal(file('sdxl-unet.safetensors', labelEmb), 'sdxl', /SDXL/)
  })

  it('refuses inpainting UNets (9 input channels)', () => {
    const inpaint = { ...sd15(), ...unetKeys('model.diffusion_model.', { inChannels: 9 }) }
    expectRefusal(file('inpaint.safetensors', inpaint), 'inpainting', /inpainting model \(9 input channels\)/)
  })

  it('refuses LoRAs, standalone VAEs and unrelated files', () => {
    const lora = { 'lora_unet_down_blocks_0_attentions_0_proj_in.lora_down.weight': [4, 320] }
    expectRefusal(file('lora.safetensors', lora), 'lora', /is a LoRA/)
    const vae = { 'encoder.down.0.block.0.conv1.weight': [4, 3, 3, 3], 'decoder.conv_out.weight': [3, 4, 3, 3] }
    expectRefusal(file('vae.safetensors', vae), 'not-a-diffusion-model', /standalone VAE/)
    expectRefusal(
      file('other.safetensors', { 'fc.weight': [2, 2] }),
      'not-a-diffusion-model',
      /not a Stable Diffusion model/,
    )
    expectRefusal(file('empty.safetensors', {}), 'not-a-diffusion-model', /an empty file/)
  })
})

describe('ControlNet checkpoints', () => {
  const original = (extra: Shapes = {}) => ({
    ...unetKeys('control_model.'),
    'control_model.input_hint_block.0.weight': [16, 3, 3, 3],
    'control_model.zero_convs.0.0.weight': [320, 320, 1, 1],
    ...extra,
  })
  const diffusers = (context = 768, extra: Shapes = {}) => ({
    'conv_in.weight': [320, 4, 3, 3],
    'down_blocks.0.attentions.0.proj_in.weight': [320, 320, 1, 1],
    'down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight': [320, context],
    'controlnet_cond_embedding.conv_in.weight': [16, 3, 3, 3],
    ...extra,
  })

  it('accepts SD 1.5 ControlNets in the original and diffusers layouts', () => {
    const ldm = openCheckpoint(file('control_v11p_sd15_openpose.safetensors', original()))
    expect(ldm.layout).toBe('controlnet')
    expect(ldm.component('controlnet').keys()).toContain('controlnet_down_blocks.0.weight')
    expect(ldm.component('controlnet').get('controlnet_cond_embedding.conv_in.weight')?.sourceKey).toBe(
      'control_model.input_hint_block.0.weight',
    )
    expect(ldm.warnings).toEqual([])
    const hf = openCheckpoint(file('diffusion_pytorch_model.safetensors', diffusers()))
    expect(hf.component('controlnet').get('conv_in.weight')?.shape).toEqual([320, 4, 3, 3])
    ldm.close()
    hf.close()
  })

  it('accepts the original layout without the control_model. prefix', () => {
    const unprefixed = Object.fromEntries(
      Object.entries(original()).map(([k, v]) => [k.slice('control_model.'.length), v]),
    )
    const source = openCheckpoint(file('unprefixed.safetensors', unprefixed))
    expect(source.component('controlnet').keys()).toContain('controlnet_cond_embedding.conv_in.weight')
    source.close()
  })

  it('warns when the file name says another control type', () => {
    const source = openCheckpoint(file('control_v11p_sd15_canny.safetensors', original()))
    expect(source.warnings.join()).toMatch(/canny ControlNet/)
    source.close()
  })

  it('refuses ControlNets for SDXL or SD 2.x, T2I adapters, control-LoRAs and other hint sizes', () => {
    const xl = diffusers(2048, { 'add_embedding.linear_1.weight': [1280, 2816] })
    expectRefusal(
      file('controlnet-sdxl.safetensors', xl),
      'incompatible-controlnet',
      /SDXL ControlNet.*control_v11p_sd15_openpose/,
    )
    expectRefusal(
      file('controlnet-sd21.safetensors', diffusers(1024)),
      'incompatible-controlnet',
      /ControlNet for SD 2\.x/,
    )
    const t2i = { 'adapter.body.0.resnets.0.block1.weight': [320, 320, 3, 3] }
    expectRefusal(file('t2iadapter_openpose.safetensors', t2i), 'incompatible-controlnet', /T2I-Adapter/)
    const controlLora = { lora_controlnet: [1], ...original() }
    expectRefusal(file('control-lora-openpose.safetensors', controlLora), 'incompatible-controlnet', /control-LoRA/)
    const grayHint = original({ 'control_model.input_hint_block.0.weight': [16, 1, 3, 3] })
    expectRefusal(
      file('gray-hint.safetensors', grayHint),
      'incompatible-controlnet',
      /does not fit SD 1\.5.*1-channel hint/,
    )
  })
})
