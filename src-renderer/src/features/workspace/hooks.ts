// React bindings: subscribe to the editor, run the playback clock, listen for shortcuts.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { AnimationEditor } from '../editor/editor'
import { PlaybackClock } from '../timeline/playback'
import { commandForKey, isTypingTarget, runCommand, type CommandTargets, type WorkspaceCommand } from './shortcuts'

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

const FRAME_STEPS = new Set<WorkspaceCommand>(['prevFrame', 'nextFrame', 'back10', 'forward10', 'firstFrame', 'lastFrame', 'prevKey', 'nextKey']) // prettier-ignore

/** A selected tab whose panel holds the workspace (so its keys step frames rather than switch tabs). */
function opensWorkspaceTab(el: Element): boolean {
  if (el.getAttribute('role') !== 'tab' || el.getAttribute('aria-selected') !== 'true') return false
  const panel = document.getElementById(el.getAttribute('aria-controls') ?? '')
  return panel?.querySelector('[data-testid="rig-timeline-workspace"]') != null
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
    // A clicked tab keeps the focus, and the tab list turns ←/→/Home/End into tab switches (issue 13):
    // on a tab, the workspace takes those keys first (window capture) so they step frames instead.
    const onTabKeyDown = (e: KeyboardEvent) => {
      if (!(e.target instanceof Element) || !opensWorkspaceTab(e.target)) return
      const cmd = commandForKey(e)
      if (!cmd || !FRAME_STEPS.has(cmd)) return
      e.preventDefault()
      e.stopPropagation()
      runCommand(cmd, ref.current)
    }
    window.addEventListener('keydown', onTabKeyDown, true)
    window.addEventListener('keydown', onKeyDown)
    return () => {
      window.removeEventListener('keydown', onTabKeyDown, true)
      window.removeEventListener('keydown', onKeyDown)
    }
  }, [enabled])
}
