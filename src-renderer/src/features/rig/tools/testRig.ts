// TestRig: drives the rig tools with pointer events in screen pixels through the image camera, no WebGL
// (after tldraw's TestEditor). Chainable: rig.pointerDown(Joint.LWrist).pointerMove(30, -40).pointerUp().

import type { Pose18 } from '../../../../../src-preload/api'
import { AnimationEditor } from '../../editor/editor'
import { viewportFor, type ImageViewport } from '../../../../../src-preload/motion/rig/camera'
import type { Quat } from '../../../../../src-preload/motion/rig/math/quat'
import type { Vec3 } from '../../../../../src-preload/motion/rig/math/vec3'
import { PORTRAIT_ASPECT, STANDING_FRONT } from '../../../../../src-preload/motion/testing/samplePoses'
import { handlePosition } from './handles'
import { RigTools } from './rigTools'
import { imageViewport, type ScreenPoint } from './viewport'

export interface TestRigOptions {
  readonly source?: Pose18
  readonly aspect?: number
  readonly heightPx?: number
  readonly fps?: number
  readonly frameCount?: number
}

export class TestRig {
  readonly editor: AnimationEditor
  readonly tools: RigTools
  readonly view: ImageViewport
  private pointer: ScreenPoint = { x: 0, y: 0 }

  constructor(opts: TestRigOptions = {}) {
    const aspect = opts.aspect ?? PORTRAIT_ASPECT
    this.view = viewportFor(aspect, opts.heightPx ?? 800)
    this.editor = new AnimationEditor({
      source: opts.source ?? STANDING_FRONT,
      aspect,
      fps: opts.fps ?? 24,
      frameCount: opts.frameCount ?? 48,
    })
    this.tools = new RigTools(this.editor, imageViewport(this.view))
  }

  /** Where a joint's handle is on screen now. */
  screenOf(joint: number): ScreenPoint {
    return imageViewport(this.view).project(handlePosition(this.editor.world.positions, joint))
  }

  screenOfWorld(p: Vec3): ScreenPoint {
    return imageViewport(this.view).project(p)
  }

  /** Press on a joint (by index) or at a screen point. */
  pointerDown(at: number | ScreenPoint): this {
    this.pointer = typeof at === 'number' ? this.screenOf(at) : at
    this.tools.pointerDown(this.pointer)
    return this
  }

  /** Move by (dx, dy) pixels from the last pointer position. */
  pointerMove(dx: number, dy: number): this {
    this.pointer = { x: this.pointer.x + dx, y: this.pointer.y + dy }
    this.tools.pointerMove(this.pointer)
    return this
  }

  pointerMoveTo(at: ScreenPoint): this {
    this.pointer = at
    this.tools.pointerMove(at)
    return this
  }

  pointerUp(): this {
    this.tools.pointerUp(this.pointer)
    return this
  }

  /** Escape. */
  cancel(): this {
    this.tools.cancel()
    return this
  }

  /** Grab the rotate gizmo on `joint`, report each world rotation in turn, release. */
  gizmoRotate(joint: number, worldRotations: readonly Quat[]): this {
    this.tools.gizmoStart(joint)
    for (const q of worldRotations) this.tools.gizmoChange(q)
    this.tools.gizmoEnd()
    return this
  }

  expectToBeIn(path: string): this {
    if (this.tools.path !== path) throw new Error(`Expected tool state ${path}, but it is ${this.tools.path}`)
    return this
  }

  get pointerPosition(): ScreenPoint {
    return this.pointer
  }
}
