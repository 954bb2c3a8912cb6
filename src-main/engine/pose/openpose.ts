// The OpenPose-18 body model (sd15-facts §8.1–8.2): keypoint indices, the limbs ControlNet draws and
// their colours, and small helpers over Pose18. Keypoints are normalised (x / width, y / height).
import { OPENPOSE_18, type Keypoint, type Pose18 } from '../../../src-preload/api'
import type { Region } from '../image/rgbImage'

export { OPENPOSE_18 }
export type { Keypoint, Pose18 }

export const KEYPOINT_COUNT = 18

/** Index of each OpenPose-18 keypoint by name. */
export const KP = Object.fromEntries(OPENPOSE_18.map((name, i) => [name, i])) as Record<
  (typeof OPENPOSE_18)[number],
  number
>

/**
 * The 17 limbs draw_bodypose draws, 0-based [from, to], in drawing order. ControlNet's limbSeq has two
 * more (shoulder–ear) that its drawing loop never reaches; they are left out.
 */
export const LIMBS: readonly (readonly [number, number])[] = [
  [1, 2], [1, 5], [2, 3], [3, 4], [5, 6], [6, 7], [1, 8], [8, 9], [9, 10],
  [1, 11], [11, 12], [12, 13], [1, 0], [0, 14], [14, 16], [0, 15], [15, 17],
] // prettier-ignore

/** RGB colours: limb i uses COLORS[i] (at 60 %), keypoint i uses COLORS[i] (full). */
export const COLORS: readonly (readonly [number, number, number])[] = [
  [255, 0, 0], [255, 85, 0], [255, 170, 0], [255, 255, 0], [170, 255, 0], [85, 255, 0], [0, 255, 0],
  [0, 255, 85], [0, 255, 170], [0, 255, 255], [0, 170, 255], [0, 85, 255], [0, 0, 255], [85, 0, 255],
  [170, 0, 255], [255, 0, 255], [255, 0, 170], [255, 0, 85],
] // prettier-ignore

/** Left/right pairs, for mirroring a pose. */
export const MIRROR_PAIRS: readonly (readonly [number, number])[] = [
  [2, 5], [3, 6], [4, 7], [8, 11], [9, 12], [10, 13], [14, 15], [16, 17],
] // prettier-ignore

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
