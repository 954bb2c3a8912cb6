// Filled circle with integer centre and radius, as OpenCV's cv2.circle draws it for LINE_8, thickness −1,
// shift 0: the midpoint circle algorithm walks one octant (dy up from 0, dx down from r while dx ≥ dy),
// and each step fills the four horizontal spans it mirrors to, clipped to the image.
import type { RgbImage } from '../../image/rgbImage'
import type { IntPoint } from './line'
import { fillClippedSpan, type Rgb } from './pixels'

export function fillCircle(image: RgbImage, center: IntPoint, radius: number, color: Rgb): void {
  const { x: cx, y: cy } = center
  let dx = radius
  let dy = 0
  // err accumulates dy² (plus = 2·dy + 1); once it passes zero the span is too wide and dx steps in,
  // paying minus = 2·dx − 1. This is the classic integer midpoint rule.
  let err = 0
  let plus = 1
  let minus = 2 * radius - 1
  while (dx >= dy) {
    fillClippedSpan(image, cy - dy, cx - dx, cx + dx, color)
    fillClippedSpan(image, cy + dy, cx - dx, cx + dx, color)
    fillClippedSpan(image, cy - dx, cx - dy, cx + dy, color)
    fillClippedSpan(image, cy + dx, cx - dy, cx + dy, color)
    dy++
    err += plus
    plus += 2
    if (err > 0) {
      err -= minus
      dx--
      minus -= 2
    }
  }
}
