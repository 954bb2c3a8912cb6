// The OpenPose drawing's limbs and colours (sd15-facts §8.2), once for everyone who draws a pose: the engine's
// control image (engine/pose/draw.ts), the rig view and the page's pose drawings, so they all look alike.

/**
 * The 17 limbs draw_bodypose draws, 0-based [from, to], in drawing order (limbSeq minus one). ControlNet's
 * limbSeq has two more (shoulder–ear) that its drawing loop never reaches; they are left out.
 */
export const OPENPOSE_LIMBS: readonly (readonly [number, number])[] = [
  [1, 2], [1, 5], [2, 3], [3, 4], [5, 6], [6, 7], [1, 8], [8, 9], [9, 10], [1, 11], [11, 12], [12, 13], [1, 0],
  [0, 14], [14, 16], [0, 15], [15, 17],
] // prettier-ignore

/** RGB colours: limb i uses colour i (at 60 %), keypoint i uses colour i (full). */
export const OPENPOSE_COLORS: readonly (readonly [number, number, number])[] = [
  [255, 0, 0], [255, 85, 0], [255, 170, 0], [255, 255, 0], [170, 255, 0], [85, 255, 0], [0, 255, 0], [0, 255, 85],
  [0, 255, 170], [0, 255, 255], [0, 170, 255], [0, 85, 255], [0, 0, 255], [85, 0, 255], [170, 0, 255], [255, 0, 255],
  [255, 0, 170], [255, 0, 85],
] // prettier-ignore

/** 0xRRGGBB, as three.js takes colours. */
export function colorHex([r, g, b]: readonly [number, number, number]): number {
  return (r << 16) | (g << 8) | b
}

/** The hand edges controlnet_aux draw_handpose draws, [from, to], in drawing order (edge i has hue i / 20):
 *  wrist → each finger's base, then along the finger. */
export const HAND_EDGES: readonly (readonly [number, number])[] = [0, 1, 2, 3, 4].flatMap((finger) => {
  const base = 1 + 4 * finger
  return [[0, base], [base, base + 1], [base + 1, base + 2], [base + 2, base + 3]] as const
}) // prettier-ignore
