// Which model files a render uses: the CLI's --model/--controlnet, else the project's own reference;
// "demo" means the tiny untrained demo model, generated into the cache dir on first use.
import { join } from 'node:path'
import type { ModelConfigs } from '../models/config'
import { ensureDemoModel } from '../demo/model'
import { DEMO_MODEL, type ModelRef } from '../../../src-preload/document/model'
import { ProjectJsonError } from './projectJson'

/** Same shape as the pipeline's ModelFiles (diffusion/backend.ts). */
export interface ModelFileChoice {
  checkpoint: string
  controlnet?: string
  /** Set for the demo model, whose tiny configs differ from SD 1.5's. */
  configs?: ModelConfigs
}

export interface ModelOverride {
  /** A checkpoint path, or "demo". */
  model?: string
  controlnet?: string
}

export { DEMO_MODEL }

/** The studio's cache folder (compiled graphs live beside it; the demo model and imported projects in it). */
export function cacheDirOf(dataDir: string): string {
  return join(dataDir, 'cache')
}

export function resolveModelFiles(
  project: ModelRef | undefined,
  override: ModelOverride,
  cacheDir: string,
): ModelFileChoice {
  const model = override.model ?? (project === DEMO_MODEL ? DEMO_MODEL : project?.checkpoint)
  if (!model) {
    throw new ProjectJsonError(
      'The project names no model: pass --model <SD 1.5 checkpoint> --controlnet <ControlNet OpenPose file>, ' +
        'or --model demo for the tiny untrained demo model.',
    )
  }
  if (model === DEMO_MODEL) {
    if (override.controlnet) throw new ProjectJsonError('--controlnet cannot be combined with the demo model.')
    const demo = ensureDemoModel(cacheDir)
    return { checkpoint: demo.model, controlnet: demo.controlnet, configs: demo.configs }
  }
  const projectControlnet = typeof project === 'object' && !override.model ? project.controlnet : undefined
  const controlnet = override.controlnet ?? projectControlnet
  return controlnet ? { checkpoint: model, controlnet } : { checkpoint: model }
}
