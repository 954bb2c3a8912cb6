// Polygon approximating a rotated ellipse, as OpenCV's ellipse2Poly builds it (integer centre, axes,
// angle in degrees, arc from 0 to 360, step 1). Sines and cosines come from a table of float32 values of
// sin(d°) at 7 decimals for whole degrees, points are computed in double and rounded half-to-even, and
// consecutive duplicates are dropped. The table and the rounding decide which pixels a limb covers.
import type { IntPoint } from './line'
import { roundHalfEven } from './pixels'

/** sin(d°) for d = 0…450 (cos(d°) = SIN_TABLE[450 − d]), stored as float32 after rounding to 7 decimals. */
const SIN_TABLE = Float32Array.from({ length: 451 }, (_, d) => Math.round(Math.sin((d * Math.PI) / 180) * 1e7) / 1e7)

export interface EllipseSpec {
  center: IntPoint
  /** Semi-axes along the rotated x and y directions, in whole pixels. */
  axes: { width: number; height: number }
  /** Rotation in whole degrees (any integer). */
  angle: number
  arcStart?: number
  arcEnd?: number
  /** Degrees between samples. */
  delta?: number
}

export function ellipsePolygon(spec: EllipseSpec): IntPoint[] {
  const { center, axes } = spec
  const delta = spec.delta ?? 1
  const angle = normaliseDegrees(spec.angle)
  const [arcStart, arcEnd] = normaliseArc(spec.arcStart ?? 0, spec.arcEnd ?? 360)
  const cos = SIN_TABLE[450 - angle]
  const sin = SIN_TABLE[angle]
  const points: IntPoint[] = []
  for (let i = arcStart; i < arcEnd + delta; i += delta) {
    let t = Math.min(i, arcEnd)
    if (t < 0) t += 360
    const x = axes.width * SIN_TABLE[450 - t]
    const y = axes.height * SIN_TABLE[t]
    const p = {
      x: roundHalfEven(center.x + x * cos - y * sin),
      y: roundHalfEven(center.y + x * sin + y * cos),
    }
    const last = points[points.length - 1]
    if (!last || last.x !== p.x || last.y !== p.y) points.push(p)
  }
  // A degenerate ellipse collapses to one point; keep it a (zero-length) segment.
  return points.length === 1 ? [{ ...center }, { ...center }] : points
}

function normaliseDegrees(angle: number): number {
  let a = angle
  while (a < 0) a += 360
  while (a > 360) a -= 360
  return a
}

function normaliseArc(start: number, end: number): [number, number] {
  let [s, e] = start > end ? [end, start] : [start, end]
  while (s < 0) [s, e] = [s + 360, e + 360]
  while (e > 360) [s, e] = [s - 360, e - 360]
  return e - s > 360 ? [0, 360] : [s, e]
}
