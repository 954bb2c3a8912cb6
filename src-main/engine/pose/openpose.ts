// The OpenPose-18 body model (sd15-facts §8.1–8.2): keypoint indices, the limbs ControlNet draws and
// their colours (src-preload/motion/openposeStyle.ts), and small helpers over Pose18. Keypoints are
// normalised (x / width, y / height).
import { OPENPOSE_18, type Keypoint, type Pose18 } from '../../../src-preload/api'
import { OPENPOSE_COLORS, OPENPOSE_LIMBS } from '../../../src-preload/motion/openposeStyle'
import { MIRROR_PAIRS } from '../../../src-preload/motion/rig/skeleton'
import type { Region } from '../image/rgbImage'

// The drawing tables and the left/right pairs are shared with the studio (rig joints 0–17 are these keypoints).
export { OPENPOSE_18, OPENPOSE_COLORS, OPENPOSE_LIMBS }
export type { Keypoint, Pose18 }

export const KEYPOINT_COUNT = 18

/** Index of each OpenPose-18 keypoint by name. */
export const KP = Object.fromEntries(OPENPOSE_18.map((name, i) => [name, i])) as Record<
  (typeof OPENPOSE_18)[number],
  number
>

export function emptyPose(): Pose18 {
  return new Array<Keypoint>(KEYPOINT_COUNT).fill(null)
}

export function point(x: number, y: number, confidence = 1): Keypoint {
  return { x, y, confidence }
}

export function countPresent(pose: Pose18): number {
  return pose.filter((k) => k !== null).length
}

/** Checks a value is a Pose18 with finite coordinates; returns a message describing the first problem. */
export function poseProblem(pose: unknown): string | null {
  if (!Array.isArray(pose)) return 'a pose must be an array of 18 keypoints'
  if (pose.length !== KEYPOINT_COUNT) return `a pose must have 18 keypoints, got ${pose.length}`
  for (let i = 0; i < KEYPOINT_COUNT; i++) {
    const k = pose[i] as Keypoint
    if (k === null) continue
    if (typeof k !== 'object' || !Number.isFinite(k.x) || !Number.isFinite(k.y) || !Number.isFinite(k.confidence)) {
      return `keypoint ${i} (${OPENPOSE_18[i]}) must be null or {x, y, confidence} with finite numbers`
    }
  }
  return null
}

/** Keypoints below `minConfidence` become missing (OpenPose and DWPose drop parts under ~0.3). */
export function dropLowConfidence(pose: Pose18, minConfidence: number): Pose18 {
  return pose.map((k) => (k !== null && k.confidence >= minConfidence ? k : null))
}

/** Bounding box of the present keypoints in normalised units, or null when none is present. */
export function poseBounds(pose: Pose18): { minX: number; minY: number; maxX: number; maxY: number } | null {
  const present = pose.filter((k): k is NonNullable<Keypoint> => k !== null)
  if (present.length === 0) return null
  return {
    minX: Math.min(...present.map((k) => k.x)),
    minY: Math.min(...present.map((k) => k.y)),
    maxX: Math.max(...present.map((k) => k.x)),
    maxY: Math.max(...present.map((k) => k.y)),
  }
}

/** A pose normalised to a whole image of `size`, normalised to the region `r` of that image instead. */
export function poseInRegion(pose: Pose18, size: { width: number; height: number }, r: Region): Pose18 {
  return pose.map((k) =>
    k === null ? null : { ...k, x: (k.x * size.width - r.left) / r.width, y: (k.y * size.height - r.top) / r.height },
  )
}

/** Mirrors a pose left–right: x → 1 − x, and left/right keypoints swap names. */
export function mirrorPose(pose: Pose18): Pose18 {
  const out = pose.map((k) => (k === null ? null : { ...k, x: 1 - k.x }))
  for (const [a, b] of MIRROR_PAIRS) [out[a], out[b]] = [out[b], out[a]]
  return out
}
