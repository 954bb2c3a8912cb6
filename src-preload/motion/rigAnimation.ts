// The rig animation as the project stores it, and the motion it means (docs/decisions/0260). The rig's keys
// (rotations, lengths, easing) are the project's only record of a studio-made motion; the studio previews
// them and the engine renders them through the same functions below, so both see the same poses.

import type { Pose18, RigAnimation, RigEasing, RigKey, SameSet } from '../api'
import type { RigHand } from '../document/rigAnimation'
import type { HandPose } from './rig/hand'
import type { PosePartsFields } from '../document/pose'
import { buildRig } from './rig/rig'
import { RIG_JOINT_COUNT } from './rig/skeleton'
import type { Easing } from './timeline/easing'
import type { Keyframes } from './timeline/keyframes'
import { sampleParts, sampleSequence } from './timeline/sequence'

/** Timeline length of a project that has never saved one. */
export const DEFAULT_FRAME_COUNT = 24

/** The contract spells the easings out; this fails to compile when the two lists drift apart. */
export const EASINGS_MATCH_CONTRACT: SameSet<RigEasing, Easing> = true

export function toRigAnimation(frameCount: number, keys: Keyframes): RigAnimation {
  return {
    frameCount,
    keys: keys.map((k): RigKey => ({
      frame: k.frame,
      easing: k.easing,
      root: [...k.pose.root],
      rotations: k.pose.rotations.map((q) => [...q]),
      lengths: [...k.pose.lengths],
      ...(k.pose.hands && { hands: { left: savedHand(k.pose.hands.left), right: savedHand(k.pose.hands.right) } }),
      ...(k.pose.face && { face: { ...k.pose.face } }),
    })),
  }
}

function savedHand(hand: HandPose | null): RigHand | null {
  return hand && { flex: [...hand.flex], spread: hand.spread }
}

/** Saved keys back to the timeline's; keys that do not fit this rig are dropped and counted. */
export function fromRigAnimation(animation: RigAnimation): { frameCount: number; keys: Keyframes; dropped: number } {
  const fits = (k: RigKey) =>
    k.rotations.length === RIG_JOINT_COUNT && k.lengths.length === RIG_JOINT_COUNT && k.frame < animation.frameCount
  const keys = animation.keys
    .filter(fits)
    .sort((a, b) => a.frame - b.frame)
    .map((k) => ({
      frame: k.frame,
      easing: k.easing,
      pose: {
        root: k.root,
        rotations: k.rotations,
        lengths: k.lengths,
        ...(k.hands && { hands: k.hands }),
        ...(k.face && { face: k.face }),
      },
    }))
  return { frameCount: animation.frameCount, keys, dropped: animation.keys.length - keys.length }
}

/**
 * What the render animates: the timeline's pose of every frame from the first key to the last, the rig
 * built from the source pose and sampled through the image camera of that aspect (width / height).
 */
export function rigMotion(source: Pose18, aspect: number, animation: RigAnimation): Pose18[] {
  const { keys, frameCount } = fromRigAnimation(animation)
  if (keys.length === 0) return []
  const sequence = sampleSequence(buildRig(source, aspect), keys, frameCount)
  return sequence.slice(keys[0].frame, keys[keys.length - 1].frame + 1)
}

/** The hands and face of each frame rigMotion gives (same frames); empty when no key has any (decision 0341). */
export function rigMotionParts(source: Pose18, aspect: number, animation: RigAnimation): PosePartsFields[] {
  const { keys, frameCount } = fromRigAnimation(animation)
  if (!keys.some((k) => k.pose.hands?.left || k.pose.hands?.right || k.pose.face)) return []
  const parts = sampleParts(buildRig(source, aspect), keys, frameCount)
  return parts.slice(keys[0].frame, keys[keys.length - 1].frame + 1)
}

/** How many frames rigMotion gives, without a source pose (the project header and library card show it). */
export function rigMotionLength(animation: RigAnimation): number {
  const { keys } = fromRigAnimation(animation)
  return keys.length === 0 ? 0 : keys[keys.length - 1].frame - keys[0].frame + 1
}
