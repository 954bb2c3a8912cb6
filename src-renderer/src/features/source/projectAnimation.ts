// The rig animation as the project stores it. The rig's keys (rotations, easing) are saved as they are, so
// reopening restores them exactly; the project's keyframes get the motion the render uses: the timeline's
// sampled OpenPose pose of every frame from the first key to the last (docs/decisions/0151).

import type {
  Keyframe as PoseKeyframe,
  Pose18,
  RigAnimation,
  RigEasing,
  RigKey,
  SameSet,
} from '../../../../src-preload/api'
import { buildRig, RIG_JOINT_COUNT, sampleSequence, type Easing, type Keyframes } from '..'

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
    })),
  }
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
      pose: { root: k.root, rotations: k.rotations, lengths: k.lengths },
    }))
  return { frameCount: animation.frameCount, keys, dropped: animation.keys.length - keys.length }
}

/** One project keyframe per frame from the first key to the last: what the render animates. */
export function motionKeyframes(source: Pose18, aspect: number, keys: Keyframes, frameCount: number): PoseKeyframe[] {
  if (keys.length === 0) return []
  const sequence = sampleSequence(buildRig(source, aspect), keys, frameCount)
  const first = keys[0].frame
  const last = keys[keys.length - 1].frame
  return sequence.slice(first, last + 1).map((pose, i) => ({ frame: first + i, pose }))
}
