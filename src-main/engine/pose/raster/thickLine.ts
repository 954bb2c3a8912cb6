// cv2.line with thickness > 1 (LINE_8, shift 0), as OpenCV draws it: the segment widened by ±thickness/2
// along its normal (rounded in 16.16 fixed point) becomes a four-point polygon filled with sub-pixel
// fillConvexPoly, and each end gets a filled round cap of radius round(thickness / 2).
import type { RgbImage } from '../../image/rgbImage'
import { fillCircle } from './circle'
import { fillConvexPolygon } from './fillConvex'
import type { IntPoint } from './line'
import { XY_ONE, XY_SHIFT } from './lineFixed'
import { roundHalfEven, type Rgb } from './pixels'

export function drawThickLine(image: RgbImage, from: IntPoint, to: IntPoint, thickness: number, color: Rgb): void {
  if (!Number.isInteger(thickness) || thickness < 2) throw new RangeError(`thickness must be ≥ 2, got ${thickness}`)
  const [p0, p1] = [from, to].map((p) => ({ x: p.x * XY_ONE, y: p.y * XY_ONE }))
  const dx = (p0.x - p1.x) / XY_ONE
  const dy = (p1.y - p0.y) / XY_ONE
  const lengthSquared = dx * dx + dy * dy
  // Half the thickness in 16.16; an odd thickness adds half a pixel.
  const halfWidth = thickness * (XY_ONE / 2)
  if (Math.abs(lengthSquared) > Number.EPSILON) {
    const r = (halfWidth + (thickness % 2) * XY_ONE * 0.5) / Math.sqrt(lengthSquared)
    const normal = { x: roundHalfEven(dy * r), y: roundHalfEven(dx * r) }
    const corners = [
      { x: p0.x + normal.x, y: p0.y + normal.y },
      { x: p0.x - normal.x, y: p0.y - normal.y },
      { x: p1.x - normal.x, y: p1.y - normal.y },
      { x: p1.x + normal.x, y: p1.y + normal.y },
    ]
    fillConvexPolygon(image, corners, color, XY_SHIFT)
  }
  const capRadius = Math.floor((halfWidth + XY_ONE / 2) / XY_ONE)
  for (const end of [from, to]) fillCircle(image, end, capRadius, color)
}
