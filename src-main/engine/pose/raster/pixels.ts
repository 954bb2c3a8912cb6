// Pixel writes and the integer helpers the OpenCV-compatible rasterisers share.
import type { RgbImage } from '../../image/rgbImage'

export type Rgb = readonly [number, number, number]

/** Fills row y from x1 to x2 inclusive; the caller has clipped both to the image. */
export function fillSpan(image: RgbImage, y: number, x1: number, x2: number, color: Rgb): void {
  for (let x = x1, i = (y * image.width + x1) * 3; x <= x2; x++, i += 3) {
    image.data[i] = color[0]
    image.data[i + 1] = color[1]
    image.data[i + 2] = color[2]
  }
}

/** Fills row y from x1 to x2 after clipping the span to the image; rows outside are ignored. */
export function fillClippedSpan(image: RgbImage, y: number, x1: number, x2: number, color: Rgb): void {
  if (y < 0 || y >= image.height) return
  const from = Math.max(x1, 0)
  const to = Math.min(x2, image.width - 1)
  if (from <= to) fillSpan(image, y, from, to, color)
}

export function setPixel(image: RgbImage, x: number, y: number, color: Rgb): void {
  fillSpan(image, y, x, x, color)
}

/** Round half to even, as cvRound does with the SSE2 default rounding mode. */
export function roundHalfEven(v: number): number {
  const floor = Math.floor(v)
  const frac = v - floor
  if (frac > 0.5) return floor + 1
  if (frac < 0.5) return floor
  return floor % 2 === 0 ? floor : floor + 1
}

/** C-style integer division (truncates toward zero), exact for integers below 2^53. */
export function truncDiv(a: number, b: number): number {
  let q = Math.trunc(a / b)
  const r = a - q * b
  // Correct a quotient that floating-point division rounded across an integer boundary.
  if (b > 0) {
    if (a >= 0 && r < 0) q -= 1
    else if (a >= 0 && r >= b) q += 1
    else if (a < 0 && r > 0) q += 1
    else if (a < 0 && r <= -b) q -= 1
  }
  return q
}
