// Character masks at latent resolution (MGDM, paper §3.4). The source mask M_s comes from the project or
// the segmenter; a frame's mask M_{x_i} from its cross-attention maps (sd15-facts §10): the maps are
// already the mean over heads and the 1/4-grid layers; we sum the character tokens, average over steps,
// min-max normalise, threshold and enlarge (nearest) to the latent grid, as MasaCtrl's auto mask does.
import type { GrayImage } from '../image/rgbImage'
import { resizePlane } from '../image/resize'

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

/** Min-max normalise, threshold (≥ th → 1) and enlarge an averaged map to the latent grid (nearest). */
export function maskFromMap(map: Float32Array, from: Grid, to: Grid, threshold: number): Float32Array {
  let [lo, hi] = [Infinity, -Infinity]
  for (const v of map) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)]
  const range = hi - lo
  const out = new Float32Array(to.height * to.width)
  for (let y = 0; y < to.height; y++) {
    for (let x = 0; x < to.width; x++) {
      const v = map[Math.floor((y * from.height) / to.height) * from.width + Math.floor((x * from.width) / to.width)]
      // A flat map has no foreground: everything counts as background (MGDM then falls back to plain DCA).
      out[y * to.width + x] = range > 0 && (v - lo) / range >= threshold ? 1 : 0
    }
  }
  return out
}

/** A soft image-resolution mask → 0/1 at latent resolution (area average, then ≥ 0.5). */
export function maskToLatent(mask: GrayImage, to: Grid): Float32Array {
  const small = resizePlane(mask.data, mask.width, mask.height, to.width, to.height)
  return small.map((v) => (v >= 0.5 ? 1 : 0))
}
