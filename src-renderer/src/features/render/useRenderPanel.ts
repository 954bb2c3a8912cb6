// The render panel's link to the studio API: loads the frame list (again after every job and whenever
// the project changes), fetches images whose content changed, follows this project's render events,
// and starts or cancels jobs.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react'
import type { RenderJobKind } from '../../../../src-preload/api'
import { messageOf, studio } from '../../bridge/studio'
import { initialRenderState, renderReducer, type RenderPanelState } from './renderState'

export interface RenderPanelModel {
  state: RenderPanelState
  /** A failed call (not a failed job: that is state.outcome). */
  error: string | null
  select(frame: number | null): void
  /** Starts a job after `beforeStart` (e.g. saving pending settings) has finished. */
  start(kind: RenderJobKind, frame?: number): Promise<void>
  cancel(): Promise<void>
  refresh(): Promise<void>
}

/** `active`: the panel is shown; checking frame states opens the model, so a hidden panel does not. */
export function useRenderPanel(
  projectId: string,
  revision: unknown,
  beforeStart: () => Promise<unknown>,
  active = true,
): RenderPanelModel {
  const [state, dispatch] = useReducer(renderReducer, initialRenderState)
  const [error, setError] = useState<string | null>(null)
  const requested = useRef(new Set<string>())

  const refresh = useCallback(async () => {
    try {
      dispatch({ type: 'listLoaded', list: await studio().render.frames({ projectId }) })
    } catch (err) {
      setError(messageOf(err))
    }
  }, [projectId])

  useEffect(() => {
    if (active) void refresh()
  }, [refresh, revision, active])
  useEffect(() => {
    if (state.outcome && active) void refresh()
  }, [state.outcome, refresh, active])

  useEffect(() => {
    for (const info of state.list?.frames ?? []) {
      const key = `${info.frame}:${info.imageId}`
      if (!info.imageId || state.images[info.frame]?.imageId === info.imageId || requested.current.has(key)) continue
      requested.current.add(key)
      studio()
        .render.frameImage({ projectId, frame: info.frame })
        .then((image) => dispatch({ type: 'imageLoaded', image }))
        .catch((err: unknown) => setError(messageOf(err)))
    }
  }, [state.list, state.images, projectId])

  useEffect(() => {
    const { events } = studio()
    const offs = [
      events.on('render.progress', (progress) => {
        if (progress.projectId === projectId) dispatch({ type: 'progress', progress })
      }),
      events.on('render.frame', ({ projectId: id, jobId, image }) => {
        if (id === projectId) dispatch({ type: 'frameRendered', jobId, image })
      }),
    ]
    return () => offs.forEach((off) => off())
  }, [projectId])

  const start = useCallback(
    async (kind: RenderJobKind, frame?: number) => {
      setError(null)
      try {
        await beforeStart()
        const { render } = studio()
        const { jobId } =
          kind === 'frame'
            ? await render.rerenderFrame({ projectId, frame: frame ?? 0 })
            : kind === 'stale'
              ? await render.rerenderStale({ projectId })
              : await render.start({ projectId })
        dispatch({ type: 'jobStarted', jobId, kind, frame })
      } catch (err) {
        setError(messageOf(err))
      }
    },
    [projectId, beforeStart],
  )

  const jobId = state.job?.jobId
  const cancel = useCallback(async () => {
    if (!jobId) return
    try {
      await studio().render.cancel({ jobId })
    } catch (err) {
      setError(messageOf(err))
    }
  }, [jobId])

  const select = useCallback((frame: number | null) => dispatch({ type: 'select', frame }), [])
  return { state, error, select, start, cancel, refresh }
}
