// Loads the rig animation of a project and saves its keys back as the animator works, a moment after the
// last change. The keys are all the project stores of the motion: the engine derives the frames the render
// uses from them and the source pose (docs/decisions/0260), so a source pose change needs no save here.

import { useCallback, useEffect, useRef, useState } from 'react'
import type { ProjectDetails } from '../../../../src-preload/api'
import { messageOf, studio } from '../../bridge/studio'
import type { Keyframes, KeyframesChange } from '..'
import { DEFAULT_FRAME_COUNT, fromRigAnimation, toRigAnimation } from '../../../../src-preload/motion/rigAnimation'

const SAVE_AFTER_MS = 300

export interface ProjectAnimation {
  /** False until the saved animation has been read. */
  readonly ready: boolean
  readonly frameCount: number
  readonly loadError: string | null
  readonly saveError: string | null
  /** Saved keys that no longer fit the rig (dropped on open). */
  readonly dropped: number
  /** The keys as last changed (what a newly mounted workspace starts from). */
  currentKeys(): Keyframes
  setFrameCount(frameCount: number): void
  onKeysChange(change: KeyframesChange): void
  /** Resolves once everything changed so far is saved. */
  flush(): Promise<void>
}

/** `onSaved` gets the project as it stands after each save (its motion length and time of change). */
export function useProjectAnimation(projectId: string, onSaved: (details: ProjectDetails) => void): ProjectAnimation {
  const [ready, setReady] = useState(false)
  const [frameCount, setFrameCountState] = useState(DEFAULT_FRAME_COUNT)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [saveError, setSaveError] = useState<string | null>(null)
  const [dropped, setDropped] = useState(0)
  const latest = useRef({ frameCount: DEFAULT_FRAME_COUNT, keys: [] as Keyframes, dirty: false })
  const onSavedRef = useRef(onSaved)
  onSavedRef.current = onSaved
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const chain = useRef<Promise<void>>(Promise.resolve())

  useEffect(() => {
    let current = true
    setReady(false)
    setLoadError(null)
    studio()
      .animation.get({ projectId })
      .then((saved) => {
        if (!current) return
        const restored = saved ? fromRigAnimation(saved) : { frameCount: DEFAULT_FRAME_COUNT, keys: [], dropped: 0 }
        latest.current = { frameCount: restored.frameCount, keys: restored.keys, dirty: false }
        setFrameCountState(restored.frameCount)
        setDropped(restored.dropped)
        setReady(true)
      })
      .catch((err: unknown) => current && setLoadError(messageOf(err)))
    return () => {
      current = false
    }
  }, [projectId])

  const save = useCallback(async () => {
    const { frameCount: count, keys, dirty } = latest.current
    if (!dirty) return
    latest.current.dirty = false
    try {
      await studio().animation.save({ projectId, ...toRigAnimation(count, keys) })
      onSavedRef.current(await studio().project.open({ projectId }))
      setSaveError(null)
    } catch (err) {
      latest.current.dirty = true // try again with the next change or flush
      setSaveError(messageOf(err))
    }
  }, [projectId])

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    chain.current = chain.current.then(save)
    return chain.current
  }, [save])

  const schedule = useCallback(() => {
    latest.current.dirty = true
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => void flush(), SAVE_AFTER_MS)
  }, [flush])

  useEffect(() => () => void flush(), [flush])

  return {
    ready,
    frameCount,
    loadError,
    saveError,
    dropped,
    setFrameCount: (count) => {
      latest.current.frameCount = count
      setFrameCountState(count)
      schedule()
    },
    onKeysChange: (change) => {
      latest.current.keys = change.keyframes
      schedule()
    },
    currentKeys: () => latest.current.keys,
    flush,
  }
}
