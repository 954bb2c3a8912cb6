// tldraw-style tool states: small classes with enter/exit and event handlers, one active at a time. Each
// interaction keeps its own snapshot (where it began), so every pointer move is computed from the start.

import type { AnimationEditor } from '../../editor/editor'
import type { RigViewport, ScreenPoint } from './viewport'

export type PointerInput = ScreenPoint

export interface ToolContext {
  readonly editor: AnimationEditor
  readonly viewport: () => RigViewport
  /** Joint under the pointer; the view may raycast meshes, the default picks the nearest handle. */
  readonly hitTest: (s: ScreenPoint) => number | null
  /** Switch state; returns the new state so an event can be passed on to it. */
  transition(to: string, info?: unknown): ToolState
}

export abstract class ToolState {
  abstract readonly id: string
  constructor(protected readonly ctx: ToolContext) {}
  onEnter(_info?: unknown): void {}
  onExit(): void {}
  onPointerDown(_e: PointerInput): void {}
  onPointerMove(_e: PointerInput): void {}
  onPointerUp(_e: PointerInput): void {}
  /** Escape: abandon what is in progress. */
  onCancel(): void {}
}
