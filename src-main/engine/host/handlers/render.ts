// render.*: the PoseAnimate pipeline (engine/diffusion) on a project file. A project JSON (the demo,
// batch jobs) is imported into its project database first (engine/demo). The models come from the call
// (the CLI's --model/--controlnet, tests) or from the project's own reference.
import type { JobProgress } from '../../../../src-preload/api'
import { cacheDirOf, resolveModelFiles } from '../../project/modelFiles'
import { importProjectJson } from '../../project/importProject'
import { readRenderProject } from '../../project/projectSetup'
import type { ModelFiles } from '../../diffusion/backend'
import { sharedBackend } from '../../diffusion/backendPool'
import { RenderSession, type RenderResult, type RunOptions } from '../../diffusion/pipeline'
import { parsePipelineSettings, type PipelineSettingsInput } from '../../diffusion/settings'
import type { EngineContext } from '../context'
import { method, type MethodContext } from '../registry'

export interface RenderParams {
  /** A project database (*.poseanim) or a project JSON. */
  path: string
  /** Frames to render (with what they need); default all. */
  frames?: number[]
  /** Model files; default: the project's model reference. */
  models?: ModelFiles
  /** Overrides on top of the project's pipeline settings. */
  settings?: PipelineSettingsInput
}

export const renderMethods = {
  /** Renders the project; unchanged work comes from the project cache. */
  'render.run': method<RenderParams, RenderResult, JobProgress>(async (params, ctx) => {
    const session = await openRenderSession(params, ctx.engine)
    return session.render(params.frames, progressOf(ctx))
  }),

  /** Re-renders one frame; later frames are reported stale in the summary. */
  'render.frame': method<RenderParams & { frame: number }, RenderResult, JobProgress>(async (params, ctx) => {
    const session = await openRenderSession(params, ctx.engine)
    return session.rerender(params.frame, progressOf(ctx))
  }),

  /** Frames whose shown image no longer matches the project. */
  'render.stale': method<RenderParams, number[]>(async (params, { engine }) =>
    (await openRenderSession(params, engine)).staleFrames(),
  ),
}

function progressOf(ctx: MethodContext<JobProgress>): RunOptions {
  return { signal: ctx.signal, onProgress: (p) => ctx.progress(p) }
}

/** The project's render session (inputs and keys resolved once) on the shared backend of its model. */
export async function openRenderSession(params: RenderParams, engine: EngineContext): Promise<RenderSession> {
  const store = openProject(params.path, engine)
  const project = readRenderProject(store)
  const settings = { ...project.pipeline, ...params.settings }
  const { width, height } = parsePipelineSettings(settings)
  const models = params.models ?? resolveModelFiles(project.model, {}, cacheDirOf(engine.paths.data))
  const backend = await sharedBackend(models, { compiledDir: engine.paths.compiledGraphs, width, height })
  return RenderSession.open({ store, backend }, project, settings)
}

export function openProject(path: string, engine: EngineContext) {
  if (!path.endsWith('.json')) return engine.projects.get(path)
  const imported = importProjectJson(path, cacheDirOf(engine.paths.data), (db, create, json) =>
    create ? engine.projects.create(db, { name: json.name }) : engine.projects.get(db),
  )
  return engine.projects.get(imported.path)
}
