// Source poses for tests and demos: normalised image coordinates, OpenPose-18 order.

import type { Pose18 } from '../../api'

const kp = (x: number, y: number) => ({ x, y, confidence: 1 })

/** A character standing, facing the viewer, arms slightly out, in a 3:4 portrait image. */
export const STANDING_FRONT: Pose18 = [
  kp(0.5, 0.17), // Nose
  kp(0.5, 0.27), // Neck
  kp(0.4, 0.28), // RShoulder
  kp(0.36, 0.42), // RElbow
  kp(0.33, 0.55), // RWrist
  kp(0.6, 0.28), // LShoulder
  kp(0.65, 0.41), // LElbow
  kp(0.68, 0.53), // LWrist
  kp(0.44, 0.55), // RHip
  kp(0.43, 0.72), // RKnee
  kp(0.42, 0.9), // RAnkle
  kp(0.56, 0.55), // LHip
  kp(0.58, 0.72), // LKnee
  kp(0.59, 0.9), // LAnkle
  kp(0.48, 0.15), // REye
  kp(0.52, 0.15), // LEye
  kp(0.46, 0.16), // REar
  kp(0.54, 0.16), // LEar
]

export const PORTRAIT_ASPECT = 3 / 4

/** The same pose with some joints missing, as detectors report them (occluded left arm, no ears). */
export function withMissing(pose: Pose18, missing: readonly number[]): Pose18 {
  return pose.map((p, j) => (missing.includes(j) ? null : p))
}
