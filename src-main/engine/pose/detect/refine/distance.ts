// City-block (L1) distance to a set of pixels, in two raster passes (exact for L1). A disc of radius r in
// this metric is a diamond: the same neighbourhood as r dilations with a 4-connected cross.

/**
 * For each pixel, the L1 distance to the nearest pixel where `inSet` is 1 (0 on the set itself).
 * With `outsideInSet`, the pixels just beyond the image border count as part of the set.
 */
export function distanceToSet(inSet: Uint8Array, width: number, height: number, outsideInSet = false): Float32Array {
  const far = width + height + 1
  const d = new Float32Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      const border = outsideInSet ? Math.min(x, y, width - 1 - x, height - 1 - y) + 1 : far
      d[i] = inSet[i] ? 0 : border
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      if (x > 0) d[i] = Math.min(d[i], d[i - 1] + 1)
      if (y > 0) d[i] = Math.min(d[i], d[i - width] + 1)
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x
      if (x + 1 < width) d[i] = Math.min(d[i], d[i + 1] + 1)
      if (y + 1 < height) d[i] = Math.min(d[i], d[i + width] + 1)
    }
  }
  return d
}
