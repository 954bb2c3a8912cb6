// In-betweens: per-joint quaternion slerp of local rotations, linear root translation and bone lengths,
// with the leaving key's easing applied to time. Interpolating rotations (not keypoints) keeps limbs from
// shrinking mid-motion.

import { slerpQuat } from '../rig/math/quat'
import { lerp3 } from '../rig/math/vec3'
import { lerpFace, type FaceExpression } from '../rig/face'
import { lerpHand } from '../rig/hand'
import type { RigHands, RigPose, RigPoseParts } from '../rig/pose'
import { applyEasing } from './easing'
import type { Keyframes } from './keyframes'

export function interpolatePose(a: RigPose, b: RigPose, t: number): RigPose {
  if (t <= 0) return a
  if (t >= 1) return b
  return {
    root: lerp3(a.root, b.root, t),
    rotations: a.rotations.map((q, j) => slerpQuat(q, b.rotations[j], t)),
    lengths: a.lengths.map((l, j) => l + (b.lengths[j] - l) * t),
    ...interpolateParts(a, b, t),
  }
}

/** Finger joints and spread blend linearly, as do the face's expression weights; a part only one key has
 *  switches at the midpoint like a missing joint (sampleParts fills rest hands first, so keyed motions
 *  always blend). Nothing is added for body-only keys. */
function interpolateParts(a: RigPoseParts, b: RigPoseParts, t: number): RigPoseParts {
  const pick = <T>(x: T | null, y: T | null, lerp: (x: T, y: T, t: number) => T) =>
    x && y ? lerp(x, y, t) : t < 0.5 ? x : y
  const out: { hands?: RigHands; face?: FaceExpression | null } = {}
  if (a.hands || b.hands) {
    const side = (s: 'left' | 'right') => pick(a.hands?.[s] ?? null, b.hands?.[s] ?? null, lerpHand)
    out.hands = { left: side('left'), right: side('right') }
  }
  if (a.face || b.face) out.face = pick(a.face ?? null, b.face ?? null, lerpFace)
  return out
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
