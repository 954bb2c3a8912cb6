// The model choice: full-size SD 1.5 and ControlNet OpenPose files (sparse: real headers, no weights) are
// accepted for their roles; everything else is refused with the loader's message and the choice is kept.
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ModelsState } from '../../../../src-preload/api'
import { modelMethods } from './models'
import { useInProcessEngine } from './testing/inProcessEngine'
import { SPARSE_MODELS, writeSparseModel } from './testing/sparseModels'

const { home, engine, call: callAny } = useInProcessEngine('pa-models-', modelMethods)
const call = (name: string, params: object) => callAny<ModelsState>(name, params)

const checkpoint = writeSparseModel(join(home, 'v1-5-pruned-emaonly.safetensors'), SPARSE_MODELS.checkpoint)
const controlnet = writeSparseModel(join(home, 'control_v11p_sd15_openpose.safetensors'), SPARSE_MODELS.controlnet)

describe('model choice', () => {
  const path = join(home, 'models.poseanim')
  engine.projects.create(path, { name: 'Models' })
  const choose = (role: string, file: string) => call('models.chooseFile', { path, role, file })

  it('starts with no model, takes a full-size checkpoint and its ControlNet, or the demo model', async () => {
    expect(await call('models.get', { path })).toEqual({
      choice: 'none',
      checkpoint: null,
      controlnet: null,
      problems: [],
    })
    await expect(choose('controlnet', controlnet)).rejects.toThrow('Choose the SD 1.5 checkpoint first')
    expect(await choose('checkpoint', checkpoint)).toMatchObject({
      choice: 'files',
      checkpoint: { name: 'v1-5-pruned-emaonly.safetensors', layout: 'sd-single-file' },
      controlnet: null,
    })
    const both = await choose('controlnet', controlnet)
    expect(both.controlnet).toEqual({
      name: 'control_v11p_sd15_openpose.safetensors',
      layout: 'controlnet',
      warnings: [],
    })
    engine.projects.close(path)
    expect((await call('models.get', { path })).checkpoint?.name).toBe('v1-5-pruned-emaonly.safetensors')
    expect(await call('models.useDemo', { path })).toMatchObject({ choice: 'demo' })
    await choose('checkpoint', checkpoint)
  })

  it('refuses pickles, truncated files, wrong roles and missing files, keeping the choice', async () => {
    const before = await call('models.get', { path })
    const pickle = join(home, 'model.ckpt')
    writeFileSync(pickle, Buffer.from([0x80, 0x02, 0x7d, 0x71]))
    await expect(choose('checkpoint', pickle)).rejects.toThrow(/is a PyTorch pickle checkpoint \(\.ckpt\)/)
    const truncated = writeSparseModel(join(home, 'cut.safetensors'), SPARSE_MODELS.checkpoint, { truncateTo: 300_000 })
    await expect(choose('checkpoint', truncated)).rejects.toThrow(/truncated|shorter|incomplete/i)
    await expect(choose('checkpoint', controlnet)).rejects.toThrow(
      /is a ControlNet, not a complete Stable Diffusion 1\.5/,
    )
    await expect(choose('controlnet', checkpoint)).rejects.toThrow(/is not a ControlNet/)
    await expect(choose('checkpoint', join(home, 'nowhere.safetensors'))).rejects.toThrow(/does not exist/)
    expect(await call('models.get', { path })).toEqual(before)
  })

  it('reports a saved file that has gone', async () => {
    const gone = writeSparseModel(join(home, 'moved.safetensors'), SPARSE_MODELS.checkpoint)
    await choose('checkpoint', gone)
    rmSync(gone)
    const state = await call('models.get', { path })
    expect(state.checkpoint).toMatchObject({ name: 'moved.safetensors', layout: 'unusable' })
    expect(state.problems).toEqual([expect.stringMatching(/moved\.safetensors does not exist/)])
  })
})
