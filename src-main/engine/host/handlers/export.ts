// export.*: render a project file and write the video in one call (the CLI's render/rerender), or
// re-export the latest render's cached frames. Progress: the render job's stages, then an 'export' stage.
import { existsSync } from 'node:fs'
import type { JobProgress } from '../../../../src-preload/api'
import { latestFrames, type RenderedFrame, type RenderSummary } from '../../diffusion/pipeline'
import { importedProjectPath } from '../../project/importProject'
import { cacheDirOf, DEMO_MODEL, resolveModelFiles, type ModelOverride } from '../../project/modelFiles'
import { readRenderProject } from '../../project/projectSetup'
import { exportFrames, resolveExportTarget, type ExportResult } from '../../export'
import type { ProjectStore } from '../../store'
import { EngineUserError } from '../protocol'
import type { EngineContext } from '../context'
import { method, type MethodContext } from '../registry'
import { openProject, openRenderSession } from './render'

export interface OutputOptions {
  /** Video file (.mp4/.webm/.gif) or folder for PNG frames; omitted = render into the cache only. */
  out?: string
  /** Frames per second of the video (default: the project's). */
  fps?: number
  width?: number
  height?: number
}

export interface RenderOutcome {
  project: { name: string; path: string; database: string; imported: boolean }
  model: { checkpoint: string; controlnet?: string; demo: boolean }
  summary: RenderSummary
  export: ExportResult | null
}

interface RenderParams extends ModelOverride, OutputOptions {
  /** A project database (*.poseanim) or a project JSON (imported into the cache dir first). */
  project: string
}

export const exportMethods = {
  'export.render': method<RenderParams, RenderOutcome, JobProgress>(async (params, ctx) => {
    if (params.out) resolveExportTarget(params.out) // a bad --out fails before the render, not after
    const session = await openSession(params, ctx.engine)
    const pipeline = await openRenderSession(session.call, ctx.engine)
    const { frames, summary } = await pipeline.render(undefined, progressOf(ctx))
    const written = params.out ? await writeFrames(frames, session.fps, params, ctx) : null
    return { ...session.outcome, summary, export: written }
  }),

  'export.rerender': method<RenderParams & { frame: number }, RenderOutcome, JobProgress>(async (params, ctx) => {
    if (params.out) resolveExportTarget(params.out)
    const session = await openSession(params, ctx.engine)
    const pipeline = await openRenderSession(session.call, ctx.engine)
    const { summary } = await pipeline.rerender(params.frame, progressOf(ctx))
    const written = params.out ? await writeFrames(shownFrames(pipeline.store), session.fps, params, ctx) : null
    return { ...session.outcome, summary, export: written }
  }),

  /** The latest render's frames as cached; nothing is rendered. A project JSON means its imported database. */
  'export.frames': method<{ path: string } & OutputOptions & { out: string }, ExportResult, JobProgress>(
    async (params, ctx) => {
      resolveExportTarget(params.out)
      const store = ctx.engine.projects.get(databaseOf(params.path, ctx.engine.paths.data))
      const fps = params.fps ?? store.record().settings.fps
      return writeFrames(shownFrames(store), fps, params, ctx)
    },
  ),
}

function databaseOf(project: string, dataDir: string): string {
  if (!/\.json$/i.test(project)) return project
  const database = importedProjectPath(project, cacheDirOf(dataDir))
  if (!existsSync(database)) throw new EngineUserError(`${project} has not been rendered yet: render it first.`)
  return database
}

/** Every frame the latest render shows, in order; a gap means part of the animation was never rendered. */
function shownFrames(store: ProjectStore): RenderedFrame[] {
  const frames = latestFrames(store)
  if (frames.length === 0) throw new EngineUserError(`${store.path} has no rendered frames yet: render it first.`)
  const gap = frames.findIndex((f, i) => f.frame !== i)
  if (gap >= 0) {
    throw new EngineUserError(
      `Frame ${gap} of ${store.path} has not been rendered yet: render the whole project first.`,
    )
  }
  return frames
}

function writeFrames(frames: RenderedFrame[], projectFps: number, o: OutputOptions, ctx: MethodContext<JobProgress>) {
  const total = frames.length
  const progress = (done: number): JobProgress => ({
    jobId: 'export',
    stage: 'export',
    stageIndex: 0,
    stageCount: 1,
    stageFraction: done / total,
    fraction: done / total,
    itemsDone: done,
    itemsTotal: total,
    etaSeconds: null,
    state: done === total ? 'done' : 'running',
  })
  ctx.progress(progress(0))
  return exportFrames(
    o.out!,
    { count: total, frame: (i) => frames[i] },
    {
      fps: o.fps ?? projectFps,
      width: o.width,
      height: o.height,
      createFolders: true,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(progress(p.done)),
    },
  )
}

/** Opens (or imports) the project and picks its model files: the call's override, else its own reference. */
function openSession(params: RenderParams, engine: EngineContext) {
  const store = openProject(params.project, engine)
  const project = readRenderProject(store)
  const models = resolveModelFiles(project.model, params, cacheDirOf(engine.paths.data))
  const demo = (params.model ?? (project.model === DEMO_MODEL ? DEMO_MODEL : '')) === DEMO_MODEL
  const imported = store.path !== params.project
  return {
    call: { path: store.path, models },
    fps: project.fps,
    outcome: {
      project: { name: project.name, path: params.project, database: store.path, imported },
      model: { checkpoint: models.checkpoint, controlnet: models.controlnet, demo },
    },
  }
}

function progressOf(ctx: MethodContext<JobProgress>) {
  return { signal: ctx.signal, onProgress: (p: JobProgress) => ctx.progress(p) }
}
