// Skeleton geometry for PATA: the OpenPose-18 bone tree rooted at the neck, and conversion between
// normalised keypoints and pixels (angles and lengths only mean something in pixels when W ≠ H).
import { KEYPOINT_COUNT, OPENPOSE_LIMBS, type Pose18 } from '../openpose'

export const ROOT = 1 // neck

/** Parent of each joint in the bone tree (the drawn limbs, parent first); −1 for the root. */
export const PARENT: readonly number[] = (() => {
  const parent = new Array<number>(KEYPOINT_COUNT).fill(-1)
  for (const [from, to] of OPENPOSE_LIMBS) parent[to] = from
  return parent
})()

/** Joints ordered so every parent comes before its children. */
export const TREE_ORDER: readonly number[] = (() => {
  const order = [ROOT]
  for (let i = 0; i < order.length; i++) {
    for (let j = 0; j < KEYPOINT_COUNT; j++) if (PARENT[j] === order[i]) order.push(j)
  }
  return order
})()

export interface Vec {
  x: number
  y: number
}

export interface Canvas {
  width: number
  height: number
}

/** Pixel positions (null = missing), with the confidences kept alongside. */
export interface PixelPose {
  points: (Vec | null)[]
  confidence: number[]
}

export function toPixels(pose: Pose18, canvas: Canvas): PixelPose {
  return {
    points: pose.map((k) => (k === null ? null : { x: k.x * canvas.width, y: k.y * canvas.height })),
    confidence: pose.map((k) => (k === null ? 0 : k.confidence)),
  }
}

export function fromPixels(pose: PixelPose, canvas: Canvas): Pose18 {
  return pose.points.map((p, i) =>
    p === null ? null : { x: p.x / canvas.width, y: p.y / canvas.height, confidence: pose.confidence[i] },
  )
}

export function distance(a: Vec, b: Vec): number {
  return Math.hypot(a.x - b.x, a.y - b.y)
}

/** Length of the bone ending at `joint`, or null when it or its parent is missing. */
export function boneLength(points: (Vec | null)[], joint: number): number | null {
  const parent = PARENT[joint]
  const a = parent >= 0 ? points[parent] : null
  const b = points[joint]
  return a && b ? distance(a, b) : null
}

/** Midpoint of the hips present in both poses (so both use the same definition), or null. */
export function sharedHipCentre(points: (Vec | null)[], other: (Vec | null)[]): Vec | null {
  const hips = [8, 11].filter((j) => points[j] && other[j]).map((j) => points[j]!)
  if (hips.length === 0) return null
  return { x: hips.reduce((s, p) => s + p.x, 0) / hips.length, y: hips.reduce((s, p) => s + p.y, 0) / hips.length }
}
