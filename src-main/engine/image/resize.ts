// Image resampling, separable: area averaging when shrinking an axis (like cv2.INTER_AREA, so downscaled
// photos do not alias) and bilinear with half-pixel centres when enlarging (like cv2.INTER_LINEAR).
import { createGrayImage, createRgbImage, type GrayImage, type RgbImage } from './rgbImage'

export function resizeRgb(image: RgbImage, width: number, height: number): RgbImage {
  const out = createRgbImage(width, height)
  for (let c = 0; c < 3; c++) {
    const plane = new Float32Array(image.width * image.height)
    for (let i = 0; i < plane.length; i++) plane[i] = image.data[i * 3 + c]
    const resized = resizePlane(plane, image.width, image.height, width, height)
    for (let i = 0; i < width * height; i++) out.data[i * 3 + c] = Math.min(255, Math.max(0, Math.round(resized[i])))
  }
  return out
}

export function resizeGray(mask: GrayImage, width: number, height: number): GrayImage {
  const out = createGrayImage(width, height)
  out.data.set(resizePlane(mask.data, mask.width, mask.height, width, height))
  return out
}

/** Source taps of one output sample: indices and weights that sum to 1. */
interface Taps {
  index: number[]
  weight: number[]
}

export function resizePlane(src: Float32Array, sw: number, sh: number, dw: number, dh: number): Float32Array {
  const columns = axisTaps(sw, dw)
  const rows = axisTaps(sh, dh)
  // Horizontal pass: [sh, sw] → [sh, dw]
  const wide = new Float32Array(sh * dw)
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < dw; x++) wide[y * dw + x] = applyTaps(src, y * sw, 1, columns[x])
  }
  // Vertical pass: [sh, dw] → [dh, dw]
  const out = new Float32Array(dh * dw)
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) out[y * dw + x] = applyTaps(wide, x, dw, rows[y])
  }
  return out
}

function applyTaps(data: Float32Array, base: number, stride: number, taps: Taps): number {
  let sum = 0
  for (let k = 0; k < taps.index.length; k++) sum += data[base + taps.index[k] * stride] * taps.weight[k]
  return sum
}

function axisTaps(srcSize: number, dstSize: number): Taps[] {
  return Array.from({ length: dstSize }, (_, i) =>
    dstSize < srcSize ? areaTaps(srcSize, dstSize, i) : bilinearTaps(srcSize, dstSize, i),
  )
}

/** Output pixel i covers source interval [i·s, (i+1)·s); each source pixel weighs by its overlap. */
function areaTaps(srcSize: number, dstSize: number, i: number): Taps {
  const scale = srcSize / dstSize
  const start = i * scale
  const end = (i + 1) * scale
  const taps: Taps = { index: [], weight: [] }
  for (let s = Math.floor(start); s < Math.min(Math.ceil(end), srcSize); s++) {
    const overlap = Math.min(end, s + 1) - Math.max(start, s)
    if (overlap > 0) {
      taps.index.push(s)
      taps.weight.push(overlap / scale)
    }
  }
  return taps
}

/** Sample at the output pixel's centre mapped into the source, clamped at the borders. */
function bilinearTaps(srcSize: number, dstSize: number, i: number): Taps {
  const s = Math.min(Math.max((i + 0.5) * (srcSize / dstSize) - 0.5, 0), srcSize - 1)
  const lo = Math.floor(s)
  const hi = Math.min(lo + 1, srcSize - 1)
  return { index: [lo, hi], weight: [1 - (s - lo), s - lo] }
}
