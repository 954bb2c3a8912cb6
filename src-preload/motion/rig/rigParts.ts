// Hands and face on the rig (decision 0341): a rig pose may carry a hand pose per side and a face
// expression; here they are placed in the world by the body's forward kinematics (a hand hangs from its
// wrist and turns with the wrist's accumulated rotation; the face hangs from the nose and turns with the
// head) and projected through the image camera into the OpenPose hand and face layouts.

import type { Keypoint, PosePartsFields } from '../../document/pose'
import { worldToImage } from './camera'
import { faceLocalPoints, type FaceExpression } from './face'
import { handLocalPoints, type HandPose } from './hand'
import { rotateVec3 } from './math/quat'
import { add3, cross3, normalize3, scale3, sub3, type Vec3 } from './math/vec3'
import type { RigPoseParts, WorldPose } from './pose'
import type { Rig } from './rig'
import { Joint } from './skeleton'

/** Hand length (wrist → middle fingertip) over the torso: 0.108 / 0.29 of body height, rounded. */
export const HAND_LENGTH_RATIO = 0.37
/** Distance between the eye centres over the torso when the source shows no usable pair of eyes. */
const EYE_SPAN_RATIO = 0.22

type Side = 'left' | 'right'
const WRIST: Record<Side, number> = { right: Joint.RWrist, left: Joint.LWrist }

/** Hands and face of a posed rig in normalised image coordinates; null where the pose has none. */
export function projectParts(rig: Rig, world: WorldPose, parts: RigPoseParts): PosePartsFields {
  const hand = (side: Side) => {
    const pose = parts.hands?.[side]
    return pose ? toImage(rig, handWorldPoints(rig, world, side, pose)) : null
  }
  return {
    leftHand: hand('left'),
    rightHand: hand('right'),
    face: parts.face ? toImage(rig, faceWorldPoints(rig, world, parts.face)) : null,
  }
}

/** The hands' and face's world points of a posed rig (what the 3D view draws); empty where none. */
export function partWorldPoints(rig: Rig, world: WorldPose, parts: RigPoseParts): { hands: Vec3[][]; face: Vec3[] } {
  const sides: Side[] = ['left', 'right']
  return {
    hands: sides.flatMap((side) => {
      const pose = parts.hands?.[side]
      return pose ? [handWorldPoints(rig, world, side, pose)] : []
    }),
    face: parts.face ? faceWorldPoints(rig, world, parts.face) : [],
  }
}

/** A hand in the world: its local frame at rest has x along the forearm, the palm towards the viewer and
 *  the thumb away from the body; the left hand's frame is the right's mirror image. */
export function handWorldPoints(rig: Rig, world: WorldPose, side: Side, hand: HandPose): Vec3[] {
  const wrist = WRIST[side]
  const x = rig.restDirections[wrist]
  const z: Vec3 = [0, 0, -1] // the back of the hand faces away from the viewer
  const y = scale3(normalize3(cross3(z, x), [side === 'right' ? -1 : 1, 0, 0]), side === 'right' ? 1 : -1)
  const length = HAND_LENGTH_RATIO * rig.torsoScale
  const turn = world.rotations[wrist]
  return handLocalPoints(hand).map(([px, py, pz]) => {
    const local = add3(add3(scale3(x, px), scale3(y, py)), scale3(z, pz))
    return add3(world.positions[wrist], rotateVec3(turn, scale3(local, length)))
  })
}

/** The face in the world: on the nose, upright along the source's eye line, turning with the head. */
export function faceWorldPoints(rig: Rig, world: WorldPose, expression: FaceExpression): Vec3[] {
  const eyes = sub3(rig.restPositions[Joint.LEye], rig.restPositions[Joint.REye])
  const bothEyes = rig.present[Joint.LEye] && rig.present[Joint.REye]
  const span = Math.hypot(eyes[0], eyes[1])
  const usable = bothEyes && span > 0.1 * rig.torsoScale
  const x = usable ? normalize3([eyes[0], eyes[1], 0], [1, 0, 0]) : ([1, 0, 0] as Vec3)
  const y: Vec3 = [-x[1], x[0], 0]
  const size = usable ? span : EYE_SPAN_RATIO * rig.torsoScale
  const turn = world.rotations[Joint.Nose]
  return faceLocalPoints(expression).map(([px, py, pz]) => {
    const local = add3(add3(scale3(x, px), scale3(y, py)), [0, 0, pz])
    return add3(world.positions[Joint.Nose], rotateVec3(turn, scale3(local, size)))
  })
}

function toImage(rig: Rig, points: readonly Vec3[]): Keypoint[] {
  return points.map((p) => ({ ...worldToImage(rig, p), confidence: 1 }))
}
