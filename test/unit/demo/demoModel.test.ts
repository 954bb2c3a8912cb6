// The self-generated demo model: deterministic, complete (every key of every network, right shapes,
// nothing left over) when opened through openCheckpoint like a user's files, and regenerated when a
// previous generation was cut short.
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ensureDemoModel } from '../../../src-main/engine/demo/model'
import { vaeModelParams } from '../../../src-main/engine/models/sd15/vae'
import { clipTextGraph } from '../../../src-main/engine/models/sd15/clip'
import { assertWeights } from '../../../src-main/engine/models/weights/load'
import { openCheckpoint } from '../../../src-main/engine/models/weights/source'

const cache = mkdtempSync(join(tmpdir(), 'demo-model-'))
afterAll(() => rmSync(cache, { recursive: true, force: true }))

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')
const unetFile = (model: string) => join(model, 'unet', 'diffusion_pytorch_model.safetensors')

describe('demo model', () => {
  const first = ensureDemoModel(join(cache, 'a'))

  it('is generated once, then reused', () => {
    expect(first.generated).toBe(true)
    expect(ensureDemoModel(join(cache, 'a'))).toMatchObject({ generated: false, model: first.model })
  })

  it('loads through openCheckpoint with every key present, shaped right and used', () => {
    const sd = openCheckpoint(first.model, { configs: first.configs })
    const control = openCheckpoint(first.controlnet, { configs: first.configs })
    try {
      expect(sd.layout).toBe('diffusers-folder')
      expect([...sd.components].sort()).toEqual(['text_encoder', 'unet', 'vae'])
      expect(control.components).toEqual(['controlnet'])
      expect(sd.configs.unet.blockOutChannels).toEqual([32, 32, 64, 64])
      expect(assertWeights(sd.component('vae'), vaeModelParams(first.configs.vae), sd.path)).toHaveLength(244)
      const clip = clipTextGraph(first.configs.textEncoder).paramKeys()
      expect(assertWeights(sd.component('text_encoder'), clip, sd.path)).toHaveLength(36)
      expect(sd.component('unet').shapes().size).toBe(684)
      expect(control.component('controlnet').shapes().size).toBe(338)
    } finally {
      sd.close()
      control.close()
    }
  })

  it('is the same bytes on every machine (deterministic)', () => {
    const other = ensureDemoModel(join(cache, 'b'))
    expect(sha(unetFile(other.model))).toBe(sha(unetFile(first.model)))
  })

  it('regenerates a model whose generation was cut short', () => {
    const dir = join(cache, 'c')
    const model = ensureDemoModel(dir)
    rmSync(join(model.model, '..', 'complete.json'))
    rmSync(unetFile(model.model))
    expect(ensureDemoModel(dir).generated).toBe(true)
    expect(existsSync(unetFile(model.model))).toBe(true)
  })
})
