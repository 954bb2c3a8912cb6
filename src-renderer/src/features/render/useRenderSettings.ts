// The project's render settings: loaded once, edited locally, saved shortly after each change (and at
// once before a render starts, through flush), so a render always uses what the form shows.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { RenderSettings } from '../../../../src-preload/api'
import { messageOf, studio } from '../../bridge/studio'
import { useLoaded } from '../../bridge/useLoaded'

const SAVE_DELAY_MS = 400

export interface RenderSettingsModel {
  settings: RenderSettings | null
  /** Why the last load or save failed (the form keeps the user's values). */
  error: string | null
  /** Counts saves the project accepted (frame states depend on the settings). */
  saved: number
  update(next: RenderSettings): void
  /** Saves a pending change now; resolves when the project has it, rejects when it refused it. */
  flush(): Promise<void>
}

export function useRenderSettings(projectId: string): RenderSettingsModel {
  const [settings, setSettings, error, setError] = useLoaded(projectId, () => studio().render.settings({ projectId }))
  const [saved, setSaved] = useState(0)
  const pending = useRef<{ value: RenderSettings; timer: ReturnType<typeof setTimeout> } | null>(null)
  const saving = useRef<Promise<void>>(Promise.resolve())
  /** Settings the project refused: flush tries them again rather than rendering with the old ones. */
  const refused = useRef<RenderSettings | null>(null)

  const save = useCallback(
    (value: RenderSettings): Promise<void> => {
      const attempt = saving.current.then(() => studio().render.saveSettings({ projectId, settings: value }))
      saving.current = attempt.then(
        () => {
          refused.current = null
          setError(null)
          setSaved((n) => n + 1)
        },
        (err: unknown) => {
          refused.current = value
          setError(messageOf(err))
        },
      )
      return attempt.then(() => undefined)
    },
    [projectId],
  )

  /** Rejects when the project refused the settings (the message is also in `error`). */
  const flush = useCallback(() => {
    const change = pending.current
    if (!change) return refused.current ? save(refused.current) : saving.current
    clearTimeout(change.timer)
    pending.current = null
    return save(change.value)
  }, [save])

  const update = useCallback(
    (next: RenderSettings) => {
      setSettings(next)
      if (pending.current) clearTimeout(pending.current.timer)
      pending.current = { value: next, timer: setTimeout(() => void flush().catch(() => {}), SAVE_DELAY_MS) }
    },
    [flush],
  )

  useEffect(() => () => void flush().catch(() => {}), [flush])
  return { settings, error, saved, update, flush }
}
