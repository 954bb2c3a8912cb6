// One export at a time from the dialog: where to (main's save dialog), start, follow progress, cancel,
// and reveal the written file. A failure keeps the dialog usable so the user can pick another place.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react'
import type { ExportFormat, ExportProgress, ExportTarget } from '../../../../src-preload/api'
import { messageOf, studio } from '../../bridge/studio'

export interface ExportOptions {
  fps: number
  width?: number
  height?: number
}

export interface ExportJobModel {
  target: ExportTarget | null
  progress: ExportProgress | null
  /** A call that failed (choosing, starting); a failed export is progress.state 'failed'. */
  error: string | null
  revealed: string | null
  running: boolean
  choose(format: ExportFormat): Promise<void>
  start(options: ExportOptions): Promise<void>
  cancel(): Promise<void>
  reveal(): Promise<void>
  /** Forgets the target (a .mp4 target cannot take a gif). */
  clearTarget(): void
}

export function useExportJob(projectId: string): ExportJobModel {
  const [target, setTarget] = useState<ExportTarget | null>(null)
  const [jobId, setJobId] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [revealed, setRevealed] = useState<string | null>(null)
  // Events by job id: the first ones may arrive before the reply to start names the job.
  const events = useRef(new Map<string, ExportProgress>())
  const [, changed] = useReducer((n: number) => n + 1, 0)

  useEffect(
    () =>
      studio().events.on('export.progress', (p) => {
        if (p.projectId !== projectId) return
        events.current.set(p.jobId, p)
        changed()
      }),
    [projectId],
  )

  const attempt = useCallback(async (fn: () => Promise<void>) => {
    setError(null)
    try {
      await fn()
    } catch (err) {
      setError(messageOf(err))
    }
  }, [])

  const forgetJob = () => {
    setJobId(null)
    setRevealed(null)
  }

  const progress = jobId ? (events.current.get(jobId) ?? null) : null
  const running = jobId !== null && (progress === null || progress.state === 'running')
  return {
    target,
    progress,
    error,
    revealed,
    running,
    choose: (format) =>
      attempt(async () => {
        const chosen = await studio().export.chooseTarget({ projectId, format })
        if (!chosen) return
        setTarget(chosen)
        forgetJob()
      }),
    start: (options) =>
      attempt(async () => {
        if (!target) throw new Error('Choose where to save first.')
        forgetJob()
        const started = await studio().export.start({ projectId, targetId: target.targetId, ...options })
        setJobId(started.jobId)
      }),
    cancel: () => attempt(async () => void (jobId && (await studio().export.cancel({ jobId })))),
    reveal: () =>
      attempt(async () => {
        if (target) setRevealed((await studio().export.reveal({ targetId: target.targetId })).path)
      }),
    clearTarget: () => {
      setTarget(null)
      forgetJob()
    },
  }
}
