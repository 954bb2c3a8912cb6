// Seeds from the detected skeleton: narrow capsules along the body's bones. Pixels on them are certainly
// the character, which keeps thin limbs (shins, forearms) connected when the colour model and the
// smoothness term would rather cut them off.
import { OPENPOSE_LIMBS, type Pose18 } from '../../openpose'

/** OPENPOSE_LIMBS[0..12]: neck–shoulders, arms, neck–hips, legs, neck–nose. The face limbs are left out. */
const BODY_LIMBS = OPENPOSE_LIMBS.slice(0, 13)
/** Capsule radius as a share of the person's height (for thin limbs, about a fifth of their width). */
const RADIUS_SHARE = 0.02
/** The person's height is taken as at least this share of the image's longer side (few keypoints). */
const MIN_HEIGHT_SHARE = 0.3

/** 1 on the capsules around every bone whose two ends are present in `pose` (normalised coordinates). */
export function skeletonSeeds(pose: Pose18, width: number, height: number): Uint8Array {
  const seeds = new Uint8Array(width * height)
  const points = pose.map((k) => (k ? { x: k.x * width, y: k.y * height } : null))
  const ys = points.flatMap((p) => (p ? [p.y] : []))
  if (ys.length === 0) return seeds
  const personHeight = Math.max(Math.max(...ys) - Math.min(...ys), MIN_HEIGHT_SHARE * Math.max(width, height))
  const radius = Math.max(1, RADIUS_SHARE * personHeight)
  for (const [a, b] of BODY_LIMBS) {
    const [p, q] = [points[a], points[b]]
    if (p && q) fillCapsule(seeds, width, height, p, q, radius)
  }
  return seeds
}

interface Point {
  x: number
  y: number
}

/** Sets the pixels whose centres lie within `radius` of the segment p–q. */
function fillCapsule(out: Uint8Array, width: number, height: number, p: Point, q: Point, radius: number): void {
  const x0 = Math.max(0, Math.floor(Math.min(p.x, q.x) - radius))
  const x1 = Math.min(width - 1, Math.ceil(Math.max(p.x, q.x) + radius))
  const y0 = Math.max(0, Math.floor(Math.min(p.y, q.y) - radius))
  const y1 = Math.min(height - 1, Math.ceil(Math.max(p.y, q.y) + radius))
  const [dx, dy] = [q.x - p.x, q.y - p.y]
  const lengthSquared = dx * dx + dy * dy || 1e-9
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const [cx, cy] = [x + 0.5 - p.x, y + 0.5 - p.y]
      const t = Math.min(1, Math.max(0, (cx * dx + cy * dy) / lengthSquared))
      if (Math.hypot(cx - t * dx, cy - t * dy) <= radius) out[y * width + x] = 1
    }
  }
}
