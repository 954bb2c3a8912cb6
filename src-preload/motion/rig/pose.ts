// A rig pose is plain immutable data: root translation, one local rotation per joint, one bone length per
// joint. Forward kinematics turns it into world positions. Poses are what keyframes and history store.

import type { FaceExpression } from './face'
import type { HandPose } from './hand'
import { IDENTITY_QUAT, mulQuat, rotateVec3, type Quat } from './math/quat'
import { add3, scale3, type Vec3 } from './math/vec3'
import type { Rig } from './rig'
import { RIG_JOINT_COUNT, RIG_PARENTS, ROOT_JOINT, TOPOLOGICAL_ORDER } from './skeleton'

export interface RigHands {
  readonly left: HandPose | null
  readonly right: HandPose | null
}

/** What a rig pose carries besides the body (rigParts.ts); absent = none, as in a body-only key. */
export interface RigPoseParts {
  /** A hand pose per side (the hand library's or edited finger by finger); null = no hand on that side. */
  readonly hands?: RigHands
  /** The face's expression weights; null or absent = no face. */
  readonly face?: FaceExpression | null
}

export interface RigPose extends RigPoseParts {
  /** World position of the root (pelvis). */
  readonly root: Vec3
  /** Local rotation of each joint relative to its rest orientation (the root's is the body's orientation). */
  readonly rotations: readonly Quat[]
  /** Bone length from each joint to its parent (root: unused, 0). Equal to the rest lengths unless stretched. */
  readonly lengths: readonly number[]
}

export interface WorldPose {
  readonly positions: readonly Vec3[]
  /** Accumulated rotation of each joint: parent's world rotation times its own local rotation. */
  readonly rotations: readonly Quat[]
}

/** The source pose: identity rotations, rest lengths, root on the rest pelvis. */
export function restPose(rig: Rig): RigPose {
  return {
    root: rig.restPositions[ROOT_JOINT],
    rotations: Array.from({ length: RIG_JOINT_COUNT }, () => IDENTITY_QUAT),
    lengths: rig.restLengths,
  }
}

/** child = parent + parentWorldRotation · (restDirection · length), walked parents-first. */
export function forwardKinematics(rig: Rig, pose: RigPose): WorldPose {
  const positions: Vec3[] = new Array(RIG_JOINT_COUNT)
  const rotations: Quat[] = new Array(RIG_JOINT_COUNT)
  for (const j of TOPOLOGICAL_ORDER) {
    const parent = RIG_PARENTS[j]
    if (parent < 0) {
      positions[j] = pose.root
      rotations[j] = pose.rotations[j]
      continue
    }
    const bone = scale3(rig.restDirections[j], pose.lengths[j])
    positions[j] = add3(positions[parent], rotateVec3(rotations[parent], bone))
    rotations[j] = mulQuat(rotations[parent], pose.rotations[j])
  }
  return { positions, rotations }
}

export function jointPositions(rig: Rig, pose: RigPose): readonly Vec3[] {
  return forwardKinematics(rig, pose).positions
}

export function withRotation(pose: RigPose, joint: number, rotation: Quat): RigPose {
  return { ...pose, rotations: pose.rotations.map((q, j) => (j === joint ? rotation : q)) }
}

export function withLength(pose: RigPose, joint: number, length: number): RigPose {
  return { ...pose, lengths: pose.lengths.map((l, j) => (j === joint ? length : l)) }
}

/** Put every bone back to the source's length, keeping the rotations (what locking the lengths restores). */
export function withRestLengths(rig: Rig, pose: RigPose): RigPose {
  return { ...pose, lengths: rig.restLengths }
}

/** Reset one joint (or the whole pose when `joint` is omitted) to the source pose. */
export function resetPose(rig: Rig, pose: RigPose, joint?: number): RigPose {
  if (joint === undefined) return restPose(rig)
  const reset = withLength(withRotation(pose, joint, IDENTITY_QUAT), joint, rig.restLengths[joint])
  return joint === ROOT_JOINT ? { ...reset, root: rig.restPositions[ROOT_JOINT] } : reset
}
