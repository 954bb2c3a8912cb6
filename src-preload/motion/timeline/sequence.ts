// The motion as the engine wants it: one OpenPose-18 pose per frame, sampled from the keys and projected
// through the image camera.

import type { Pose18 } from '../../api'
import type { PosePartsFields } from '../../document/pose'
import { projectToPose18 } from '../rig/camera'
import { REST_FACE } from '../rig/face'
import { REST_HAND } from '../rig/handLibrary'
import { forwardKinematics, jointPositions, restPose, type RigPose } from '../rig/pose'
import { projectParts } from '../rig/rigParts'
import type { Rig } from '../rig/rig'
import { samplePose } from './interpolate'
import type { Keyframes } from './keyframes'

/** Joints missing from the source stay missing in every frame unless `includeMissing` is set. */
export function sampleSequence(rig: Rig, keys: Keyframes, frameCount: number, includeMissing = false): Pose18[] {
  const hidden = includeMissing ? undefined : rig.present.map((p) => !p)
  return Array.from({ length: frameCount }, (_, frame) => {
    const pose = samplePose(keys, frame) ?? restPose(rig)
    return projectToPose18(rig, jointPositions(rig, pose), { hidden })
  })
}

/**
 * The hands and face of every frame (decision 0341). A side or the face that any key has is drawn in every
 * frame: keys without it hold it at rest (a relaxed hand, a neutral face), so a hand pose keyed at a later
 * frame curls in from rest over the in-betweens. Parts no key has are null.
 */
export function sampleParts(rig: Rig, keys: Keyframes, frameCount: number): PosePartsFields[] {
  const used = {
    left: keys.some((k) => k.pose.hands?.left),
    right: keys.some((k) => k.pose.hands?.right),
    face: keys.some((k) => k.pose.face),
  }
  const filled = keys.map((k) => ({ ...k, pose: withRestParts(k.pose, used) }))
  return Array.from({ length: frameCount }, (_, frame) => {
    const pose = samplePose(filled, frame) ?? restPose(rig)
    return projectParts(rig, forwardKinematics(rig, pose), pose)
  })
}

function withRestParts(pose: RigPose, used: { left: boolean; right: boolean; face: boolean }): RigPose {
  return {
    ...pose,
    hands: {
      left: used.left ? (pose.hands?.left ?? REST_HAND) : null,
      right: used.right ? (pose.hands?.right ?? REST_HAND) : null,
    },
    face: used.face ? (pose.face ?? REST_FACE) : null,
  }
}
