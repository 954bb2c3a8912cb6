// export.* handlers: a target is chosen with main's save dialog and kept here by id; an export writes
// the latest render's frames there through the engine (temp file, then rename: a failed export leaves
// the old file and the project as they were) and reports progress and the outcome as events.
import { randomUUID } from 'node:crypto'
import type { ExportFormat, ExportProgress, ExportTarget } from '../../src-preload/api'
import { EngineError } from '../engine/host/protocol'
import type { StudioDeps } from './deps'
import type { ExportDialogs } from './exportDialogs'
import { exportOutPath, suggestedExportName } from './exportDialogs'
import { IpcUserError, type HandlersOf } from './router'

export function exportHandlers({ engine, emit, exportDialogs }: StudioDeps): HandlersOf<'export'> {
  const targets = new Map<string, ExportTarget>()
  const running = new Map<string, AbortController>()

  const dialogs = (): ExportDialogs => {
    if (!exportDialogs) throw new IpcUserError('Exporting needs a save dialog, which this window does not have.')
    return exportDialogs
  }
  const targetOf = (targetId: string) => {
    const target = targets.get(targetId)
    if (!target) throw new IpcUserError('That export target is unknown here: choose where to save again.')
    return target
  }

  return {
    'export.chooseTarget': async ({ projectId, format }) => {
      const chosen = await dialogs().savePath({ format, suggestedName: suggestedExportName(projectId, format) })
      if (chosen === null) return null
      const target: ExportTarget = { targetId: randomUUID(), format, path: exportOutPath(chosen, format) }
      targets.set(target.targetId, target)
      return target
    },

    'export.start': async ({ projectId, targetId, fps, width, height }) => {
      const target = targetOf(targetId)
      const jobId = randomUUID()
      const controller = new AbortController()
      running.set(jobId, controller)
      const base = { jobId, projectId, targetId, framesDone: 0, framesTotal: 0, fraction: 0 }
      const send = (p: Partial<ExportProgress>) => emit('export.progress', { ...base, state: 'running', ...p })
      engine
        .call(
          'export.frames',
          { projectId, out: target.path, fps, width, height },
          {
            signal: controller.signal,
            onProgress: (p) => send({ framesDone: p.itemsDone, framesTotal: p.itemsTotal, fraction: p.fraction }),
          },
        )
        .then(
          (r) => {
            const { path, frames, width, height, fps, bytes } = r
            const file = { path, format: r.format as ExportFormat, frames, width, height, fps, bytes }
            send({ state: 'done', framesDone: r.frames, framesTotal: r.frames, fraction: 1, file })
          },
          (err: unknown) => {
            const cancelled = err instanceof EngineError && err.code === 'cancelled'
            send({ state: cancelled ? 'cancelled' : 'failed', message: messageOf(err, cancelled) })
          },
        )
        .finally(() => running.delete(jobId))
      return { jobId }
    },

    'export.cancel': async ({ jobId }) => {
      const controller = running.get(jobId)
      if (!controller) throw new IpcUserError(`No running export ${jobId} (it may have finished already).`)
      controller.abort()
    },

    'export.reveal': async ({ targetId }) => {
      const { path } = targetOf(targetId)
      dialogs().reveal(path)
      return { path }
    },
  }
}

function messageOf(err: unknown, cancelled: boolean): string {
  if (cancelled) return 'The export was cancelled; nothing was written.'
  return err instanceof Error ? err.message : String(err)
}
