// Where each joint can be grabbed. The virtual pivots share a position with a real joint, so their handles
// sit a little way along the bone they turn (the spine's above the pelvis, the head's above the neck).

import { lerp3, type Vec3 } from '../../../../../src-preload/motion/rig/math/vec3'
import { Joint, RIG_JOINT_COUNT } from '../../../../../src-preload/motion/rig/skeleton'

export interface JointHandle {
  readonly joint: number
  readonly position: Vec3
}

export function jointHandles(positions: readonly Vec3[]): JointHandle[] {
  return Array.from({ length: RIG_JOINT_COUNT }, (_, joint) => ({ joint, position: handlePosition(positions, joint) }))
}

export function handlePosition(positions: readonly Vec3[], joint: number): Vec3 {
  if (joint === Joint.Spine) return lerp3(positions[Joint.Pelvis], positions[Joint.Neck], 0.3)
  if (joint === Joint.Head) return lerp3(positions[Joint.Neck], positions[Joint.Nose], 0.35)
  return positions[joint]
}
