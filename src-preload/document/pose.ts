// Field group "source pose": one OpenPose-18 keypoint and a whole pose, with the bounds every path shares
// (IPC savePose and saveKeyframes, project JSON, the stored document). docs/decisions/0280.
import { z } from 'zod'

export const KEYPOINT_COUNT = 18
/** Normalised coordinates (x / width, y / height) may leave the image by one image size on each side:
 *  limbs of a cropped character point outside it, and PATA's alignment moves poses. Beyond that a value
 *  is a mistake (1e300 once overflowed the drawing). */
export const KEYPOINT_COORD_MIN = -1
export const KEYPOINT_COORD_MAX = 2

const coordinate = z.number().min(KEYPOINT_COORD_MIN).max(KEYPOINT_COORD_MAX)

/** One keypoint in normalised image coordinates; null = missing. */
export const keypointSchema = z.union([
  z.null(),
  z.strictObject({ x: coordinate, y: coordinate, confidence: z.number().min(0).max(1) }),
])

/** 18 keypoints in OpenPose-18 order (domain.ts: OPENPOSE_18). */
export const pose18Schema = z.array(keypointSchema).length(KEYPOINT_COUNT, 'a pose has exactly 18 OpenPose keypoints')

export type Keypoint = z.infer<typeof keypointSchema>
export type Pose18 = z.infer<typeof pose18Schema>

/** OpenPose hand (21 points: wrist, then thumb → little finger base to tip) and face (70 points) sizes. */
export const HAND_POINT_COUNT = 21
export const FACE_POINT_COUNT = 70

/** A hand or face part: its points (null = missing one), or null when the part was not detected or placed. */
const partSchema = (count: number, what: string) =>
  z.array(keypointSchema).length(count, `a ${what} has exactly ${count} OpenPose keypoints`).nullable()

/** The parts ControlNet's openpose_full draws beside the body (engine/pose/fullPose.ts FullPose). */
export const posePartsSchema = z.strictObject({
  leftHand: partSchema(HAND_POINT_COUNT, 'hand'),
  rightHand: partSchema(HAND_POINT_COUNT, 'hand'),
  face: partSchema(FACE_POINT_COUNT, 'face'),
})

export type PosePartsFields = z.infer<typeof posePartsSchema>
