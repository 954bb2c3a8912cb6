// PATA for full poses (body + hands + face): the body goes through runPata unchanged; each hand and the
// face then follow it. Under alignment a part takes the same similarity as the body, plus the shift its
// anchor joint got from bone retargeting; in the transition it hangs from the in-between body's anchor
// joint and turns, scales and changes shape in its own frame (parts.ts).
import { PART_ANCHOR, POSE_PARTS, type FullPose, type PosePart } from '../fullPose'
import type { Keypoint } from '../openpose'
import { runPata, type PataOptions, type PataResult } from './pata'
import { interpolatePart, partEnds, partFromPixels, partOrigin, partToPixels, translatePart } from './parts'
import { toPixels, type Canvas, type Vec } from './skeleton'
import { smoothstep } from './transition'

export interface FullPataResult extends Omit<PataResult, 'poses'> {
  /** p_0 = p_s, then the transition, then the aligned motion, each with its hands and face. */
  poses: FullPose[]
}

export function runFullPata(source: FullPose, motion: FullPose[], options: PataOptions): FullPataResult {
  const bodies = motion.map((m) => m.body)
  let body = runPata(source.body, bodies, options)
  if (options.enabled === false) return { ...body, poses: [source, ...motion] }
  const canvas: Canvas = { width: options.width, height: options.height }
  let poses = attachParts(source, motion, body, canvas)
  // The body chose the fewest in-between frames for its joints; fingers swinging about a moving wrist
  // can step further, so lengthen the transition until every drawn point respects the bound too.
  const maxStep = (options.maxJointStep ?? 0.02) * Math.max(canvas.width, canvas.height)
  const transitionStep = () => largestPartStep(poses.slice(0, 2 + body.transitionFrames), canvas)
  if (options.transitionFrames === undefined) {
    const cap = options.maxTransitionFrames ?? 120
    while (transitionStep() > maxStep && body.transitionFrames < cap) {
      body = runPata(source.body, bodies, { ...options, transitionFrames: body.transitionFrames + 1 })
      poses = attachParts(source, motion, body, canvas)
    }
  }
  return { ...body, poses, stepBoundMet: body.stepBoundMet && transitionStep() <= maxStep }
}

/** The body PATA result with each hand and face aligned and carried through the transition. */
function attachParts(source: FullPose, motion: FullPose[], body: PataResult, canvas: Canvas): FullPose[] {
  const bodies = body.poses.map((pose) => toPixels(pose, canvas).points)
  const firstAligned = 1 + body.transitionFrames
  const { scale, offsetX, offsetY } = body.alignment
  const similarity = (p: Vec) => ({ x: scale * p.x + offsetX * canvas.width, y: scale * p.y + offsetY * canvas.height })

  const aligned = motion.map((pose, f) => {
    const out: FullPose = { ...pose, body: body.poses[firstAligned + f] }
    const unretargeted = toPixels(pose.body, canvas).points.map((p) => p && similarity(p))
    for (const part of POSE_PARTS) {
      const points = pose[part]
      if (points === null) continue
      const moved = partToPixels(points, canvas)
      moved.points = moved.points.map((p) => p && similarity(p))
      const shift = anchorShift(unretargeted, bodies[firstAligned + f], part)
      out[part] = partFromPixels(translatePart(moved, shift), canvas)
    }
    return out
  })

  const between = Array.from({ length: body.transitionFrames }, (_, k): FullPose => {
    const u = (k + 1) / (body.transitionFrames + 1)
    const pose: FullPose = { body: body.poses[1 + k], leftHand: null, rightHand: null, face: null }
    for (const part of POSE_PARTS) pose[part] = partBetween(part, source, aligned[0], bodies[1 + k], canvas, u)
    return pose
  })
  return [source, ...between, ...aligned]
}

/** Largest distance, in pixels, any hand or face point present in two consecutive poses moves. */
export function largestPartStep(sequence: FullPose[], canvas: Canvas): number {
  let largest = 0
  for (let f = 1; f < sequence.length; f++) {
    for (const part of POSE_PARTS) {
      const [prev, next] = [sequence[f - 1][part], sequence[f][part]]
      if (!prev || !next) continue
      prev.forEach((a, i) => {
        const b = next[i]
        if (a && b) largest = Math.max(largest, Math.hypot((a.x - b.x) * canvas.width, (a.y - b.y) * canvas.height))
      })
    }
  }
  return largest
}

/** How far retargeting moved the part's anchor joint (zero when either pose lacks it). */
function anchorShift(before: (Vec | null)[], after: (Vec | null)[], part: PosePart): Vec {
  const [a, b] = [before[PART_ANCHOR[part]], after[PART_ANCHOR[part]]]
  return a && b ? { x: b.x - a.x, y: b.y - a.y } : { x: 0, y: 0 }
}

/**
 * The part at uneased time u of the transition from `from` to `to`, hung from the in-between body. A part
 * only one end has keeps its shape, hangs from its joint, and shows for the half nearer that end.
 */
function partBetween(
  part: PosePart,
  from: FullPose,
  to: FullPose,
  bodyNow: (Vec | null)[],
  canvas: Canvas,
  u: number,
): Keypoint[] | null {
  const [a, b] = [from[part], to[part]]
  if ((a === null || u >= 0.5) && (b === null || u < 0.5) && !(a && b)) return null
  const anchor = PART_ANCHOR[part]
  const ends = [
    { points: a, body: toPixels(from.body, canvas).points },
    { points: b, body: toPixels(to.body, canvas).points },
  ]
    .filter((end) => end.points !== null)
    .map(({ points, body }) => {
      const pixels = partToPixels(points!, canvas)
      return { pixels, origin: partOrigin(pixels, body, part), anchored: body[anchor] !== null }
    })
  const [first, last] = [ends[0], ends[ends.length - 1]]
  const e = smoothstep(u)
  // On the body's joint when every end the part has is on it (the in-between body then has it too).
  const joint = bodyNow[anchor]
  const origin =
    joint && ends.every((end) => end.anchored)
      ? joint
      : {
          x: first.origin.x + (last.origin.x - first.origin.x) * e,
          y: first.origin.y + (last.origin.y - first.origin.y) * e,
        }
  const frames = partEnds(first.pixels, first.origin, last.pixels, last.origin, part)
  return partFromPixels(interpolatePart(frames, origin, u, e), canvas)
}
