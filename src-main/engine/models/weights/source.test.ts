// Diffusers folders: discovery, variants and shards, legacy names, configs, hashing and refusals.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sd15 } from '../config'
import { writeRandomCheckpoint, type TensorSpec } from './synthetic'
import { openCheckpoint } from './source'
import { assertWeights } from './load'

const root = mkdtempSync(join(tmpdir(), 'source-test-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

// A small "SD-like" UNet: detection compares against these expected sizes instead of SD 1.5's.
const small = { unet: { ...sd15.unet, blockOutChannels: [8, 8, 8, 8], crossAttentionDim: 16 } }
const unetSpecs: TensorSpec[] = [
  { name: 'conv_in.weight', shape: [8, 4, 3, 3], dtype: 'F32' },
  { name: 'down_blocks.0.attentions.0.proj_in.weight', shape: [8, 8, 1, 1], dtype: 'F32' },
  { name: 'down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight', shape: [8, 16], dtype: 'F32' },
]

function folder(name: string, files: Record<string, TensorSpec[] | object>): string {
  const dir = join(root, name)
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true })
    if (Array.isArray(content)) writeRandomCheckpoint(join(dir, rel), content)
    else writeFileSync(join(dir, rel), JSON.stringify(content))
  }
  return dir
}

describe('diffusers folders', () => {
  it('reads a pipeline folder, merging shards and preferring full precision over the fp16 variant', () => {
    const dir = folder('pipeline', {
      'model_index.json': { _class_name: 'StableDiffusionPipeline' },
      'unet/diffusion_pytorch_model-00001-of-00002.safetensors': unetSpecs.slice(0, 2),
      'unet/diffusion_pytorch_model-00002-of-00002.safetensors': unetSpecs.slice(2),
      'unet/diffusion_pytorch_model.fp16.safetensors': unetSpecs.map((s) => ({ ...s, dtype: 'F16' })),
      'vae/diffusion_pytorch_model.safetensors': [
        { name: 'encoder.mid_block.attentions.0.query.weight', shape: [4, 4], dtype: 'F32' },
        { name: 'encoder.mid_block.attentions.0.proj_attn.bias', shape: [4], dtype: 'F32' },
      ],
      'text_encoder/model.safetensors': [
        { name: 'embeddings.token_embedding.weight', shape: [10, 4], dtype: 'F32' },
        { name: 'text_model.embeddings.position_ids', shape: [1, 77], dtype: 'F32' },
      ],
    })
    const source = openCheckpoint(dir, { configs: small })
    expect(source.layout).toBe('diffusers-folder')
    const unet = source.component('unet')
    expect(unet.keys().sort()).toEqual(unetSpecs.map((s) => s.name).sort())
    expect(unet.get('conv_in.weight')?.dtype).toBe('F32')
    expect(source.component('vae').keys()).toEqual([
      'encoder.mid_block.attentions.0.to_q.weight',
      'encoder.mid_block.attentions.0.to_out.0.bias',
    ])
    const text = source.component('text_encoder')
    expect(text.keys()).toEqual(['text_model.embeddings.token_embedding.weight'])
    expect(text.ignored).toEqual(['text_model.embeddings.position_ids'])
    source.close()
  })

  it('uses the fp16 variant when it is the only one, and parses config.json', () => {
    const config = {
      ...JSON.parse(JSON.stringify(unetConfigJson)),
      block_out_channels: [8, 8, 8, 8],
      cross_attention_dim: 16,
    }
    const dir = folder('fp16-only', {
      'unet/diffusion_pytorch_model.fp16.safetensors': unetSpecs.map((s) => ({ ...s, dtype: 'F16' })),
      'unet/config.json': config,
    })
    const source = openCheckpoint(dir, { configs: small })
    expect(source.component('unet').get('conv_in.weight')?.dtype).toBe('F16')
    expect(source.configs.unet.blockOutChannels).toEqual([8, 8, 8, 8])
    expect(source.configs.unet.attentionHeads).toEqual([8, 8, 8, 8])
    source.close()
  })

  it('reads a ControlNet model folder (config.json + weights at the top)', () => {
    const dir = folder('controlnet', {
      'config.json': { _class_name: 'ControlNetModel' },
      'diffusion_pytorch_model.safetensors': [
        ...unetSpecs,
        { name: 'controlnet_cond_embedding.conv_in.weight', shape: [16, 3, 3, 3], dtype: 'F32' },
      ],
    })
    const source = openCheckpoint(dir, { configs: small })
    expect(source.components).toEqual(['controlnet'])
    source.close()
  })

  it('refuses SDXL pipelines, pickle-only components, unsupported configs and empty folders', () => {
    const xl = folder('sdxl', {
      'model_index.json': { _class_name: 'StableDiffusionXLPipeline' },
      'unet/x.safetensors': unetSpecs,
    })
    expect(() => openCheckpoint(xl)).toThrow(expect.objectContaining({ code: 'sdxl' }))
    const pickled = folder('pickled', { 'unet/config.json': {} })
    writeFileSync(join(pickled, 'unet', 'diffusion_pytorch_model.bin'), 'PK')
    expect(() => openCheckpoint(pickled)).toThrow(
      expect.objectContaining({ code: 'pickle', message: expect.stringMatching(/\.bin/) }),
    )
    const textTime = folder('text-time', {
      'unet/diffusion_pytorch_model.safetensors': unetSpecs,
      'unet/config.json': { ...unetConfigJson, addition_embed_type: 'text_time' },
    })
    expect(() => openCheckpoint(textTime, { configs: small })).toThrow(
      expect.objectContaining({ code: 'unsupported-config', message: expect.stringMatching(/addition_embed_type/) }),
    )
    const empty = folder('empty', { 'notes.json': {} })
    expect(() => openCheckpoint(empty)).toThrow(expect.objectContaining({ code: 'not-a-diffusion-model' }))
    expect(() => openCheckpoint(join(root, 'nowhere'))).toThrow(expect.objectContaining({ code: 'not-found' }))
  })

  it('refuses shards that both contain a key', () => {
    const dir = folder('dup', {
      'unet/diffusion_pytorch_model-00001-of-00002.safetensors': unetSpecs,
      'unet/diffusion_pytorch_model-00002-of-00002.safetensors': unetSpecs.slice(0, 1),
    })
    expect(() => openCheckpoint(dir, { configs: small })).toThrow(expect.objectContaining({ code: 'duplicate-keys' }))
  })
})

describe('content hash and coverage', () => {
  it('depends on content, not on the file name', () => {
    const a = folder('hash-a', { 'unet.safetensors': unetSpecs })
    const b = folder('hash-b', { 'unet.safetensors': unetSpecs })
    const c = folder('hash-c', {
      'unet.safetensors': unetSpecs.map((s, i) => (i ? s : { ...s, name: s.name, dtype: 'F16' })),
    })
    const [sa, sb, sc] = [a, b, c].map((d) => openCheckpoint(d, { configs: small }))
    expect(sa.contentHash).toMatch(/^[0-9a-f]{64}$/)
    expect(sb.contentHash).toBe(sa.contentHash)
    expect(sc.contentHash).not.toBe(sa.contentHash)
    for (const s of [sa, sb, sc]) s.close()
  })

  it('lists missing, wrongly shaped and left-over keys by name', () => {
    const source = openCheckpoint(folder('coverage', { 'unet.safetensors': unetSpecs }), { configs: small })
    const unet = source.component('unet')
    const expected = unetSpecs.map((s) => ({ key: s.name, shape: s.shape }))
    expect(assertWeights(unet, expected, 'unet.safetensors').map((t) => t.key)).toEqual(expected.map((e) => e.key))
    const wrong = [{ ...expected[0], shape: [8, 9, 3, 3] }, ...expected.slice(1)]
    expect(() => assertWeights(unet, wrong, 'unet.safetensors')).toThrow(
      expect.objectContaining({
        code: 'wrong-shapes',
        message: expect.stringMatching(/conv_in\.weight \(file \[8,4,3,3\], model \[8,9,3,3\]\)/),
      }),
    )
    const missing = [...expected, { key: 'conv_out.weight', shape: [4, 8, 3, 3] }]
    expect(() => assertWeights(unet, missing, 'unet.safetensors')).toThrow(/missing 1: conv_out\.weight/)
    expect(() => assertWeights(unet, expected.slice(1), 'unet.safetensors')).toThrow(
      /not used by the model 1: conv_in\.weight/,
    )
    source.close()
  })
})

const unetConfigJson = {
  _class_name: 'UNet2DConditionModel',
  down_block_types: ['CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'DownBlock2D'],
  up_block_types: ['UpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D'],
  block_out_channels: [320, 640, 1280, 1280],
  cross_attention_dim: 768,
  attention_head_dim: 8,
}
