// Polygon outlines → a binary mask (1 inside, 0 outside) with the even-odd rule, sampling pixel centres:
// used for hand-drawn or user-corrected masks.
import { createGrayImage, type GrayImage } from './rgbImage'

export type Polygon = readonly (readonly [number, number])[]

export function rasterizePolygons(polygons: readonly Polygon[], width: number, height: number): GrayImage {
  const mask = createGrayImage(width, height)
  for (let y = 0; y < height; y++) {
    const cy = y + 0.5
    const crossings: number[] = []
    for (const polygon of polygons) {
      for (let i = 0; i < polygon.length; i++) {
        const [x1, y1] = polygon[i]
        const [x2, y2] = polygon[(i + 1) % polygon.length]
        // Half-open rule so a vertex on the scanline counts once.
        if (y1 <= cy !== y2 <= cy) crossings.push(x1 + ((cy - y1) * (x2 - x1)) / (y2 - y1))
      }
    }
    crossings.sort((a, b) => a - b)
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const from = Math.max(0, Math.ceil(crossings[k] - 0.5))
      const to = Math.min(width - 1, Math.floor(crossings[k + 1] - 0.5))
      for (let x = from; x <= to; x++) mask.data[y * width + x] = 1
    }
  }
  return mask
}

/** Intersection over union of two masks thresholded at 0.5. */
export function maskIoU(a: GrayImage, b: GrayImage): number {
  if (a.width !== b.width || a.height !== b.height) throw new RangeError('masks differ in size')
  let inter = 0
  let union = 0
  for (let i = 0; i < a.data.length; i++) {
    const [pa, pb] = [a.data[i] >= 0.5, b.data[i] >= 0.5]
    if (pa && pb) inter++
    if (pa || pb) union++
  }
  return union === 0 ? 1 : inter / union
}
