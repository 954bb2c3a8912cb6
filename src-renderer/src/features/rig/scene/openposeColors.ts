// OpenPose drawing colours and limbs (sd15-facts §8.2), so the rig looks like the control image it becomes.

/** The 17 limbs OpenPose draws, 0-based keypoint pairs (limbSeq minus one, first 17). */
export const OPENPOSE_LIMBS: readonly (readonly [number, number])[] = [
  [1, 2], [1, 5], [2, 3], [3, 4], [5, 6], [6, 7], [1, 8], [8, 9], [9, 10], [1, 11], [11, 12], [12, 13], [1, 0],
  [0, 14], [14, 16], [0, 15], [15, 17],
] // prettier-ignore

/** RGB colours: limb i uses colour i, keypoint i uses colour i. */
export const OPENPOSE_COLORS: readonly (readonly [number, number, number])[] = [
  [255, 0, 0], [255, 85, 0], [255, 170, 0], [255, 255, 0], [170, 255, 0], [85, 255, 0], [0, 255, 0], [0, 255, 85],
  [0, 255, 170], [0, 255, 255], [0, 170, 255], [0, 85, 255], [0, 0, 255], [85, 0, 255], [170, 0, 255], [255, 0, 255],
  [255, 0, 170], [255, 0, 85],
] // prettier-ignore

export function colorHex([r, g, b]: readonly [number, number, number]): number {
  return (r << 16) | (g << 8) | b
}
