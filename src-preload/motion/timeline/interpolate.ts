// In-betweens: per-joint quaternion slerp of local rotations, linear root translation and bone lengths,
// with the leaving key's easing applied to time. Interpolating rotations (not keypoints) keeps limbs from
// shrinking mid-motion.

import { slerpQuat } from '../rig/math/quat'
import { lerp3 } from '../rig/math/vec3'
import type { RigPose } from '../rig/pose'
import { applyEasing } from './easing'
import type { Keyframes } from './keyframes'

export function interpolatePose(a: RigPose, b: RigPose, t: number): RigPose {
  if (t <= 0) return a
  if (t >= 1) return b
  return {
    root: lerp3(a.root, b.root, t),
    rotations: a.rotations.map((q, j) => slerpQuat(q, b.rotations[j], t)),
    lengths: a.lengths.map((l, j) => l + (b.lengths[j] - l) * t),
  }
}

/**
 * The pose at any (possibly fractional) frame: held before the first key and after the last, eased in
 * between. Returns null when there are no keys (the caller shows the source pose).
 */
export function samplePose(keys: Keyframes, frame: number): RigPose | null {
  if (keys.length === 0) return null
  if (frame <= keys[0].frame) return keys[0].pose
  const last = keys[keys.length - 1]
  if (frame >= last.frame) return last.pose
  const next = keys.findIndex((k) => k.frame > frame)
  const from = keys[next - 1]
  const to = keys[next]
  const t = (frame - from.frame) / (to.frame - from.frame)
  return interpolatePose(from.pose, to.pose, applyEasing(from.easing, t))
}
