// render.* handlers: a render is a long engine call; start returns its job id at once, progress and
// the outcome arrive as 'render.progress' events, cancel aborts the call (the engine stops between items).
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { JobProgress } from '../../src-preload/api'
import { EngineError } from '../engine/host/protocol'
import type { StudioDeps } from './deps'
import { IpcUserError, type StudioHandlers } from './router'

export function renderHandlers({
  engine,
  libraryDir,
  emit,
}: StudioDeps): Pick<StudioHandlers, 'render.start' | 'render.cancel'> {
  const running = new Map<string, AbortController>()

  const finish = (jobId: string, state: JobProgress['state'], message?: string) =>
    emit('render.progress', { ...emptyProgress(jobId), state, message, fraction: state === 'done' ? 1 : 0 })

  return {
    'render.start': async ({ projectId, frames }) => {
      const jobId = randomUUID()
      const controller = new AbortController()
      running.set(jobId, controller)
      engine
        .call(
          'render.run',
          { path: join(libraryDir, projectId), frames },
          {
            signal: controller.signal,
            onProgress: (progress) => emit('render.progress', { ...progress, jobId }),
          },
        )
        .then(
          () => finish(jobId, 'done'),
          (err: unknown) => {
            const cancelled = err instanceof EngineError && err.code === 'cancelled'
            finish(jobId, cancelled ? 'cancelled' : 'failed', (err as Error).message)
          },
        )
        .finally(() => running.delete(jobId))
      return { jobId }
    },
    'render.cancel': async ({ jobId }) => {
      const controller = running.get(jobId)
      if (!controller) throw new IpcUserError(`No running render job ${jobId} (it may have finished already).`)
      controller.abort()
    },
  }
}

function emptyProgress(jobId: string): JobProgress {
  return {
    jobId,
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
