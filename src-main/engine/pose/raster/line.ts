// 8-connected Bresenham line between integer points, clipped to the image first (Cohen–Sutherland with
// C truncation), drawn from the left end so the pixel set does not depend on the direction given.
// This is the outline pass of OpenCV's fillConvexPoly for LINE_8, so it must pick the same pixels.
import type { RgbImage } from '../../image/rgbImage'
import { setPixel, type Rgb } from './pixels'

export interface IntPoint {
  x: number
  y: number
}

export function drawLine8(image: RgbImage, from: IntPoint, to: IntPoint, color: Rgb): void {
  for (const p of line8Pixels(image.width, image.height, from, to)) setPixel(image, p.x, p.y, color)
}

/** The pixels of the clipped line, in drawing order. */
export function line8Pixels(width: number, height: number, from: IntPoint, to: IntPoint): IntPoint[] {
  const clipped = clipToImage(width, height, from, to)
  if (clipped === null) return []
  let [a, b] = clipped
  if (b.x < a.x) [a, b] = [b, a]
  const stepY = b.y < a.y ? -1 : 1
  const dx = b.x - a.x
  const dy = Math.abs(b.y - a.y)
  const steep = dy > dx
  const major = steep ? dy : dx
  const minor = steep ? dx : dy
  // err < 0 means the exact line has drifted past half a pixel on the minor axis: step it too.
  let err = major - 2 * minor
  let { x, y } = a
  const pixels: IntPoint[] = []
  for (let i = 0; i <= major; i++) {
    pixels.push({ x, y })
    const stepMinor = err < 0
    err += stepMinor ? 2 * major - 2 * minor : -2 * minor
    if (steep) {
      y += stepY
      if (stepMinor) x += 1
    } else {
      x += 1
      if (stepMinor) y += stepY
    }
  }
  return pixels
}

const LEFT = 1
const RIGHT = 2
const TOP = 4
const BOTTOM = 8

function outcode(p: IntPoint, right: number, bottom: number): number {
  return (p.x < 0 ? LEFT : 0) | (p.x > right ? RIGHT : 0) | (p.y < 0 ? TOP : 0) | (p.y > bottom ? BOTTOM : 0)
}

/**
 * Cohen–Sutherland clipping to [0, w−1]×[0, h−1] with integer results truncated toward zero: first each
 * end outside vertically slides along the line to the top/bottom edge, then each end still outside
 * horizontally slides to the left/right edge. The second end is moved along the already-moved first.
 */
export function clipToImage(width: number, height: number, p1: IntPoint, p2: IntPoint): [IntPoint, IntPoint] | null {
  const right = width - 1
  const bottom = height - 1
  const a = { ...p1 }
  const b = { ...p2 }
  let ca = outcode(a, right, bottom)
  let cb = outcode(b, right, bottom)
  if ((ca & cb) === 0 && (ca | cb) !== 0) {
    if (ca & (TOP | BOTTOM)) {
      const edge = ca & TOP ? 0 : bottom
      a.x += Math.trunc(((edge - a.y) * (b.x - a.x)) / (b.y - a.y))
      a.y = edge
      ca = outcode(a, right, bottom) & (LEFT | RIGHT)
    }
    if (cb & (TOP | BOTTOM)) {
      const edge = cb & TOP ? 0 : bottom
      b.x += Math.trunc(((edge - b.y) * (b.x - a.x)) / (b.y - a.y))
      b.y = edge
      cb = outcode(b, right, bottom) & (LEFT | RIGHT)
    }
    if ((ca & cb) === 0 && (ca | cb) !== 0) {
      if (ca) {
        const edge = ca === LEFT ? 0 : right
        a.y += Math.trunc(((edge - a.x) * (b.y - a.y)) / (b.x - a.x))
        a.x = edge
        ca = 0
      }
      if (cb) {
        const edge = cb === LEFT ? 0 : right
        b.y += Math.trunc(((edge - b.x) * (b.y - a.y)) / (b.x - a.x))
        b.x = edge
        cb = 0
      }
    }
  }
  return (ca | cb) === 0 ? [a, b] : null
}
