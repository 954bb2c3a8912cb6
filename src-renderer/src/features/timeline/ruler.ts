// Pixel ↔ frame mapping of the timeline track and the spacing of ruler labels.

/** Frame under x (pixels from the track's left edge), clamped to the timeline. */
export function frameAtX(x: number, widthPx: number, frameCount: number): number {
  if (frameCount <= 1 || widthPx <= 0) return 0
  const frame = Math.round((x / widthPx) * (frameCount - 1))
  return Math.max(0, Math.min(frameCount - 1, frame))
}

/** Position of a frame as a fraction of the track width (0 … 1). */
export function fractionOfFrame(frame: number, frameCount: number): number {
  return frameCount <= 1 ? 0 : frame / (frameCount - 1)
}

/** Whole-frame distance covered by dx pixels. */
export function framesForPixels(dx: number, widthPx: number, frameCount: number): number {
  if (frameCount <= 1 || widthPx <= 0) return 0
  return Math.round((dx / widthPx) * (frameCount - 1))
}

/** Smallest label step from 1, 2, 5, 10, 20, 50 … that keeps labels at least `minGapPx` apart. */
export function labelStep(widthPx: number, frameCount: number, minGapPx = 48): number {
  const pxPerFrame = frameCount <= 1 ? widthPx : widthPx / (frameCount - 1)
  for (let base = 1; ; base *= 10) {
    for (const m of [1, 2, 5]) if (m * base * pxPerFrame >= minGapPx || m * base >= frameCount) return m * base
  }
}
