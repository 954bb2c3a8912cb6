// The state machine that routes pointer input to the active select-tool state. A new state is one class
// in selectStates.ts plus one entry in `children`.

import type { AnimationEditor } from '../../editor/editor'
import type { Quat } from '../../../../../src-preload/motion/rig/math/quat'
import { jointHandles } from './handles'
import { DraggingState, GizmoState, IdleState, PointingState, RotatingState } from './selectStates'
import type { PointerInput, ToolContext, ToolState } from './toolState'
import { nearestHandle, type RigViewport, type ScreenPoint } from './viewport'

export class RigTools {
  private readonly children: Record<string, ToolState>
  private current: ToolState
  private readonly listeners = new Set<(path: string) => void>()
  private picker: ((s: ScreenPoint) => number | null) | null

  constructor(
    readonly editor: AnimationEditor,
    private viewport: RigViewport,
    hitTest?: (s: ScreenPoint) => number | null,
  ) {
    this.picker = hitTest ?? null
    const ctx: ToolContext = {
      editor,
      viewport: () => this.viewport,
      hitTest: (s) => (this.picker ?? this.nearestJoint)(s),
      transition: (to, info) => this.transition(to, info),
    }
    const states = [IdleState, PointingState, DraggingState, RotatingState, GizmoState].map((S) => new S(ctx))
    this.children = Object.fromEntries(states.map((s) => [s.id, s]))
    this.current = this.children.idle
  }

  /** Dotted path of the active state, e.g. 'select.dragging'. */
  get path(): string {
    return `select.${this.current.id}`
  }

  get busy(): boolean {
    return this.current.id !== 'idle'
  }

  setViewport(viewport: RigViewport): void {
    this.viewport = viewport
  }

  /** Use the view's own picking (raycasting); null goes back to the nearest handle on screen. */
  setPicker(picker: ((s: ScreenPoint) => number | null) | null): void {
    this.picker = picker
  }

  /** Joint whose handle is nearest the pointer, within the pick radius. */
  readonly nearestJoint = (s: ScreenPoint): number | null =>
    nearestHandle(this.viewport, jointHandles(this.editor.world.positions), s)

  pointerDown(e: PointerInput): void {
    this.current.onPointerDown(e)
  }

  pointerMove(e: PointerInput): void {
    this.current.onPointerMove(e)
  }

  pointerUp(e: PointerInput): void {
    this.current.onPointerUp(e)
  }

  cancel(): void {
    this.current.onCancel()
  }

  gizmoStart(joint: number): void {
    if (this.current.id !== 'idle') this.cancel()
    this.transition('gizmo', { joint })
  }

  gizmoChange(world: Quat): void {
    if (this.current instanceof GizmoState) this.current.change(world)
  }

  gizmoEnd(): void {
    if (this.current instanceof GizmoState) this.current.onPointerUp()
  }

  onStateChange(listener: (path: string) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private transition(to: string, info?: unknown): ToolState {
    const next = this.children[to]
    if (!next) throw new Error(`Unknown tool state '${to}'`)
    this.current.onExit()
    this.current = next
    next.onEnter(info)
    for (const listener of this.listeners) listener(this.path)
    return next
  }
}
