// The editor's React binding: components that draw the animation re-render when it changes.
import { useCallback, useSyncExternalStore } from 'react'
import type { AnimationEditor } from './editor'

/** Re-render whenever the editor changes; returns its version number. */
export function useEditorVersion(editor: AnimationEditor): number {
  const subscribe = useCallback((cb: () => void) => editor.subscribe(cb), [editor])
  return useSyncExternalStore(subscribe, () => editor.version)
}
