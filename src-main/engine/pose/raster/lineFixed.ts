// 8-connected line between sub-pixel points in 16.16 fixed point, as OpenCV draws the outline of a
// polygon given with fractional bits (its Line2, used by thick lines): clipped to the image scaled by
// 2^16, then stepped along the major axis one whole pixel at a time from the rounded start, with the
// far end plotted separately at its rounded position.
import type { RgbImage } from '../../image/rgbImage'
import { clipToImage, type IntPoint } from './line'
import { setPixel, truncDiv, type Rgb } from './pixels'

export const XY_SHIFT = 16
export const XY_ONE = 2 ** XY_SHIFT
const HALF = XY_ONE / 2

/** v >> XY_SHIFT on a 64-bit integer (arithmetic shift = floor), without JavaScript's 32-bit `>>`. */
export const shiftDown = (v: number): number => Math.floor(v / XY_ONE)

export function drawLineFixed(image: RgbImage, from: IntPoint, to: IntPoint, color: Rgb): void {
  const clipped = clipToImage(image.width * XY_ONE, image.height * XY_ONE, from, to)
  if (clipped === null) return
  const put = (x: number, y: number) => {
    if (x >= 0 && x < image.width && y >= 0 && y < image.height) setPixel(image, x, y, color)
  }
  let [a, b] = clipped
  const xMajor = Math.abs(b.x - a.x) > Math.abs(b.y - a.y)
  // Walk in increasing order of the major axis.
  if (xMajor ? b.x < a.x : b.y < a.y) [a, b] = [b, a]
  const [dx, dy] = [b.x - a.x, b.y - a.y]
  const odd = (v: number) => (v % 2 === 0 ? v + 1 : v) // C's (v | 1) for v ≥ 0
  put(shiftDown(b.x + HALF), shiftDown(b.y + HALF))
  if (xMajor) {
    const yStep = truncDiv(dy * XY_ONE, odd(dx))
    let x = shiftDown(a.x + HALF)
    let y = a.y + HALF
    for (let count = shiftDown(dx); count >= 0; count--, x++, y += yStep) put(x, shiftDown(y))
  } else {
    const xStep = truncDiv(dx * XY_ONE, odd(dy))
    let x = a.x + HALF
    let y = shiftDown(a.y + HALF)
    for (let count = shiftDown(dy); count >= 0; count--, y++, x += xStep) put(shiftDown(x), y)
  }
}
