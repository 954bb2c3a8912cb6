// Character masks at latent resolution (MGDM, paper §3.4; decision 0321). The source mask M_s comes from
// the project or the segmenter; a frame's mask M_{x_i} from its cross-attention maps (sd15-facts §10, as
// prompt-to-prompt's LocalBlend): the maps are already the mean over heads and the 1/4-grid layers; we sum
// the character tokens, average over steps, divide by the maximum, enlarge bilinearly to the latent grid
// and threshold, then add M_s where the frame's pose agrees with the source pose (limbs that did not move).
import type { Pose18 } from '../../../src-preload/api'
import type { GrayImage } from '../image/rgbImage'
import { resizePlane } from '../image/resize'
import { OPENPOSE_LIMBS } from '../pose/openpose'

/** Σ over the character tokens of one map [N, tokens] → [N]. */
export function characterMap(maps: Float32Array, tokens: number, positions: readonly number[]): Float32Array {
  const n = maps.length / tokens
  const out = new Float32Array(n)
  for (let p = 0; p < n; p++) {
    let sum = 0
    for (const k of positions) sum += maps[p * tokens + k]
    out[p] = sum
  }
  return out
}

export interface Grid {
  height: number
  width: number
}

/** Max-normalise, enlarge bilinearly (cell centres aligned) to the latent grid and threshold (≥ th → 1). */
export function maskFromMap(map: Float32Array, from: Grid, to: Grid, threshold: number): Float32Array {
  let hi = 0
  for (const v of map) hi = Math.max(hi, v)
  const out = new Float32Array(to.height * to.width)
  // An all-zero map has no foreground: everything counts as background (MGDM then falls back to plain DCA).
  if (!(hi > 0)) return out
  const sample = (y: number, x: number) => map[y * from.width + x] / hi
  for (let y = 0; y < to.height; y++) {
    const fy = clamp(((y + 0.5) * from.height) / to.height - 0.5, 0, from.height - 1)
    const [y0, wy] = [Math.floor(fy), fy - Math.floor(fy)]
    const y1 = Math.min(y0 + 1, from.height - 1)
    for (let x = 0; x < to.width; x++) {
      const fx = clamp(((x + 0.5) * from.width) / to.width - 0.5, 0, from.width - 1)
      const [x0, wx] = [Math.floor(fx), fx - Math.floor(fx)]
      const x1 = Math.min(x0 + 1, from.width - 1)
      const top = sample(y0, x0) * (1 - wx) + sample(y0, x1) * wx
      const bottom = sample(y1, x0) * (1 - wx) + sample(y1, x1) * wx
      out[y * to.width + x] = top * (1 - wy) + bottom * wy >= threshold ? 1 : 0
    }
  }
  return out
}

/** Limbs whose two ends moved less than this (normalised image units) count as agreeing with p_s. */
export const POSE_AGREEMENT = 0.02
/** Half-width of the band around an agreeing limb within which M_s is kept (normalised units). */
export const LIMB_BAND = 0.08

/**
 * The frame mask M_{x_i} = attention mask ∪ (M_s ∩ band around the limbs where p_i agrees with p_s): where
 * the character has not moved, the segmenter's precise mask is better than 1/4-grid attention.
 */
export function unionWithSource(
  attention: Float32Array,
  sourceMask: Float32Array,
  grid: Grid,
  poses: { source: Pose18; frame: Pose18 },
): Float32Array {
  const limbs = OPENPOSE_LIMBS.flatMap(([a, b]) => {
    const [sa, sb, fa, fb] = [poses.source[a], poses.source[b], poses.frame[a], poses.frame[b]]
    if (!sa || !sb || !fa || !fb) return []
    const moved = Math.max(Math.hypot(sa.x - fa.x, sa.y - fa.y), Math.hypot(sb.x - fb.x, sb.y - fb.y))
    return moved < POSE_AGREEMENT ? [[sa, sb] as const] : []
  })
  const out = Float32Array.from(attention)
  for (let y = 0; y < grid.height; y++) {
    for (let x = 0; x < grid.width; x++) {
      const i = y * grid.width + x
      if (out[i] || !sourceMask[i]) continue
      const p = { x: (x + 0.5) / grid.width, y: (y + 0.5) / grid.height }
      if (limbs.some(([a, b]) => distanceToSegment(p, a, b) <= LIMB_BAND)) out[i] = 1
    }
  }
  return out
}

type Point = { x: number; y: number }

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const [dx, dy] = [b.x - a.x, b.y - a.y]
  const length2 = dx * dx + dy * dy
  const t = length2 > 0 ? clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0, 1) : 0
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy))
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v))
}

/** A soft image-resolution mask → 0/1 at latent resolution (area average, then ≥ 0.5). */
export function maskToLatent(mask: GrayImage, to: Grid): Float32Array {
  const small = resizePlane(mask.data, mask.width, mask.height, to.width, to.height)
  return small.map((v) => (v >= 0.5 ? 1 : 0))
}
