// Hands and face in PATA: each part hangs from a body joint (PART_ANCHOR: the wrists, the nose) and is
// carried by it. A part is described in its own frame: an origin (the anchor joint), a direction and a
// size measured on the part itself (wrist → middle-finger base; outer eye corner → outer eye corner), and
// each point's local coordinates in that frame. In a transition the origin follows the in-between body,
// the direction turns the shortest way, the size and local coordinates are eased, so a part that only
// rotates and moves between the ends stays rigid and stays on its joint.
import type { Keypoint } from '../openpose'
import { PART_ANCHOR, type PosePart } from '../fullPose'
import type { Canvas, Vec } from './skeleton'

/** Two points on the part whose direction and distance define its frame. */
const FRAME_POINTS: Record<PosePart, readonly [number, number]> = {
  leftHand: [0, 9],
  rightHand: [0, 9],
  face: [36, 45],
}

/** A part in pixels: its points (null = missing) and their confidences. */
export interface PixelPart {
  points: (Vec | null)[]
  confidence: number[]
}

/** A part in its frame: local coordinates are (p − origin) rotated by −angle and divided by size. */
interface PartFrame {
  angle: number
  size: number
  local: (Vec | null)[]
}

export function partToPixels(points: Keypoint[], canvas: Canvas): PixelPart {
  return {
    points: points.map((k) => (k === null ? null : { x: k.x * canvas.width, y: k.y * canvas.height })),
    confidence: points.map((k) => (k === null ? 0 : k.confidence)),
  }
}

export function partFromPixels(part: PixelPart, canvas: Canvas): Keypoint[] {
  return part.points.map((p, i) =>
    p === null ? null : { x: p.x / canvas.width, y: p.y / canvas.height, confidence: part.confidence[i] },
  )
}

export function translatePart(part: PixelPart, shift: Vec): PixelPart {
  return { ...part, points: part.points.map((p) => p && { x: p.x + shift.x, y: p.y + shift.y }) }
}

/** The part's anchor: its body joint when the body has it, else the centre of the part's own points. */
export function partOrigin(part: PixelPart, body: (Vec | null)[], which: PosePart): Vec {
  const joint = body[PART_ANCHOR[which]]
  if (joint) return joint
  const present = part.points.filter((p): p is Vec => p !== null)
  if (present.length === 0) return { x: 0, y: 0 }
  return { x: mean(present.map((p) => p.x)), y: mean(present.map((p) => p.y)) }
}

interface Axis {
  angle: number
  size: number
}

/** Direction and size of the part from its frame points, or null when it lacks them. */
function axisOf(part: PixelPart, which: PosePart): Axis | null {
  const [a, b] = FRAME_POINTS[which].map((i) => part.points[i])
  const size = a && b ? Math.hypot(b.x - a.x, b.y - a.y) : 0
  return a && b && size > 1e-9 ? { angle: Math.atan2(b.y - a.y, b.x - a.x), size } : null
}

function frameIn(part: PixelPart, origin: Vec, { angle, size }: Axis): PartFrame {
  const [cos, sin] = [Math.cos(-angle), Math.sin(-angle)]
  const local = part.points.map((p) => {
    if (p === null) return null
    const [dx, dy] = [p.x - origin.x, p.y - origin.y]
    return { x: (dx * cos - dy * sin) / size, y: (dx * sin + dy * cos) / size }
  })
  return { angle, size, local }
}

/** Both ends of a part's transition in their frames; an end without its frame points borrows the other's axis. */
export function partEnds(a: PixelPart, originA: Vec, b: PixelPart, originB: Vec, which: PosePart) {
  const axisA = axisOf(a, which) ?? axisOf(b, which) ?? { angle: 0, size: 1 }
  const axisB = axisOf(b, which) ?? axisA
  return {
    a: frameIn(a, originA, axisA),
    b: frameIn(b, originB, axisB),
    confidenceA: a.points.map((p, i) => (p ? a.confidence[i] : b.confidence[i])),
    confidenceB: b.points.map((p, i) => (p ? b.confidence[i] : a.confidence[i])),
  }
}

/**
 * The part at eased time e ∈ [0, 1] hung from `origin`. A point only one end has keeps that end's local
 * coordinates and shows for the half of the transition nearer that end (u is the uneased time).
 */
export function interpolatePart(ends: ReturnType<typeof partEnds>, origin: Vec, u: number, e: number): PixelPart {
  const { a, b } = ends
  let turn = b.angle - a.angle
  turn -= 2 * Math.PI * Math.round(turn / (2 * Math.PI))
  const angle = a.angle + turn * e
  const size = a.size + (b.size - a.size) * e
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)]
  const points = a.local.map((la, i) => {
    const lb = b.local[i]
    const shown = (la && lb) || (la && u < 0.5) || (lb && u >= 0.5)
    const l = la && lb ? { x: la.x + (lb.x - la.x) * e, y: la.y + (lb.y - la.y) * e } : (la ?? lb)
    if (!shown || !l) return null
    return { x: origin.x + size * (l.x * cos - l.y * sin), y: origin.y + size * (l.x * sin + l.y * cos) }
  })
  const confidence = ends.confidenceA.map((c, i) => c + (ends.confidenceB[i] - c) * e)
  return { points, confidence }
}

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length
}
