// COCO-17 (MoveNet, MMPose, DWPose order) → OpenPose-18, as sd15-facts §8.4 tabulates it.
import { KEYPOINT_COUNT, type Keypoint, type Pose18 } from './openpose'

/** COCO-17 keypoint names; "left" is the subject's left. */
export const COCO_17 = [
  'nose', 'l_eye', 'r_eye', 'l_ear', 'r_ear', 'l_shoulder', 'r_shoulder', 'l_elbow', 'r_elbow',
  'l_wrist', 'r_wrist', 'l_hip', 'r_hip', 'l_knee', 'r_knee', 'l_ankle', 'r_ankle',
] as const // prettier-ignore

const NECK = -1
/** For each OpenPose-18 index, the COCO-17 index it comes from (NECK = midpoint of both shoulders). */
const FROM_COCO = [0, NECK, 6, 8, 10, 5, 7, 9, 12, 14, 16, 11, 13, 15, 2, 1, 4, 3]

/**
 * Maps 17 COCO keypoints to OpenPose-18. The neck is the shoulders' midpoint with the lower of their two
 * confidences, and is missing when either shoulder is. Points under `minConfidence` become missing.
 */
export function cocoToOpenPose(coco: Keypoint[], minConfidence = 0): Pose18 {
  if (coco.length !== COCO_17.length) throw new RangeError(`COCO-17 needs 17 keypoints, got ${coco.length}`)
  const keep = (k: Keypoint): Keypoint => (k !== null && k.confidence >= minConfidence ? k : null)
  const pose: Pose18 = new Array<Keypoint>(KEYPOINT_COUNT).fill(null)
  for (let i = 0; i < KEYPOINT_COUNT; i++) {
    pose[i] = FROM_COCO[i] === NECK ? keep(neckOf(coco[5], coco[6])) : keep(coco[FROM_COCO[i]])
  }
  return pose
}

function neckOf(left: Keypoint, right: Keypoint): Keypoint {
  if (left === null || right === null) return null
  return {
    x: (left.x + right.x) / 2,
    y: (left.y + right.y) / 2,
    confidence: Math.min(left.confidence, right.confidence),
  }
}
