// PATA transition (DESIGN §4): in-between frames from the source pose to the aligned first target pose.
// Each bone's angle (shortest way round) and length are interpolated about its parent, not raw keypoints,
// so limbs swing instead of shrinking through the middle; timing is ease-in-out (smoothstep).
import { KEYPOINT_COUNT } from '../openpose'
import { distance, PARENT, TREE_ORDER, type PixelPose, type Vec } from './skeleton'

/** Both ends with missing joints filled in from the other end, plus who really had which joint. */
interface Ends {
  a: (Vec | null)[]
  b: (Vec | null)[]
  inA: boolean[]
  inB: boolean[]
  confidenceA: number[]
  confidenceB: number[]
}

export function smoothstep(u: number): number {
  return u * u * (3 - 2 * u)
}

/**
 * Completes two poses against each other: a joint one of them lacks is attached to its parent with the
 * other pose's bone (or placed at the other pose's position shifted by the mean offset between them),
 * so a joint that appears or disappears during the transition moves with its body instead of jumping.
 */
export function pairEnds(a: PixelPose, b: PixelPose): Ends {
  return {
    a: completeFrom(a.points, b.points),
    b: completeFrom(b.points, a.points),
    inA: a.points.map((p) => p !== null),
    inB: b.points.map((p) => p !== null),
    confidenceA: a.points.map((p, i) => (p ? a.confidence[i] : b.confidence[i])),
    confidenceB: b.points.map((p, i) => (p ? b.confidence[i] : a.confidence[i])),
  }
}

function completeFrom(points: (Vec | null)[], other: (Vec | null)[]): (Vec | null)[] {
  const out = points.map((p) => (p ? { ...p } : null))
  const shift = meanOffset(points, other)
  for (const j of TREE_ORDER) {
    const o = other[j]
    if (out[j] !== null || o === null) continue
    const parent = PARENT[j]
    const [mine, theirs] = parent >= 0 ? [out[parent], other[parent]] : [null, null]
    out[j] =
      mine && theirs
        ? { x: mine.x + o.x - theirs.x, y: mine.y + o.y - theirs.y }
        : { x: o.x + shift.x, y: o.y + shift.y }
  }
  return out
}

/** Mean of (points − other) over joints both have; over all joints of each when they share none. */
function meanOffset(points: (Vec | null)[], other: (Vec | null)[]): Vec {
  const mean = (list: Vec[]) =>
    list.length === 0
      ? { x: 0, y: 0 }
      : { x: list.reduce((s, p) => s + p.x, 0) / list.length, y: list.reduce((s, p) => s + p.y, 0) / list.length }
  const shared = points.map((p, i) => (p && other[i] ? { x: p.x - other[i].x, y: p.y - other[i].y } : null))
  const diffs = shared.filter((d): d is Vec => d !== null)
  if (diffs.length > 0) return mean(diffs)
  const [m, n] = [mean(points.filter((p): p is Vec => p !== null)), mean(other.filter((p): p is Vec => p !== null))]
  return { x: m.x - n.x, y: m.y - n.y }
}

/** The in-between pose at time u ∈ [0, 1] (u = 0 is the source, u = 1 the target). */
export function interpolate(ends: Ends, u: number): PixelPose {
  const e = smoothstep(u)
  const points: (Vec | null)[] = new Array(KEYPOINT_COUNT).fill(null)
  for (const j of TREE_ORDER) {
    const [a, b] = [ends.a[j], ends.b[j]]
    if (a === null || b === null) continue
    const parent = PARENT[j]
    const [pa, pb, here] = parent >= 0 ? [ends.a[parent], ends.b[parent], points[parent]] : [null, null, null]
    points[j] = pa && pb && here ? swingBone(here, a, pa, b, pb, e) : lerpVec(a, b, e)
  }
  // A joint only one end really has shows for the half of the transition nearer that end.
  const shown = (j: number) => (ends.inA[j] && ends.inB[j]) || (ends.inA[j] && u < 0.5) || (ends.inB[j] && u >= 0.5)
  return {
    points: points.map((p, j) => (shown(j) ? p : null)),
    confidence: ends.confidenceA.map((c, j) => c + (ends.confidenceB[j] - c) * e),
  }
}

/** Child position from the interpolated parent, with angle and length interpolated between the ends. */
function swingBone(parentNow: Vec, a: Vec, pa: Vec, b: Vec, pb: Vec, e: number): Vec {
  const [la, lb] = [distance(a, pa), distance(b, pb)]
  let angleA = Math.atan2(a.y - pa.y, a.x - pa.x)
  let angleB = Math.atan2(b.y - pb.y, b.x - pb.x)
  if (la < 1e-9) angleA = angleB // a zero-length bone has no direction of its own
  if (lb < 1e-9) angleB = angleA
  let turn = angleB - angleA
  turn -= 2 * Math.PI * Math.round(turn / (2 * Math.PI)) // shortest way round, in [−π, π]
  const angle = angleA + turn * e
  const length = la + (lb - la) * e
  return { x: parentNow.x + length * Math.cos(angle), y: parentNow.y + length * Math.sin(angle) }
}

function lerpVec(a: Vec, b: Vec, e: number): Vec {
  return { x: a.x + (b.x - a.x) * e, y: a.y + (b.y - a.y) * e }
}

/** In-between poses for `count` frames (excluding both ends). */
export function transitionFrames(ends: Ends, count: number): PixelPose[] {
  return Array.from({ length: count }, (_, k) => interpolate(ends, (k + 1) / (count + 1)))
}

/** Largest distance any joint present in both of two consecutive poses moves between them. */
export function largestStep(sequence: PixelPose[]): number {
  let largest = 0
  for (let f = 1; f < sequence.length; f++) {
    const [prev, next] = [sequence[f - 1].points, sequence[f].points]
    for (let j = 0; j < KEYPOINT_COUNT; j++) {
      const [a, b] = [prev[j], next[j]]
      if (a && b) largest = Math.max(largest, distance(a, b))
    }
  }
  return largest
}

/** Fewest in-between frames keeping every joint's per-frame motion ≤ maxStep pixels (capped). */
export function chooseTransitionLength(
  source: PixelPose,
  target: PixelPose,
  maxStep: number,
  maxFrames: number,
): { frames: number; boundMet: boolean } {
  const ends = pairEnds(source, target)
  // A joint that must travel D in straight line needs at least D / maxStep steps: start the search there.
  const travel = largestStep([source, target])
  const lowerBound = Math.max(0, Math.ceil(travel / maxStep) - 1)
  for (let count = Math.min(lowerBound, maxFrames); count <= maxFrames; count++) {
    if (largestStep([source, ...transitionFrames(ends, count), target]) <= maxStep)
      return { frames: count, boundMet: true }
  }
  return { frames: maxFrames, boundMet: false }
}
