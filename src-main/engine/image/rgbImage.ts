// Plain image buffers shared by the pose, mask and export code. No decoding here, just layout.

/** 8-bit RGB image: row-major, 3 bytes per pixel, no row padding. */
export interface RgbImage {
  width: number
  height: number
  data: Uint8Array
}

/** One float per pixel (soft masks, probabilities): row-major, usually in [0, 1]. */
export interface GrayImage {
  width: number
  height: number
  data: Float32Array
}

/** An axis-aligned region of an image in pixels. */
export interface Region {
  left: number
  top: number
  width: number
  height: number
}

export function createRgbImage(width: number, height: number): RgbImage {
  assertImageSize(width, height)
  return { width, height, data: new Uint8Array(width * height * 3) }
}

export function createGrayImage(width: number, height: number): GrayImage {
  assertImageSize(width, height)
  return { width, height, data: new Float32Array(width * height) }
}

function assertImageSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`image size must be positive integers, got ${width}×${height}`)
  }
}

/** The pixels of `r` (inside the image) as an image of their own. */
export function cropRgb(image: RgbImage, r: Region): RgbImage {
  const data = new Uint8Array(r.width * r.height * 3)
  for (let y = 0; y < r.height; y++) {
    const from = ((r.top + y) * image.width + r.left) * 3
    data.set(image.data.subarray(from, from + r.width * 3), y * r.width * 3)
  }
  return { width: r.width, height: r.height, data }
}

/** Drops the alpha channel of RGBA bytes, compositing onto a background colour (white by default). */
export function rgbaToRgb(
  rgba: Uint8Array,
  width: number,
  height: number,
  background: [number, number, number] = [255, 255, 255],
): RgbImage {
  const image = createRgbImage(width, height)
  for (let i = 0, j = 0; i < width * height; i++, j += 4) {
    const alpha = rgba[j + 3] / 255
    for (let c = 0; c < 3; c++) {
      image.data[i * 3 + c] = Math.round(rgba[j + c] * alpha + background[c] * (1 - alpha))
    }
  }
  return image
}

/** Mean absolute difference per channel (0..255) and the fraction of pixels whose three bytes all match. */
export function compareRgb(a: RgbImage, b: RgbImage): { meanAbsDiff: number; identicalFraction: number } {
  if (a.width !== b.width || a.height !== b.height) {
    throw new RangeError(`cannot compare ${a.width}×${a.height} with ${b.width}×${b.height}`)
  }
  let sum = 0
  let identical = 0
  for (let p = 0; p < a.width * a.height; p++) {
    let same = true
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(a.data[p * 3 + c] - b.data[p * 3 + c])
      sum += d
      if (d !== 0) same = false
    }
    if (same) identical++
  }
  const pixels = a.width * a.height
  return { meanAbsDiff: sum / (pixels * 3), identicalFraction: identical / pixels }
}
