// Which SD 1.5 checkpoint and ControlNet OpenPose a project renders with, or the built-in demo model.
// A chosen file is opened (headers only) and refused with the loader's own message when PoseAnimate
// cannot run it; the project keeps its previous choice then (nothing is lost).
import { basename } from 'node:path'
import type { ModelFileInfo, ModelRole, ModelsState } from '../../../src-preload/api'
import { DEMO_MODEL, type ModelRef } from '../../../src-preload/document'
import { UserError } from '../errors'
import type { Component } from '../models/weights/component'
import { WeightsError } from '../models/weights/errors'
import { openCheckpoint } from '../models/weights/source'
import type { ProjectStore } from '../store'

const PIPELINE_PARTS: readonly Component[] = ['unet', 'vae', 'text_encoder']

/** Validates `file` for `role` and saves it as the project's choice (the ControlNet goes with a checkpoint). */
export function chooseModelFile(store: ProjectStore, role: ModelRole, file: string): ModelsState {
  inspectModel(file, role)
  store.document.patch(({ fields }) => {
    const files = typeof fields.model === 'object' ? fields.model : undefined
    if (role === 'controlnet' && !files) {
      throw new UserError('Choose the SD 1.5 checkpoint first; the ControlNet goes with it.')
    }
    const model: ModelRef = role === 'checkpoint' ? { ...files, checkpoint: file } : { ...files!, controlnet: file }
    return { fields: { model } }
  })
  return modelsState(store)
}

export function useDemoModel(store: ProjectStore): ModelsState {
  store.document.patch({ fields: { model: DEMO_MODEL } })
  return modelsState(store)
}

export function modelsState(store: ProjectStore): ModelsState {
  const model = store.document.fields().model
  if (model === undefined) return { choice: 'none', checkpoint: null, controlnet: null, problems: [] }
  if (model === DEMO_MODEL) return { choice: 'demo', checkpoint: null, controlnet: null, problems: [] }
  const problems: string[] = []
  const describe = (file: string | undefined, role: ModelRole) => {
    if (!file) return null
    try {
      return inspectModel(file, role)
    } catch (err) {
      problems.push((err as Error).message)
      return { name: basename(file), layout: 'unusable', warnings: [] }
    }
  }
  return {
    choice: 'files',
    checkpoint: describe(model.checkpoint, 'checkpoint'),
    controlnet: describe(model.controlnet, 'controlnet'),
    problems,
  }
}

/** Opens the file's headers and checks it can play `role`; throws a user error saying why not. */
export function inspectModel(file: string, role: ModelRole): ModelFileInfo {
  let source
  try {
    source = openCheckpoint(file)
  } catch (err) {
    if (err instanceof WeightsError) throw new UserError(err.message)
    throw err
  }
  try {
    const has = (c: Component) => source.components.includes(c)
    const name = basename(file)
    if (role === 'checkpoint' && !PIPELINE_PARTS.every(has)) {
      const what = has('controlnet') ? 'a ControlNet' : `only ${source.components.join(', ') || 'nothing usable'}`
      throw new UserError(
        `${name} is ${what}, not a complete Stable Diffusion 1.5 checkpoint (UNet, VAE and text encoder). ` +
          'Choose e.g. v1-5-pruned-emaonly.safetensors or a diffusers folder of an SD 1.5 model.',
      )
    }
    if (role === 'controlnet' && !has('controlnet')) {
      throw new UserError(
        `${name} is not a ControlNet (it holds ${source.components.join(', ') || 'nothing usable'}). ` +
          'Choose an SD 1.5 OpenPose ControlNet, e.g. control_v11p_sd15_openpose.safetensors.',
      )
    }
    return { name, layout: source.layout, warnings: [...source.warnings] }
  } finally {
    source.close()
  }
}
