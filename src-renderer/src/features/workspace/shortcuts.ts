// Keyboard habits of animation tools, as a pure key → command table (testable without a DOM) and the
// runner that applies a command to the editor and the player.

import type { AnimationEditor } from '../editor/editor'

export type WorkspaceCommand =
  | 'playPause'
  | 'prevFrame'
  | 'nextFrame'
  | 'back10'
  | 'forward10'
  | 'prevKey'
  | 'nextKey'
  | 'firstFrame'
  | 'lastFrame'
  | 'keyPose'
  | 'undo'
  | 'redo'
  | 'deleteKeys'
  | 'copyKeys'
  | 'pasteKeys'
  | 'mirror'
  | 'moveMode'
  | 'rotateMode'
  | 'toggleLengthLock'
  | 'resetJoint'
  | 'cancel'

export interface KeyInput {
  readonly key: string
  readonly ctrlKey?: boolean
  readonly metaKey?: boolean
  readonly shiftKey?: boolean
  readonly altKey?: boolean
}

/** Shortcut list for the help overlay: keys as shown, what they do. */
export const SHORTCUT_HELP: readonly (readonly [string, string])[] = [
  ['Space', 'Play / pause'],
  ['← / →', 'Previous / next frame (Shift: 10 frames)'],
  ['↓ / ↑', 'Previous / next key'],
  ['Home / End', 'First / last frame'],
  ['K', 'Key the current pose'],
  ['Ctrl+Z / Ctrl+Shift+Z', 'Undo / redo'],
  ['Delete', 'Delete selected keys'],
  ['Ctrl+C / Ctrl+V', 'Copy / paste keys'],
  ['G / R', 'Drag joints (IK) / rotate joints'],
  ['M', 'Mirror pose left ↔ right'],
  ['L', 'Lock / unlock bone lengths'],
  ['Alt+R', 'Reset selected joint (or the pose) to the source'],
  ['Esc', 'Cancel the drag in progress'],
]

export function commandForKey(e: KeyInput): WorkspaceCommand | null {
  const mod = Boolean(e.ctrlKey || e.metaKey)
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key
  if (mod) {
    if (key === 'z') return e.shiftKey ? 'redo' : 'undo'
    if (key === 'y') return 'redo'
    if (key === 'c') return 'copyKeys'
    if (key === 'v') return 'pasteKeys'
    return null
  }
  if (e.altKey) return key === 'r' ? 'resetJoint' : null
  const plain: Record<string, WorkspaceCommand> = {
    ' ': 'playPause',
    ArrowLeft: e.shiftKey ? 'back10' : 'prevFrame',
    ArrowRight: e.shiftKey ? 'forward10' : 'nextFrame',
    ArrowDown: 'prevKey',
    ArrowUp: 'nextKey',
    Home: 'firstFrame',
    End: 'lastFrame',
    k: 'keyPose',
    Delete: 'deleteKeys',
    Backspace: 'deleteKeys',
    m: 'mirror',
    g: 'moveMode',
    r: 'rotateMode',
    l: 'toggleLengthLock',
    Escape: 'cancel',
  }
  return plain[key] ?? null
}

export interface CommandTargets {
  readonly editor: AnimationEditor
  togglePlay(): void
  /** Abandon the rig gesture in progress, if any. */
  cancelGesture(): void
}

export function runCommand(cmd: WorkspaceCommand, { editor, togglePlay, cancelGesture }: CommandTargets): void {
  const actions: Record<WorkspaceCommand, () => void> = {
    playPause: togglePlay,
    prevFrame: () => editor.stepFrame(-1),
    nextFrame: () => editor.stepFrame(1),
    back10: () => editor.stepFrame(-10),
    forward10: () => editor.stepFrame(10),
    prevKey: () => editor.jumpToKey(-1),
    nextKey: () => editor.jumpToKey(1),
    firstFrame: () => editor.setFrame(0),
    lastFrame: () => editor.setFrame(editor.frameCount - 1),
    keyPose: () => editor.keyPose(),
    undo: () => editor.undo(),
    redo: () => editor.redo(),
    deleteKeys: () => editor.deleteSelectedKeys(),
    copyKeys: () => editor.copySelectedKeys(),
    pasteKeys: () => void editor.pasteKeys(),
    mirror: () => editor.mirror(),
    moveMode: () => editor.setToolMode('move'),
    rotateMode: () => editor.setToolMode('rotate'),
    toggleLengthLock: () => editor.toggleLengthLock(),
    resetJoint: () => editor.resetToSource(editor.selectedJoint !== null),
    cancel: cancelGesture,
  }
  actions[cmd]()
}

/** Typing in a field must not trigger shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean } | null
  if (!el || typeof el.tagName !== 'string') return false
  return el.isContentEditable === true || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName.toUpperCase())
}
