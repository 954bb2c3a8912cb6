// Turning a joint so one of its bones points at a world position: the step that converts IK solutions
// (positions) back into local rotations, the only thing a pose stores.

import { IDENTITY_QUAT, conjugateQuat, mulQuat, quatFromTo, rotateVec3 } from './math/quat'
import { length3, sub3, type Vec3 } from './math/vec3'
import { forwardKinematics, withRotation, type RigPose } from './pose'
import type { Rig } from './rig'
import { RIG_PARENTS } from './skeleton'

/**
 * Rotate `joint` by the shortest arc that points its bone towards `child` at `target`. Every bone hanging
 * from `joint` turns with it. A target on the joint itself leaves the pose unchanged.
 */
export function aimBone(rig: Rig, pose: RigPose, joint: number, child: number, target: Vec3): RigPose {
  const world = forwardKinematics(rig, pose)
  const desired = sub3(target, world.positions[joint])
  if (length3(desired) < 1e-12) return pose
  const current = rotateVec3(world.rotations[joint], rig.restDirections[child])
  const turned = mulQuat(quatFromTo(current, desired), world.rotations[joint])
  const parent = RIG_PARENTS[joint]
  const parentWorld = parent < 0 ? IDENTITY_QUAT : world.rotations[parent]
  return withRotation(pose, joint, mulQuat(conjugateQuat(parentWorld), turned))
}
