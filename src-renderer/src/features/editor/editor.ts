// The workspace's editor: the rig, the undoable animation document and the UI state around it (frame,
// selection, settings). Tool states, the three.js view, the timeline and keyboard shortcuts all act
// through these methods; React re-renders on subscribe().

import type { Pose18 } from '../../../../src-preload/api'
import { History } from '../history/history'
import { dragJoint, dragRuleFor, pullIntoReach, chainReach } from '../../../../src-preload/motion/rig/ik'
import {
  conjugateQuat,
  IDENTITY_QUAT,
  mulQuat,
  normalizeQuat,
  type Quat,
} from '../../../../src-preload/motion/rig/math/quat'
import type { Vec3 } from '../../../../src-preload/motion/rig/math/vec3'
import { mirrorPose, symmetrizePose, type Side } from '../../../../src-preload/motion/rig/mirror'
import {
  forwardKinematics,
  resetPose,
  withRotation,
  type RigPose,
  type WorldPose,
} from '../../../../src-preload/motion/rig/pose'
import { buildRig, type Rig } from '../../../../src-preload/motion/rig/rig'
import { RIG_PARENTS } from '../../../../src-preload/motion/rig/skeleton'
import type { Easing } from '../../../../src-preload/motion/timeline/easing'
import {
  assertFrame,
  clampToLength,
  copyKeyframes,
  deleteKeyframes,
  keyframeAt,
  neighbourKeyFrame,
  pasteKeyframes,
  setEasing,
  type KeyClipboard,
  type Keyframes,
} from '../../../../src-preload/motion/timeline/keyframes'
import { emptyDoc, keyFrame, poseOnFrame, writePose, type AnimationDoc } from './animationDoc'
import { KeyDrag } from './keyDrag'

export interface EditorOptions {
  readonly source: Pose18
  /** Source image width / height. */
  readonly aspect: number
  readonly fps: number
  readonly frameCount: number
  readonly keyframes?: Keyframes
}

export type ToolMode = 'move' | 'rotate'

export class AnimationEditor {
  readonly history: History<AnimationDoc>
  rig: Rig
  fps: number
  frameCount: number
  frame = 0
  selectedJoint: number | null = null
  selectedKeys: number[] = []
  lengthsLocked = true
  autoKey = false
  toolMode: ToolMode = 'move'
  clipboard: KeyClipboard | null = null
  /** Bumped on every change; React reads it with useSyncExternalStore. */
  version = 0
  private readonly listeners = new Set<() => void>()
  private keyDrag: KeyDrag | null = null

  constructor(opts: EditorOptions) {
    assertTiming(opts.fps, opts.frameCount)
    this.rig = buildRig(opts.source, opts.aspect)
    this.fps = opts.fps
    this.frameCount = opts.frameCount
    this.history = new History(emptyDoc(clampToLength(opts.keyframes ?? [], opts.frameCount)))
    this.history.subscribe(() => this.afterDocChange())
  }

  get doc(): AnimationDoc {
    return this.history.doc
  }

  get keyframes(): Keyframes {
    return this.doc.keyframes
  }

  /** The pose the rig shows on the current frame. */
  get pose(): RigPose {
    return poseOnFrame(this.rig, this.doc, this.frame)
  }

  get world(): WorldPose {
    return forwardKinematics(this.rig, this.pose)
  }

  get hasDraft(): boolean {
    return this.doc.draft?.frame === this.frame
  }

  get isKeyed(): boolean {
    return keyframeAt(this.keyframes, this.frame) !== undefined
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  // ── gestures ──────────────────────────────────────────────────────────────────────────────────────────

  mark(label: string): void {
    this.history.mark(label)
  }

  endGesture(): void {
    this.history.end()
  }

  cancelGesture(): void {
    this.history.cancel()
  }

  /** Replace the current frame's pose (one undo entry unless inside a gesture). */
  setPose(pose: RigPose, label = 'edit pose'): void {
    this.history.change((doc) => writePose(doc, this.frame, pose, this.autoKey), label)
  }

  editPose(edit: (pose: RigPose, rig: Rig) => RigPose, label: string): void {
    this.setPose(edit(this.pose, this.rig), label)
  }

  /** Give `joint` a new world orientation (what the rotate gizmo reports), starting from `from`. */
  setJointWorldRotation(joint: number, world: Quat, from: RigPose = this.pose): void {
    const parent = RIG_PARENTS[joint]
    const parentWorld = parent < 0 ? IDENTITY_QUAT : forwardKinematics(this.rig, from).rotations[parent]
    this.setPose(withRotation(from, joint, normalizeQuat(mulQuat(conjugateQuat(parentWorld), world))), 'rotate')
  }

  /** Turn `joint` by a world-space rotation `delta` applied on top of its orientation in `from`. */
  rotateJointBy(joint: number, delta: Quat, from: RigPose = this.pose): void {
    const world = forwardKinematics(this.rig, from).rotations[joint]
    this.setJointWorldRotation(joint, mulQuat(delta, world), from)
  }

  /**
   * Drag a joint towards a world target, starting from `from` (a gesture passes its start pose). `viewRay`
   * (camera forward) lets a locked limb reach any point it can reach on screen: the target slides along the
   * ray into reach.
   */
  dragJointTo(joint: number, target: Vec3, viewRay?: Vec3, from: RigPose = this.pose): void {
    const rule = dragRuleFor(joint)
    let goal = target
    if (viewRay && this.lengthsLocked && rule.kind !== 'translate') {
      const anchor = forwardKinematics(this.rig, from).positions[rule.chain[0]]
      goal = pullIntoReach(target, viewRay, anchor, chainReach(from, rule.chain))
    }
    this.setPose(dragJoint(this.rig, from, joint, goal, { lengthsLocked: this.lengthsLocked }), 'drag')
  }

  // ── pose commands ─────────────────────────────────────────────────────────────────────────────────────

  mirror(): void {
    this.editPose((pose, rig) => mirrorPose(rig, pose), 'mirror')
  }

  symmetrize(from: Side): void {
    this.editPose((pose, rig) => symmetrizePose(rig, pose, from), `copy ${from} side`)
  }

  /** Back to the source pose (the selected joint only when `selectedOnly`). */
  resetToSource(selectedOnly = false): void {
    const joint = selectedOnly && this.selectedJoint !== null ? this.selectedJoint : undefined
    this.editPose((pose, rig) => resetPose(rig, pose, joint), 'reset pose')
  }

  toggleLengthLock(): void {
    this.lengthsLocked = !this.lengthsLocked
    this.changed()
  }

  setAutoKey(on: boolean): void {
    this.autoKey = on
    this.changed()
  }

  setToolMode(mode: ToolMode): void {
    this.toolMode = mode
    this.changed()
  }

  selectJoint(joint: number | null): void {
    if (this.selectedJoint === joint) return
    this.selectedJoint = joint
    this.changed()
  }

  // ── timeline ──────────────────────────────────────────────────────────────────────────────────────────

  setFrame(frame: number): void {
    const clamped = Math.max(0, Math.min(this.frameCount - 1, Math.round(frame)))
    if (clamped === this.frame) return
    this.frame = clamped
    this.changed()
  }

  stepFrame(delta: number): void {
    this.setFrame(this.frame + delta)
  }

  jumpToKey(direction: -1 | 1): void {
    const frame = neighbourKeyFrame(this.keyframes, this.frame, direction)
    if (frame !== undefined) this.setFrame(frame)
  }

  /** K: key what the current frame shows. */
  keyPose(): void {
    this.history.change((doc) => keyFrame(this.rig, doc, this.frame), 'key pose')
    this.selectKeys([this.frame])
  }

  selectKeys(frames: readonly number[], additive = false): void {
    const next = additive ? [...new Set([...this.selectedKeys, ...frames])] : [...frames]
    this.selectedKeys = next.sort((a, b) => a - b)
    this.changed()
  }

  deleteSelectedKeys(): void {
    const frames = this.selectedKeys
    this.history.change((doc) => ({ keyframes: deleteKeyframes(doc.keyframes, frames) }), 'delete keys')
    this.selectKeys([])
  }

  copySelectedKeys(): void {
    this.clipboard = copyKeyframes(this.keyframes, this.selectedKeys)
    this.changed()
  }

  /** Paste at the current frame; returns how many keys fell past the end. */
  pasteKeys(): number {
    const clip = this.clipboard
    if (!clip || clip.keys.length === 0) return 0
    const result = pasteKeyframes(this.keyframes, clip, this.frame, this.frameCount)
    this.history.change(() => ({ keyframes: result.keys }), 'paste keys')
    this.selectKeys(result.frames)
    return result.dropped
  }

  setSelectedEasing(easing: Easing): void {
    const frames = this.selectedKeys
    this.history.change((doc) => ({ keyframes: setEasing(doc.keyframes, frames, easing) }), 'easing')
  }

  /** Dragging keys: begin, update with the total frame offset so far, end (one undo entry). */
  beginKeyDrag(): void {
    this.mark('move keys')
    this.keyDrag = new KeyDrag(this.keyframes, this.selectedKeys)
  }

  updateKeyDrag(delta: number): void {
    if (!this.keyDrag) return
    const moved = this.keyDrag.at(delta, this.frameCount)
    this.history.change(() => ({ keyframes: moved.keys }))
    this.selectedKeys = moved.frames
    this.changed()
  }

  endKeyDrag(): void {
    this.keyDrag = null
    this.endGesture()
  }

  // ── history and settings ──────────────────────────────────────────────────────────────────────────────

  undo(): void {
    this.history.undo()
  }

  redo(): void {
    this.history.redo()
  }

  /** A new project fps or length: keys past the end are dropped (undoably). */
  setTiming(fps: number, frameCount: number): void {
    assertTiming(fps, frameCount)
    this.fps = fps
    this.frameCount = frameCount
    this.history.change((doc) => ({ keyframes: clampToLength(doc.keyframes, frameCount) }), 'timeline length')
    this.setFrame(Math.min(this.frame, frameCount - 1))
    this.changed()
  }

  /** A new source pose rebuilds the rig; keys keep their rotations, which now apply to the new proportions. */
  setSource(source: Pose18, aspect: number): void {
    this.rig = buildRig(source, aspect)
    this.changed()
  }

  /** Undo/redo can remove keys: drop them from the selection too. */
  private afterDocChange(): void {
    const frames = new Set(this.keyframes.map((k) => k.frame))
    if (this.selectedKeys.some((f) => !frames.has(f)))
      this.selectedKeys = this.selectedKeys.filter((f) => frames.has(f))
    this.changed()
  }

  private changed(): void {
    this.version++
    for (const listener of this.listeners) listener()
  }
}

function assertTiming(fps: number, frameCount: number): void {
  if (!(fps > 0)) throw new RangeError(`The project frame rate must be positive, got ${fps}`)
  if (!Number.isInteger(frameCount) || frameCount < 1) {
    throw new RangeError(`The timeline needs a whole number of frames ≥ 1, got ${frameCount}`)
  }
  assertFrame(0, frameCount)
}
