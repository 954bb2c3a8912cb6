// The character mask as the brush edits it: one byte per mask pixel (0 background … 255 character).
// A stroke stamps hard discs along the pointer's path, close enough that fast strokes leave no gaps.

export interface MaskBuffer {
  readonly width: number
  readonly height: number
  readonly values: Uint8Array
}

export interface Point {
  readonly x: number
  readonly y: number
}

/** Pixel rectangle [x0, x1) × [y0, y1). */
export interface Rect {
  readonly x0: number
  readonly y0: number
  readonly x1: number
  readonly y1: number
}

export const PAINT = 255
export const ERASE = 0

/** Paints `value` along the segment from → to with discs of `radius` mask pixels; returns the touched rectangle. */
export function paintStroke(mask: MaskBuffer, from: Point, to: Point, radius: number, value: number): Rect | null {
  const r = Math.max(0.5, radius)
  const steps = Math.max(1, Math.ceil(Math.hypot(to.x - from.x, to.y - from.y) / Math.max(0.5, r / 3)))
  let dirty: Rect | null = null
  for (let i = 0; i <= steps; i++) {
    const t = i / steps
    const stamped = stampDisc(mask, from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t, r, value)
    dirty = union(dirty, stamped)
  }
  return dirty
}

function stampDisc(mask: MaskBuffer, cx: number, cy: number, r: number, value: number): Rect | null {
  const x0 = Math.max(0, Math.floor(cx - r))
  const y0 = Math.max(0, Math.floor(cy - r))
  const x1 = Math.min(mask.width, Math.ceil(cx + r))
  const y1 = Math.min(mask.height, Math.ceil(cy + r))
  if (x0 >= x1 || y0 >= y1) return null
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      // Pixel centres inside the disc.
      if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r) mask.values[y * mask.width + x] = value
    }
  }
  return { x0, y0, x1, y1 }
}

function union(a: Rect | null, b: Rect | null): Rect | null {
  if (!a) return b
  if (!b) return a
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) }
}

/** Share of mask pixels at least half on (for the panel's "covers N % of the image"). */
export function coverage(mask: MaskBuffer): number {
  let on = 0
  for (const v of mask.values) if (v >= 128) on++
  return mask.values.length ? on / mask.values.length : 0
}

/** RGBA pixels of `rect` (default: all) showing the mask as a tinted overlay (alpha follows the mask value). */
export function overlayPixels(
  mask: MaskBuffer,
  tint: readonly [number, number, number],
  opacity: number,
  rect: Rect = { x0: 0, y0: 0, x1: mask.width, y1: mask.height },
): Uint8ClampedArray<ArrayBuffer> {
  const width = rect.x1 - rect.x0
  const rgba = new Uint8ClampedArray(new ArrayBuffer(width * (rect.y1 - rect.y0) * 4))
  for (let y = rect.y0; y < rect.y1; y++) {
    for (let x = rect.x0; x < rect.x1; x++) {
      const i = ((y - rect.y0) * width + (x - rect.x0)) * 4
      rgba.set(tint, i)
      rgba[i + 3] = mask.values[y * mask.width + x] * opacity
    }
  }
  return rgba
}
