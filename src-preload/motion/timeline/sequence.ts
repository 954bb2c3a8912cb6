// The motion as the engine wants it: one OpenPose-18 pose per frame, sampled from the keys and projected
// through the image camera.

import type { Pose18 } from '../../api'
import { projectToPose18 } from '../rig/camera'
import { jointPositions, restPose } from '../rig/pose'
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
