// Filled convex polygon with the pixel rules of OpenCV's fillConvexPoly (LINE_8, shift 0), written from
// its documented behaviour: (1) every edge is drawn as an 8-connected line; (2) a scanline pass walks
// the left and right chains down from the topmost vertex in 16.16 fixed point and fills, on each row,
// from round(x_left) to round(x_right). Both passes matter: the outline adds pixels the spans miss.
import type { RgbImage } from '../../image/rgbImage'
import { drawLine8, type IntPoint } from './line'
import { fillSpan, truncDiv, type Rgb } from './pixels'

const XY_SHIFT = 16
const XY_ONE = 1 << XY_SHIFT
const HALF = XY_ONE >> 1

/** One chain of the polygon outline, walked one row at a time. */
interface EdgeWalker {
  /** Vertex the current edge starts from. */
  vertex: number
  /** +1 walks the vertex list forwards, −1 backwards. */
  direction: number
  /** First row the current edge no longer covers. */
  endY: number
  /** Current x in 16.16 fixed point, and its change per row. */
  x: number
  dx: number
}

export function fillConvexPolygon(image: RgbImage, points: IntPoint[], color: Rgb): void {
  const n = points.length
  if (n === 0) return
  for (let i = 0; i < n; i++) drawLine8(image, points[(i + n - 1) % n], points[i], color)
  if (n < 3) return
  const bounds = boundsOf(points)
  if (bounds.maxX < 0 || bounds.maxY < 0 || bounds.minX >= image.width || bounds.minY >= image.height) return
  fillSpans(image, points, bounds.top, bounds.minY, Math.min(bounds.maxY, image.height - 1), color)
}

function boundsOf(points: IntPoint[]) {
  let top = 0
  let [minX, maxX, minY, maxY] = [points[0].x, points[0].x, points[0].y, points[0].y]
  points.forEach((p, i) => {
    if (p.y < minY) [minY, top] = [p.y, i]
    maxY = Math.max(maxY, p.y)
    minX = Math.min(minX, p.x)
    maxX = Math.max(maxX, p.x)
  })
  return { top, minX, maxX, minY, maxY }
}

function fillSpans(image: RgbImage, points: IntPoint[], top: number, firstY: number, lastY: number, color: Rgb) {
  const n = points.length
  const walkers: EdgeWalker[] = [
    { vertex: top, direction: 1, endY: firstY, x: -XY_ONE, dx: 0 },
    { vertex: top, direction: n - 1, endY: firstY, x: -XY_ONE, dx: 0 },
  ]
  // Both chains share one budget of n vertex visits; running out ends the fill (the bottom is reached).
  const budget = { left: n }
  for (let y = firstY; y <= lastY; y++) {
    for (const walker of walkers) {
      if (y >= walker.endY) advance(walker, points, y, budget)
    }
    if (budget.left < 0) break
    if (y >= 0) fillRow(image, y, walkers, color)
    for (const walker of walkers) walker.x += walker.dx
  }
}

/** Moves a walker to the first edge of its chain that ends below row y. */
function advance(walker: EdgeWalker, points: IntPoint[], y: number, budget: { left: number }): void {
  const n = points.length
  let from = walker.vertex
  let to = (from + walker.direction) % n
  while (budget.left-- > 0) {
    const endY = points[to].y
    if (endY > y) {
      const xs = points[from].x * XY_ONE
      const xe = points[to].x * XY_ONE
      const rows = endY - y
      walker.endY = endY
      walker.dx = truncDiv((xe - xs) * 2 + rows, 2 * rows) // rounded slope per row
      walker.x = xs
      walker.vertex = to
      return
    }
    from = to
    to = (to + walker.direction) % n
  }
}

function fillRow(image: RgbImage, y: number, walkers: EdgeWalker[], color: Rgb): void {
  const [left, right] = walkers[0].x > walkers[1].x ? [walkers[1], walkers[0]] : walkers
  let x1 = Math.floor((left.x + HALF) / XY_ONE)
  let x2 = Math.floor((right.x + HALF) / XY_ONE)
  if (x2 < 0 || x1 >= image.width) return
  x1 = Math.max(x1, 0)
  x2 = Math.min(x2, image.width - 1)
  if (x1 <= x2) fillSpan(image, y, x1, x2, color)
}
