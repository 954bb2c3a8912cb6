// The states of the select tool:
//   idle ──down on a joint──▶ pointing ──moved > 3 px──▶ dragging  (move mode: IK, or translate the body)
//                                                  └──▶ rotating  (rotate mode: turn about the view axis)
//   idle ──gizmo grabbed──▶ gizmo  (the three.js rotate gizmo reports world rotations)
// Dragging, rotating and gizmo each open one history mark and close it on pointer up: one undo per gesture.
// Each gesture computes every move from the pose captured when it began (at pointer-down, or when the gizmo is
// grabbed), never from the pose its last move left, so a drag's result depends only on where it ends.

import { quatFromAxisAngle, type Quat } from '../../../../../src-preload/motion/rig/math/quat'
import type { Vec3 } from '../../../../../src-preload/motion/rig/math/vec3'
import type { RigPose } from '../../../../../src-preload/motion/rig/pose'
import { RIG_JOINT_NAMES } from '../../../../../src-preload/motion/rig/skeleton'
import { handlePosition } from './handles'
import { ToolState, type PointerInput } from './toolState'
import type { ScreenPoint } from './viewport'

const DRAG_THRESHOLD_PX = 3

interface GrabInfo {
  readonly joint: number
  readonly start: ScreenPoint
  /** The pose at pointer-down: what the gesture edits. */
  readonly pose: RigPose
}

/** Waiting. A press on a joint selects it; a click (not a camera drag) on empty space deselects. */
export class IdleState extends ToolState {
  readonly id = 'idle'
  private pressedEmptyAt: ScreenPoint | null = null

  override onPointerDown(e: PointerInput): void {
    const joint = this.ctx.hitTest(e)
    this.pressedEmptyAt = joint === null ? e : null
    if (joint === null) return
    this.ctx.editor.selectJoint(joint)
    this.ctx.transition('pointing', { joint, start: e, pose: this.ctx.editor.pose } satisfies GrabInfo)
  }

  override onPointerUp(e: PointerInput): void {
    const at = this.pressedEmptyAt
    this.pressedEmptyAt = null
    if (at && Math.hypot(e.x - at.x, e.y - at.y) < DRAG_THRESHOLD_PX) this.ctx.editor.selectJoint(null)
  }
}

export class PointingState extends ToolState {
  readonly id = 'pointing'
  private grab!: GrabInfo

  override onEnter(info: GrabInfo): void {
    this.grab = info
  }

  override onPointerMove(e: PointerInput): void {
    if (Math.hypot(e.x - this.grab.start.x, e.y - this.grab.start.y) < DRAG_THRESHOLD_PX) return
    const next = this.ctx.editor.toolMode === 'rotate' ? 'rotating' : 'dragging'
    this.ctx.transition(next, this.grab).onPointerMove(e)
  }

  override onPointerUp(): void {
    this.ctx.transition('idle')
  }

  override onCancel(): void {
    this.ctx.transition('idle')
  }
}

/** A gesture holds one history mark (opened on enter): pointer up closes it, Escape rolls it back. */
abstract class GestureState extends ToolState {
  override onPointerUp(): void {
    this.ctx.editor.endGesture()
    this.ctx.transition('idle')
  }

  override onCancel(): void {
    this.ctx.editor.cancelGesture()
    this.ctx.transition('idle')
  }
}

/** Move mode: the joint follows the pointer on the camera-facing plane through where it was grabbed. */
export class DraggingState extends GestureState {
  readonly id = 'dragging'
  private joint = 0
  private startPose!: RigPose
  private depthRef: Vec3 = [0, 0, 0]
  private grabOffset: ScreenPoint = { x: 0, y: 0 }

  override onEnter(info: GrabInfo): void {
    const { editor } = this.ctx
    this.joint = info.joint
    this.startPose = info.pose
    this.depthRef = handlePosition(editor.world.positions, info.joint)
    const onScreen = this.ctx.viewport().project(this.depthRef)
    this.grabOffset = { x: onScreen.x - info.start.x, y: onScreen.y - info.start.y }
    editor.mark(`drag ${RIG_JOINT_NAMES[info.joint]}`)
  }

  override onPointerMove(e: PointerInput): void {
    const viewport = this.ctx.viewport()
    const target = viewport.unproject({ x: e.x + this.grabOffset.x, y: e.y + this.grabOffset.y }, this.depthRef)
    this.ctx.editor.dragJointTo(this.joint, target, viewport.viewDirection(), this.startPose)
  }
}

/** Rotate mode: the joint's bones turn about the view axis by the angle the pointer sweeps around it. */
export class RotatingState extends GestureState {
  readonly id = 'rotating'
  private joint = 0
  private startPose!: RigPose
  private pivot: ScreenPoint = { x: 0, y: 0 }
  private startAngle = 0

  override onEnter(info: GrabInfo): void {
    const { editor } = this.ctx
    this.joint = info.joint
    this.startPose = info.pose
    this.pivot = this.ctx.viewport().project(editor.world.positions[info.joint])
    this.startAngle = Math.atan2(info.start.y - this.pivot.y, info.start.x - this.pivot.x)
    editor.mark(`rotate ${RIG_JOINT_NAMES[info.joint]}`)
  }

  override onPointerMove(e: PointerInput): void {
    // Screen y points down, so a clockwise sweep on screen is a positive turn about the view direction.
    const angle = Math.atan2(e.y - this.pivot.y, e.x - this.pivot.x) - this.startAngle
    const delta = quatFromAxisAngle(this.ctx.viewport().viewDirection(), angle)
    this.ctx.editor.rotateJointBy(this.joint, delta, this.startPose)
  }
}

/** The rotate gizmo owns the pointer; it reports the joint's new world rotation while dragged. */
export class GizmoState extends GestureState {
  readonly id = 'gizmo'
  private joint = 0
  private startPose!: RigPose

  override onEnter(info: { joint: number }): void {
    this.joint = info.joint
    this.startPose = this.ctx.editor.pose
    this.ctx.editor.mark(`rotate ${RIG_JOINT_NAMES[info.joint]}`)
  }

  change(world: Quat): void {
    this.ctx.editor.setJointWorldRotation(this.joint, world, this.startPose)
  }
}
