// Random weights for the alternate models in the real set's key layouts: diffusers/transformers state
// dicts (unet/controlnet/vae/text_encoder.safetensors), the LDM single file tiny-ldm.safetensors written
// through OUR name tables (so it checks that loading round-trips, not that the tables match the original
// conversion script: the real set does that), and ldm_keymap.json. Keys and shapes come from the graphs.
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ParamInfo } from '../../src-main/engine/graph/core'
import { Graph } from '../../src-main/engine/graph/graph'
import type { ModelConfigs } from '../../src-main/engine/models/config'
import { clipTextGraph } from '../../src-main/engine/models/sd15/clip'
import { controlNet } from '../../src-main/engine/models/sd15/controlnet'
import { unet2DCondition } from '../../src-main/engine/models/sd15/unet'
import { vaeModelParams } from '../../src-main/engine/models/sd15/vae'
import type { Component } from '../../src-main/engine/models/weights/component'
import { clipKeyMap } from '../../src-main/engine/models/weights/names/clip'
import { foreignShape, type KeyMap } from '../../src-main/engine/models/weights/names/keymap'
import { unetKeyMap } from '../../src-main/engine/models/weights/names/unet'
import { vaeKeyMap } from '../../src-main/engine/models/weights/names/vae'
import { randomChunks } from '../../src-main/engine/models/weights/synthetic'
import { writeSafetensors, type TensorToWrite } from '../../src-main/engine/models/weights/writer'
import { numel } from './random'

export interface WeightFileInfo {
  file: string
  num_tensors: number
  num_params: number
  sha256: string
}

/** Every parameter of each model, built on a small latent (parameters do not depend on its size). */
export function modelParams(cfg: ModelConfigs): Record<Component, ParamInfo[]> {
  const multiple = 2 ** (cfg.unet.blockOutChannels.length - 1)
  const up = 2 ** (cfg.controlnet.conditioningEmbeddingOutChannels.length - 1)
  const inputs = (g: Graph) => ({
    sample: g.input('sample', 'float32', [1, cfg.unet.inChannels, multiple, multiple]),
    timestep: g.input('timestep', 'int64', [1]),
    context: g.input('encoder_hidden_states', 'float32', [1, 1, cfg.unet.crossAttentionDim]),
  })
  const unet = new Graph('unet')
  unet2DCondition(unet, cfg.unet, inputs(unet))
  const control = new Graph('controlnet')
  const side = multiple * up
  const image = control.input('image', 'float32', [1, cfg.controlnet.conditioningChannels, side, side])
  controlNet(control, cfg.controlnet, { ...inputs(control), image, scale: control.input('scale', 'float32', [1]) })
  return {
    unet: unet.paramKeys(),
    controlnet: control.paramKeys(),
    vae: vaeModelParams(cfg.vae),
    text_encoder: clipTextGraph(cfg.textEncoder).paramKeys(),
  }
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

function randomTensor(p: ParamInfo, seed: number): TensorToWrite {
  return {
    name: p.key,
    dtype: 'F32',
    shape: p.shape,
    data: randomChunks({ name: p.key, shape: p.shape, dtype: 'F32' }, seed),
  }
}

function fileInfo(dir: string, file: string, tensors: readonly TensorToWrite[]): WeightFileInfo {
  const sha256 = createHash('sha256')
    .update(readFileSync(join(dir, file)))
    .digest('hex')
  const num_params = tensors.reduce((n, t) => n + numel(t.shape), 0)
  return { file, num_tensors: tensors.length, num_params, sha256 }
}

const COMPONENT_SEED: Record<Component, number> = { unet: 1, controlnet: 2, vae: 3, text_encoder: 4 }

/** Writes the four diffusers-named files and tiny-ldm.safetensors + ldm_keymap.json; returns file facts. */
export function writeWeights(dir: string, cfg: ModelConfigs, seed: number): Record<string, WeightFileInfo> {
  const params = modelParams(cfg)
  const info: Record<string, WeightFileInfo> = {}
  for (const component of Object.keys(params) as Component[]) {
    const tensors = params[component].map((p) => randomTensor(p, seed + COMPONENT_SEED[component])).sort(byName)
    const file = `${component}.safetensors`
    writeSafetensors(join(dir, file), tensors, { format: 'pt' })
    info[component] = fileInfo(dir, file, tensors)
  }
  info.tiny_ldm = writeLdm(dir, cfg, params, seed)
  return info
}

/** The UNet, VAE and CLIP under their LDM names (VAE mid attention as 1×1 convs), same values. */
function writeLdm(dir: string, cfg: ModelConfigs, params: Record<Component, ParamInfo[]>, seed: number) {
  const maps: [Component, KeyMap][] = [
    ['unet', unetKeyMap(cfg.unet)],
    ['vae', vaeKeyMap(cfg.vae)],
    ['text_encoder', clipKeyMap()],
  ]
  const keymap: Record<string, string> = {}
  const tensors: TensorToWrite[] = []
  for (const [component, map] of maps) {
    for (const p of params[component]) {
      const foreign = map.toForeign(p.key)
      if (!foreign) throw new Error(`no LDM name for ${component}/${p.key}`)
      keymap[`${component}/${p.key}`] = foreign.key
      const diffusers = randomTensor(p, seed + COMPONENT_SEED[component])
      tensors.push({ ...diffusers, name: foreign.key, shape: foreignShape(p.shape, foreign.conv1x1) })
    }
  }
  tensors.sort(byName)
  writeSafetensors(join(dir, 'tiny-ldm.safetensors'), tensors)
  const sorted = Object.fromEntries(Object.entries(keymap).sort(([a], [b]) => (a < b ? -1 : 1)))
  writeFileSync(join(dir, 'ldm_keymap.json'), `${JSON.stringify(sorted, null, 1)}\n`)
  return fileInfo(dir, 'tiny-ldm.safetensors', tensors)
}
