// render.start/cancel/rerenderFrame/rerenderStale: a render is a long engine call (render.job); start returns its job id at once, progress, each
// finished frame and the outcome arrive as events, cancel aborts the call (the engine stops between
// items). One render job per project at a time: a second one would race the first for the same cache.
// (render.frames, frameImage, settings and saveSettings go straight to the engine: see forward.ts.)
import { randomUUID } from 'node:crypto'
import type { RenderJobKind, RenderProgress } from '../../src-preload/api'
import type { RenderJob } from '../engine/host/handlers/renderJob'
import { EngineError } from '../engine/host/protocol'
import type { StudioDeps } from './deps'
import { IpcUserError, type StudioHandlers } from './router'

interface RunningJob {
  projectId: string
  controller: AbortController
}

type JobChannel = 'render.start' | 'render.cancel' | 'render.rerenderFrame' | 'render.rerenderStale'

export function renderHandlers({ engine, emit }: StudioDeps): Pick<StudioHandlers, JobChannel> {
  const running = new Map<string, RunningJob>()

  const startJob = (projectId: string, job: RenderJob) => {
    if ([...running.values()].some((r) => r.projectId === projectId)) {
      throw new IpcUserError('A render of this project is already running: wait for it to finish or cancel it.')
    }
    const jobId = randomUUID()
    const controller = new AbortController()
    running.set(jobId, { projectId, controller })
    const tag = { jobId, projectId, kind: job.kind }
    const finish = (state: RenderProgress['state'], message?: string) =>
      emit('render.progress', { ...emptyProgress(tag), state, message, fraction: state === 'done' ? 1 : 0 })
    engine
      .call(
        'render.job',
        { projectId, job },
        {
          signal: controller.signal,
          onProgress: (update) =>
            'progress' in update
              ? emit('render.progress', { ...update.progress, ...tag })
              : emit('render.frame', { jobId, projectId, image: update.frame }),
        },
      )
      .then(
        (outcome) =>
          finish('done', outcome.wanted.length === 0 ? 'Nothing to render: every frame is current.' : undefined),
        (err: unknown) => {
          const cancelled = err instanceof EngineError && err.code === 'cancelled'
          finish(cancelled ? 'cancelled' : 'failed', cancelled ? 'The render was cancelled.' : (err as Error).message)
        },
      )
      .finally(() => running.delete(jobId))
    return { jobId }
  }

  return {
    'render.start': async ({ projectId, frames }) => startJob(projectId, { kind: 'render', frames }),
    'render.rerenderFrame': async ({ projectId, frame }) => startJob(projectId, { kind: 'frame', frame }),
    'render.rerenderStale': async ({ projectId }) => startJob(projectId, { kind: 'stale' }),
    'render.cancel': async ({ jobId }) => {
      const job = running.get(jobId)
      if (!job) throw new IpcUserError(`No running render job ${jobId} (it may have finished already).`)
      job.controller.abort()
    },
  }
}

function emptyProgress(tag: { jobId: string; projectId: string; kind: RenderJobKind }): RenderProgress {
  return {
    ...tag,
    stage: '',
    stageIndex: 0,
    stageCount: 0,
    stageFraction: 0,
    fraction: 0,
    itemsDone: 0,
    itemsTotal: 0,
    etaSeconds: null,
    state: 'running',
  }
}
