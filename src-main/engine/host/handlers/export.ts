// export.frames: writes the frames the latest render shows (from the project cache; nothing is rendered)
// as a video or PNG frames. The studio's export.start and the CLI's export, render and rerender (after
// render.job) all write through it. Progress: one 'export' stage.
import { existsSync } from 'node:fs'
import type { JobProgress } from '../../../../src-preload/api'
import { cachedFrame, shownFrameStride, shownKeys, type RenderedFrame } from '../../diffusion/pipeline'
import { exportFrames, resolveExportTarget, type ExportResult } from '../../export'
import { importedProjectPath } from '../../project/importProject'
import { cacheDirOf } from '../../project/modelFiles'
import type { ProjectStore } from '../../store'
import { EngineUserError } from '../protocol'
import { method, type MethodContext } from '../registry'

export interface OutputOptions {
  /** Video file (.mp4/.webm/.gif) or folder for PNG frames. */
  out: string
  /** Frames per second of the video (default: the project's, divided by a draft's frame stride). */
  fps?: number
  width?: number
  height?: number
}

export const exportMethods = {
  /** The latest render's frames as cached. A project JSON means the database it was imported into. */
  'export.frames': method<{ path: string } & OutputOptions, ExportResult, JobProgress>(async (params, ctx) => {
    resolveExportTarget(params.out)
    const store = ctx.engine.projects.get(databaseOf(params.path, ctx.engine.paths.data))
    // A draft shows every other pose: at half the fps it keeps the motion's timing (decision 0330).
    const fps = params.fps ?? store.record().settings.fps / shownFrameStride(store)
    return writeFrames(shownFrames(store), fps, params, ctx)
  }),
}

function databaseOf(project: string, dataDir: string): string {
  if (!/\.json$/i.test(project)) return project
  const database = importedProjectPath(project, cacheDirOf(dataDir))
  if (!existsSync(database)) throw new EngineUserError(`${project} has not been rendered yet: render it first.`)
  return database
}

/**
 * Every frame the latest render shows (`frameCount` of them: the render's own count unless the caller
 * knows the animation's), in order. A frame missing from the cache (never rendered, evicted, or dropped
 * as damaged) stops the export: the last frame too, which would otherwise silently shorten the video.
 */
function shownFrames(store: ProjectStore, frameCount?: number): RenderedFrame[] {
  const keys = shownKeys(store)
  if (keys.length === 0) throw new EngineUserError(`${store.path} has no rendered frames yet: render it first.`)
  const damaged = new Set<string>()
  const stopListening = store.cache.onDamaged((key) => damaged.add(key))
  const frames: RenderedFrame[] = []
  const missing: number[] = []
  try {
    for (let f = 0; f < (frameCount ?? keys.length); f++) {
      const image = keys[f] ? cachedFrame(store, keys[f], f) : undefined
      if (image) frames.push(image)
      else missing.push(f)
    }
  } finally {
    stopListening()
  }
  if (missing.length) throw missingFramesError(store.path, missing, (f) => damaged.has(`${keys[f]}/rgb`))
  return frames
}

function missingFramesError(path: string, missing: number[], wasDamaged: (frame: number) => boolean) {
  const list = (frames: number[]) => (frames.length === 1 ? `Frame ${frames[0]}` : `Frames ${frames.join(', ')}`)
  const damaged = missing.filter(wasDamaged)
  const absent = missing.filter((f) => !wasDamaged(f))
  const problems = [
    damaged.length && `${list(damaged)} of ${path} had damaged data (checksum mismatch), now dropped`,
    absent.length &&
      `${list(absent)} of ${path} ${absent.length === 1 ? 'is' : 'are'} not in its cache (never rendered, or evicted)`,
  ].filter(Boolean)
  return new EngineUserError(
    `${problems.join('; ')}: render the project again (it recomputes only what is missing), then export.`,
  )
}

function writeFrames(frames: RenderedFrame[], fps: number, o: OutputOptions, ctx: MethodContext<JobProgress>) {
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
    o.out,
    { count: total, frame: (i) => frames[i] },
    {
      fps: o.fps ?? fps,
      width: o.width,
      height: o.height,
      createFolders: true,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(progress(p.done)),
    },
  )
}
