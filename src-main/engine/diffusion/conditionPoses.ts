// What ControlNet sees per frame: the body, plus the hands and face the render's poseParts setting keeps
// (decision 0340). The condition image and every cache key that depends on it read the pose through here,
// so a frame with nothing beyond the body is drawn and keyed exactly as before hands existed.
import { bodyOnly, hasParts, selectParts, type FullPose, type PoseDrawParts, type PoseParts } from '../pose/fullPose'
import type { Pose18 } from '../pose/openpose'

/** The part of a render's resolved inputs that says what each frame's condition image shows. */
export interface ConditionPoses {
  poses: Pose18[]
  /** Per frame, the hands and face drawn beside the body; absent when no frame draws any. */
  poseParts?: PoseParts[]
}

/** Frame f's pose as drawn into its condition image. */
export function drawnPose(inputs: ConditionPoses, f: number): FullPose {
  const parts = inputs.poseParts?.[f]
  return parts ? { body: inputs.poses[f], ...parts } : bodyOnly(inputs.poses[f])
}

/** What a cache key hashes for frame f's pose: the body alone when nothing else is drawn (the key a
 *  body-only project always had), else the body with its drawn parts. */
export function poseKeyOf(inputs: ConditionPoses, f: number): unknown {
  const pose = drawnPose(inputs, f)
  return hasParts(pose) ? pose : pose.body
}

/** The parts setting in force: the project's, else full when any pose of the render (the source or a
 *  rig-keyed motion frame) has hands or a face, else the body (decision 0340 says why not the source alone). */
export function effectiveDrawParts(setting: PoseDrawParts | undefined, poses: readonly FullPose[]): PoseDrawParts {
  return setting ?? (poses.some(hasParts) ? 'full' : 'body')
}

/** Per frame, the parts the setting keeps; undefined when no frame draws anything beyond its body. */
export function drawnParts(poses: readonly FullPose[], parts: PoseDrawParts): PoseParts[] | undefined {
  const kept = poses.map((p) => selectParts(p, parts))
  if (!kept.some(hasParts)) return undefined
  return kept.map(({ leftHand, rightHand, face }) => ({ leftHand, rightHand, face }))
}
