// A standing skeleton to start from when detection finds nobody, and a place for a joint the detector
// missed: next to a neighbour it has, at the template's offset scaled to the character's size.

import type { Keypoint, Pose18 } from '../../../../src-preload/api'
import { OPENPOSE_LIMBS } from '../../../../src-preload/motion/openposeStyle'

/** A figure facing the viewer, in units of its height (x centred on 0, y from the top of the head). */
const FIGURE: readonly (readonly [number, number])[] = [
  [0, 0.07], [0, 0.17], [-0.11, 0.18], [-0.15, 0.34], [-0.17, 0.48], [0.11, 0.18], [0.15, 0.34], [0.17, 0.48],
  [-0.07, 0.5], [-0.08, 0.72], [-0.08, 0.95], [0.07, 0.5], [0.08, 0.72], [0.08, 0.95],
  [-0.025, 0.05], [0.025, 0.05], [-0.05, 0.06], [0.05, 0.06],
] // prettier-ignore

const FIGURE_HEIGHT = 0.8 // share of the image height the template fills
const HAND_PLACED = 1 // confidence of a hand-placed joint

/** The template, centred in an image of aspect width / height. */
export function templatePose(aspect: number): Pose18 {
  return FIGURE.map((_, j) => templatePoint(j, aspect))
}

function templatePoint(joint: number, aspect: number): Keypoint {
  const [fx, fy] = FIGURE[joint]
  return {
    x: 0.5 + (fx * FIGURE_HEIGHT) / aspect,
    y: (1 - FIGURE_HEIGHT) / 2 + fy * FIGURE_HEIGHT,
    confidence: HAND_PLACED,
  }
}

/** The pose with `joint` placed beside a present neighbour (or where the template has it). */
export function placeMissingJoint(pose: Pose18, joint: number, aspect: number): Pose18 {
  const neighbour = neighboursOf(joint).find((n) => pose[n] !== null)
  const scale = characterScale(pose)
  let point = templatePoint(joint, aspect)
  if (neighbour !== undefined && scale !== null) {
    const from = pose[neighbour]!
    const [fx, fy] = FIGURE[joint]
    const [nx, ny] = FIGURE[neighbour]
    point = {
      x: clamp01(from.x + ((fx - nx) * scale) / aspect),
      y: clamp01(from.y + (fy - ny) * scale),
      confidence: HAND_PLACED,
    }
  }
  return pose.map((k, j) => (j === joint ? point : k))
}

/** The character's height as a share of the image height, from its present joints against the template. */
function characterScale(pose: Pose18): number | null {
  const present = pose.flatMap((k, j) => (k ? [j] : []))
  if (present.length < 2) return null
  const span = (ys: number[]) => Math.max(...ys) - Math.min(...ys)
  const figure = span(present.map((j) => FIGURE[j][1]))
  const image = span(present.map((j) => pose[j]!.y))
  return figure > 0.05 && image > 0 ? image / figure : null
}

function neighboursOf(joint: number): number[] {
  return OPENPOSE_LIMBS.flatMap(([a, b]) => (a === joint ? [b] : b === joint ? [a] : []))
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v))
}
