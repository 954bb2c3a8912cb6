// React bindings: subscribe to the editor, run the playback clock, listen for shortcuts.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { AnimationEditor } from '../editor/editor'
import { PlaybackClock } from '../timeline/playback'
import { commandForKey, isTypingTarget, runCommand, type CommandTargets } from './shortcuts'

/** Playback at the editor's fps, looping; scrubbing or editing while playing is allowed. */
export function usePlayback(editor: AnimationEditor): { playing: boolean; toggle: () => void; stop: () => void } {
  const [playing, setPlaying] = useState(false)
  const clock = useMemo(
    () =>
      new PlaybackClock(
        { fps: editor.fps, frameCount: editor.frameCount, loop: true },
        (frame) => editor.setFrame(frame),
        () => setPlaying(false),
      ),
    [editor],
  )
  useEffect(() => () => clock.pause(), [clock])
  useEffect(() => {
    clock.update({ fps: editor.fps, frameCount: editor.frameCount, loop: true })
  })
  const toggle = useCallback(() => {
    if (clock.playing) return clock.pause()
    clock.play(editor.frame)
    setPlaying(true)
  }, [clock, editor])
  const stop = useCallback(() => clock.pause(), [clock])
  return { playing, toggle, stop }
}

/** Window-level shortcuts while the workspace is mounted; targets are read through a ref so they stay fresh. */
export function useWorkspaceShortcuts(targets: CommandTargets, enabled = true): void {
  const ref = useRef(targets)
  ref.current = targets
  useEffect(() => {
    if (!enabled) return
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTypingTarget(e.target)) return
      const cmd = commandForKey(e)
      if (!cmd) return
      e.preventDefault()
      runCommand(cmd, ref.current)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [enabled])
}
