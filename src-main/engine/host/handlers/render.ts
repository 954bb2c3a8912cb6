// Opening a render: the project file (a project JSON, for the demo and batch jobs, is imported into its
// project database first, engine/demo), its model files (the call's override, e.g. the CLI's
// --model/--controlnet and tests, else the project's own reference) and the render session on the shared
// backend of that model. render.job (renderJob.ts) and the frame list (renderFrames.ts) use it.
import type { ModelFiles } from '../../diffusion/backend'
import { sharedBackend } from '../../diffusion/backendPool'
import { RenderSession } from '../../diffusion/pipeline'
import { renderedPipelineSettings, type PipelineSettingsInput } from '../../diffusion/settings'
import { importProjectJson } from '../../project/importProject'
import { cacheDirOf, DEMO_MODEL, resolveModelFiles, type ModelOverride } from '../../project/modelFiles'
import { readRenderProject } from '../../project/projectSetup'
import type { RenderPreset } from '../../../../src-preload/document/renderSettings'
import type { EngineContext } from '../context'

export interface RenderParams extends ModelOverride {
  /** A project database (*.poseanim) or a project JSON. */
  path: string
  /** Exact model files (tests); default: the override's, else the project's model reference. */
  models?: ModelFiles
  /** Overrides on top of the project's pipeline settings. */
  settings?: PipelineSettingsInput
}

/** Which project and model a render used, for summaries. */
export interface RenderIdentity {
  project: { name: string; path: string; database: string; imported: boolean }
  model: { checkpoint: string; controlnet?: string; demo: boolean }
  /** The preset and the settings it rendered with (a draft's are reduced, decision 0330). */
  render: {
    preset: RenderPreset
    steps: number
    innerIterations: number
    frameStride: number
    width: number
    height: number
  }
}

/** The project's render session (inputs and keys resolved once) on the shared backend of its model. */
export async function openRenderSession(
  params: RenderParams,
  engine: EngineContext,
): Promise<{ session: RenderSession; identity: RenderIdentity }> {
  const store = openProject(params.path, engine)
  const project = readRenderProject(store)
  const settings = { ...project.pipeline, ...params.settings }
  const rendered = renderedPipelineSettings(settings)
  const { width, height } = rendered
  const models = params.models ?? resolveModelFiles(project.model, params, cacheDirOf(engine.paths.data))
  const provider = engine.machine.provider().choice
  const backend = await sharedBackend(models, { compiledDir: engine.paths.compiledGraphs, width, height, provider })
  const session = await RenderSession.open({ store, backend }, project, settings)
  const demo = (params.model ?? (project.model === DEMO_MODEL ? DEMO_MODEL : '')) === DEMO_MODEL
  const identity: RenderIdentity = {
    project: { name: project.name, path: params.path, database: store.path, imported: store.path !== params.path },
    model: { checkpoint: models.checkpoint, controlnet: models.controlnet, demo },
    render: {
      preset: rendered.preset,
      steps: rendered.steps,
      innerIterations: rendered.innerIterations,
      frameStride: rendered.frameStride,
      width: backend.geometry.width,
      height: backend.geometry.height,
    },
  }
  return { session, identity }
}

export function openProject(path: string, engine: EngineContext) {
  if (!path.endsWith('.json')) return engine.projects.get(path)
  const imported = importProjectJson(path, cacheDirOf(engine.paths.data), (db, create, json) =>
    create ? engine.projects.create(db, { name: json.name }) : engine.projects.get(db),
  )
  return engine.projects.get(imported.path)
}
