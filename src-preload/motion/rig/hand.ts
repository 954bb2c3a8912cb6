// The rig's hands (issue 15, decision 0341): five finger chains hung from a wrist, posed by forward
// kinematics from one flexion angle per finger joint plus a spread, and placed in the world by the wrist's
// accumulated rotation so a hand follows its forearm. The output is the OpenPose hand layout (21 points:
// wrist, then thumb → little finger, each from its base to its tip).
//
// Hand-local frame, in units of the hand's length (wrist → middle fingertip ≈ 1): x along the hand
// (towards the fingers), y towards the thumb, z out of the back of the hand. A finger bends towards its
// own "bend" direction (−z, the palm side, for the four fingers; across the palm for the thumb).

import { add3, normalize3, scale3, type Vec3 } from './math/vec3'

export const FINGERS = ['thumb', 'index', 'middle', 'ring', 'little'] as const
export type Finger = (typeof FINGERS)[number]
export const JOINTS_PER_FINGER = 3
export const HAND_FLEX_COUNT = FINGERS.length * JOINTS_PER_FINGER

export interface HandPose {
  /** Flexion of each finger joint in radians, thumb → little, base → tip (3 per finger, 15 in all). */
  readonly flex: readonly number[]
  /** Fingers fanned apart: 0 = side by side, 1 = spread wide (negative squeezes them together). */
  readonly spread: number
}

interface FingerShape {
  /** The base keypoint (OpenPose `<finger>_1`) on the palm. */
  base: Vec3
  /** Direction of the first segment with the finger straight and spread 0. */
  direction: Vec3
  /** Where the finger bends: perpendicular to `direction`. */
  bend: Vec3
  /** Segment lengths, base → tip. */
  segments: readonly [number, number, number]
  /** Fanning about z per unit of spread, in radians (sign: which way the finger fans). */
  fan: number
}

const deg = Math.PI / 180
const PALM: Vec3 = [0, 0, -1]

/** Proportions of an adult hand (finger lengths from standard anthropometric tables, rounded). */
const SHAPES: readonly FingerShape[] = [
  {
    base: [0.08, 0.1, -0.02],
    direction: normalize3([0.6, 0.75, -0.28]),
    bend: normalize3([0.35, -0.55, -0.76]),
    segments: [0.2, 0.16, 0.13],
    fan: 15 * deg,
  },
  { base: [0.45, 0.12, 0], direction: [1, 0, 0], bend: PALM, segments: [0.22, 0.13, 0.1], fan: 9 * deg },
  { base: [0.47, 0.03, 0], direction: [1, 0, 0], bend: PALM, segments: [0.25, 0.15, 0.1], fan: 0 },
  { base: [0.44, -0.06, 0], direction: [1, 0, 0], bend: PALM, segments: [0.23, 0.14, 0.1], fan: -9 * deg },
  { base: [0.4, -0.14, 0], direction: [1, 0, 0], bend: PALM, segments: [0.18, 0.1, 0.09], fan: -18 * deg },
]

/** How a finger's three joints share one "curl" (a fist curls the middle joint most). */
const CURL_PROFILE: Record<Finger, readonly [number, number, number]> = {
  thumb: [25 * deg, 40 * deg, 60 * deg],
  index: [80 * deg, 100 * deg, 65 * deg],
  middle: [80 * deg, 100 * deg, 65 * deg],
  ring: [80 * deg, 100 * deg, 65 * deg],
  little: [80 * deg, 100 * deg, 65 * deg],
}

/** A hand with the given curl (0 straight … 1 fully curled) per finger, thumb → little. */
export function handFromCurls(curls: Readonly<Record<Finger, number>>, spread: number): HandPose {
  return { flex: FINGERS.flatMap((f) => CURL_PROFILE[f].map((angle) => angle * curls[f])), spread }
}

/** The same hand with one finger's three joints set to `amount` of its full curl. */
export function withFingerCurl(hand: HandPose, finger: Finger, amount: number): HandPose {
  const at = FINGERS.indexOf(finger) * JOINTS_PER_FINGER
  const flex = hand.flex.slice()
  CURL_PROFILE[finger].forEach((angle, j) => (flex[at + j] = angle * amount))
  return { ...hand, flex }
}

/** One finger's curl as its control shows it: the mean share of its full curl over its joints. */
export function fingerCurl(hand: HandPose, finger: Finger): number {
  const at = FINGERS.indexOf(finger) * JOINTS_PER_FINGER
  const profile = CURL_PROFILE[finger]
  return profile.reduce((sum, angle, j) => sum + hand.flex[at + j] / angle, 0) / JOINTS_PER_FINGER
}

/** Joint-by-joint blend of two hands (flexion angles and spread are linear, so in-betweens curl smoothly). */
export function lerpHand(a: HandPose, b: HandPose, t: number): HandPose {
  return { flex: a.flex.map((v, i) => v + (b.flex[i] - v) * t), spread: a.spread + (b.spread - a.spread) * t }
}

/**
 * The 21 hand points in the hand-local frame (see the file header), wrist at the origin. Each finger is a
 * chain: every joint turns the rest of the finger towards its bend direction by that joint's flexion.
 */
export function handLocalPoints(hand: HandPose): Vec3[] {
  const points: Vec3[] = [[0, 0, 0]]
  SHAPES.forEach((shape, f) => {
    const fan = shape.fan * hand.spread
    let direction = rotateAboutZ(shape.direction, fan)
    let bend = rotateAboutZ(shape.bend, fan)
    let at = shape.base
    points.push(at)
    shape.segments.forEach((length, j) => {
      const angle = hand.flex[f * JOINTS_PER_FINGER + j] ?? 0
      const [c, s] = [Math.cos(angle), Math.sin(angle)]
      ;[direction, bend] = [add3(scale3(direction, c), scale3(bend, s)), add3(scale3(bend, c), scale3(direction, -s))]
      at = add3(at, scale3(direction, length))
      points.push(at)
    })
  })
  return points
}

function rotateAboutZ(v: Vec3, angle: number): Vec3 {
  const [c, s] = [Math.cos(angle), Math.sin(angle)]
  return [v[0] * c - v[1] * s, v[0] * s + v[1] * c, v[2]]
}
