// The rig hierarchy over the OpenPose-18 points.
//
// Rig joints 0–17 are the OpenPose-18 keypoints in their own order (sd15-facts §8.1), so a rig joint index
// is also a Pose18 index. Three virtual joints make the rig animatable; they are never drawn into a pose:
//   18 Pelvis — the root, midway between the hips. Its rotation turns the whole body; its translation moves it.
//   19 Spine  — sits on the pelvis (zero-length bone); its rotation bends the torso without swinging the legs.
//   20 Head   — sits on the neck (zero-length bone); its rotation turns the head without turning the shoulders.
//
//   Pelvis ─┬─ Spine ── Neck ─┬─ Head ── Nose ─┬─ REye ── REar
//           │                 │                └─ LEye ── LEar
//           │                 ├─ RShoulder ── RElbow ── RWrist
//           │                 └─ LShoulder ── LElbow ── LWrist
//           ├─ RHip ── RKnee ── RAnkle
//           └─ LHip ── LKnee ── LAnkle
//
// Convention: a joint's local rotation turns the bones that hang from it (rotating RElbow swings the forearm),
// like a bone's head pivot in Blender. World space: x right, y up, z towards the viewer, unit = image height.

import type { Vec3 } from './math/vec3'

export const Joint = {
  Nose: 0,
  Neck: 1,
  RShoulder: 2,
  RElbow: 3,
  RWrist: 4,
  LShoulder: 5,
  LElbow: 6,
  LWrist: 7,
  RHip: 8,
  RKnee: 9,
  RAnkle: 10,
  LHip: 11,
  LKnee: 12,
  LAnkle: 13,
  REye: 14,
  LEye: 15,
  REar: 16,
  LEar: 17,
  Pelvis: 18,
  Spine: 19,
  Head: 20,
} as const

export const RIG_JOINT_COUNT = 21
export const OPENPOSE_JOINT_COUNT = 18
export const ROOT_JOINT = Joint.Pelvis

export const RIG_JOINT_NAMES: readonly string[] = Object.keys(Joint)

/** Parent of each rig joint; −1 for the root. */
export const RIG_PARENTS: readonly number[] = [
  Joint.Head, // Nose
  Joint.Spine, // Neck
  Joint.Neck, // RShoulder
  Joint.RShoulder, // RElbow
  Joint.RElbow, // RWrist
  Joint.Neck, // LShoulder
  Joint.LShoulder, // LElbow
  Joint.LElbow, // LWrist
  Joint.Pelvis, // RHip
  Joint.RHip, // RKnee
  Joint.RKnee, // RAnkle
  Joint.Pelvis, // LHip
  Joint.LHip, // LKnee
  Joint.LKnee, // LAnkle
  Joint.Nose, // REye
  Joint.Nose, // LEye
  Joint.REye, // REar
  Joint.LEye, // LEar
  -1, // Pelvis
  Joint.Pelvis, // Spine
  Joint.Neck, // Head
]

/** Parents before children: FK walks this order. */
export const TOPOLOGICAL_ORDER: readonly number[] = topologicalOrder(RIG_PARENTS)

export const CHILDREN: readonly (readonly number[])[] = RIG_PARENTS.map((_, j) =>
  RIG_PARENTS.flatMap((p, c) => (p === j ? [c] : [])),
)

/** Joints whose bone to the parent always has zero length (they only carry a rotation). */
export const VIRTUAL_PIVOTS: readonly number[] = [Joint.Spine, Joint.Head]

/** Right ↔ left pairs (character's sides); the other joints lie on the mid-line. */
export const MIRROR_PAIRS: readonly (readonly [number, number])[] = [
  [Joint.RShoulder, Joint.LShoulder],
  [Joint.RElbow, Joint.LElbow],
  [Joint.RWrist, Joint.LWrist],
  [Joint.RHip, Joint.LHip],
  [Joint.RKnee, Joint.LKnee],
  [Joint.RAnkle, Joint.LAnkle],
  [Joint.REye, Joint.LEye],
  [Joint.REar, Joint.LEar],
]

/** Index of the same joint on the other side (itself for mid-line joints). */
export const MIRROR_OF: readonly number[] = RIG_PARENTS.map((_, j) => {
  const pair = MIRROR_PAIRS.find(([r, l]) => r === j || l === j)
  return pair ? (pair[0] === j ? pair[1] : pair[0]) : j
})

/**
 * Typical bone length (joint to its parent) as a fraction of the torso (pelvis → neck). From standard
 * segment-length tables (fractions of body height: torso ≈ 0.29, upper arm 0.186, forearm 0.146, thigh 0.245,
 * shank 0.246, half shoulder width 0.13, half hip width 0.09), divided by the torso fraction.
 */
export const TYPICAL_BONE_RATIO: readonly number[] = [
  0.41, // Nose (from the head pivot on the neck)
  1, // Neck (torso)
  0.45, // RShoulder
  0.64, // RElbow (upper arm)
  0.5, // RWrist (forearm)
  0.45, // LShoulder
  0.64, // LElbow
  0.5, // LWrist
  0.31, // RHip
  0.85, // RKnee (thigh)
  0.85, // RAnkle (shank)
  0.31, // LHip
  0.85, // LKnee
  0.85, // LAnkle
  0.12, // REye
  0.12, // LEye
  0.2, // REar
  0.2, // LEar
  0, // Pelvis
  0, // Spine
  0, // Head
]

/**
 * Direction of each bone (from its parent) for a character standing upright and facing the viewer, used only
 * for joints the source pose lacks. The character's right side is on the viewer's left (−x).
 */
export const DEFAULT_BONE_DIRECTION: readonly Vec3[] = [
  [0, 1, 0], // Nose
  [0, 1, 0], // Neck
  [-1, 0, 0], // RShoulder
  [-0.15, -0.99, 0], // RElbow
  [-0.05, -1, 0], // RWrist
  [1, 0, 0], // LShoulder
  [0.15, -0.99, 0], // LElbow
  [0.05, -1, 0], // LWrist
  [-1, 0, 0], // RHip
  [0, -1, 0], // RKnee
  [0, -1, 0], // RAnkle
  [1, 0, 0], // LHip
  [0, -1, 0], // LKnee
  [0, -1, 0], // LAnkle
  [-0.95, 0.3, 0], // REye
  [0.95, 0.3, 0], // LEye
  [-0.95, -0.3, 0], // REar
  [0.95, -0.3, 0], // LEar
  [0, 1, 0], // Pelvis (unused: the root has no bone)
  [0, 1, 0], // Spine
  [0, 1, 0], // Head
]

/** Ancestors of a joint, nearest first, up to and including the root. */
export function ancestorsOf(joint: number): number[] {
  const out: number[] = []
  for (let j = RIG_PARENTS[joint]; j >= 0; j = RIG_PARENTS[j]) out.push(j)
  return out
}

/** True when `joint` is `ancestor` or lies below it. */
export function isInSubtree(joint: number, ancestor: number): boolean {
  return joint === ancestor || ancestorsOf(joint).includes(ancestor)
}

function topologicalOrder(parents: readonly number[]): number[] {
  const order: number[] = []
  const visit = (j: number): void => {
    order.push(j)
    parents.forEach((p, c) => p === j && visit(c))
  }
  visit(parents.indexOf(-1))
  return order
}
