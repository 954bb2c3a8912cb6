// The project's target motion: one pose per timeline frame from the first key to the last (docs/decisions/0260).
// A motion keyed in the studio is stored as rig keys only (the document's animation field) and derived here with the
// studio's own code (src-preload/motion), from the source pose and the image aspect, so the CLI and a changed
// source pose need no studio to bring the motion up to date. An imported motion (project JSON) keeps its poses
// in the keyframes table; frames between two of them are linear in-betweens (0130).
import type { DocumentFields, Keyframe, Pose18 } from '../../../src-preload/document'
import type { PosePartsFields } from '../../../src-preload/document/pose'
import { fromRigAnimation, rigMotion, rigMotionParts } from '../../../src-preload/motion/rigAnimation'
import { ProjectJsonError } from './projectJson'

/** The document's fields the motion depends on: the source pose, and the rig's keys as the studio saved
 *  them (when present they are the motion; the table is ignored). */
export type MotionFields = Pick<DocumentFields, 'sourcePose' | 'animation'>

/**
 * The motion's keyed poses: every derived frame of the rig keys, or the imported table as it is.
 * `aspect` (image width / height) is asked for only when there are rig keys to derive.
 */
export function motionKeyframes(fields: MotionFields, imported: readonly Keyframe[], aspect: () => number): Keyframe[] {
  if (!fields.animation) return [...imported]
  const { keys } = fromRigAnimation(fields.animation)
  if (keys.length === 0) return []
  if (!fields.sourcePose) {
    throw new ProjectJsonError(
      "The motion is keyed on the rig, which is built from the character's pose: detect or place the pose first.",
    )
  }
  const first = keys[0].frame
  return rigMotion(fields.sourcePose, aspect(), fields.animation).map((pose, i) => ({ frame: first + i, pose }))
}

/** The hands and face of each frame of a rig-keyed motion (aligned with motionKeyframes' frames, which are
 *  dense); undefined when the motion is imported or no key has any (decision 0341). */
export function motionParts(fields: MotionFields, aspect: () => number): PosePartsFields[] | undefined {
  if (!fields.animation || !fields.sourcePose) return undefined
  const parts = rigMotionParts(fields.sourcePose, aspect(), fields.animation)
  return parts.length > 0 ? parts : undefined
}

/** Keyframes → one pose per frame; frames between two keyframes are linear in-betweens. */
export function denseMotion(keyframes: readonly Keyframe[]): Pose18[] {
  const keys = [...keyframes].sort((a, b) => a.frame - b.frame)
  const motion: Pose18[] = []
  keys.forEach((key, i) => {
    const next = keys[i + 1]
    motion.push(key.pose)
    if (!next) return
    for (let f = key.frame + 1; f < next.frame; f++) {
      motion.push(lerpPose(key.pose, next.pose, (f - key.frame) / (next.frame - key.frame)))
    }
  })
  return motion
}

function lerpPose(a: Pose18, b: Pose18, t: number): Pose18 {
  return a.map((p, i) => {
    const q = b[i]
    if (!p || !q) return t < 0.5 ? p : q
    return { x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t, confidence: Math.min(p.confidence, q.confidence) }
  })
}
