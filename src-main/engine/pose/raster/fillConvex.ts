// Filled convex polygon with the pixel rules of OpenCV's fillConvexPoly (LINE_8), written from its
// documented behaviour: (1) every edge is drawn as an 8-connected line; (2) a scanline pass walks the
// left and right chains down from the topmost vertex in 16.16 fixed point and fills, on each row, from
// round(x_left) to round(x_right). Both passes matter: the outline adds pixels the spans miss. Vertices
// may carry `shift` fractional bits (thick lines use 16); rows and bounds then round to whole pixels.
import type { RgbImage } from '../../image/rgbImage'
import { drawLine8, type IntPoint } from './line'
import { drawLineFixed, shiftDown, XY_ONE } from './lineFixed'
import { fillSpan, truncDiv, type Rgb } from './pixels'

const HALF = XY_ONE / 2

/** Vertices with `shift` fractional bits, and what rounds them to whole pixels. */
interface Fixed {
  points: IntPoint[]
  /** 2^shift, and half of it (0 for shift 0): v → floor((v + delta) / one). */
  one: number
  delta: number
}

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

export function fillConvexPolygon(image: RgbImage, points: IntPoint[], color: Rgb, shift = 0): void {
  const n = points.length
  if (n === 0) return
  const one = 2 ** shift
  const toFixed = (p: IntPoint) => ({ x: p.x * (XY_ONE / one), y: p.y * (XY_ONE / one) })
  for (let i = 0; i < n; i++) {
    const [a, b] = [points[(i + n - 1) % n], points[i]]
    if (shift === 0) drawLine8(image, a, b, color)
    else drawLineFixed(image, toFixed(a), toFixed(b), color)
  }
  if (n < 3) return
  const fixed: Fixed = { points, one, delta: shift === 0 ? 0 : one / 2 }
  const bounds = boundsOf(fixed)
  if (bounds.maxX < 0 || bounds.maxY < 0 || bounds.minX >= image.width || bounds.minY >= image.height) return
  fillSpans(image, fixed, bounds.top, bounds.minY, Math.min(bounds.maxY, image.height - 1), color)
}

/** Bounds in whole pixels, and the index of the first topmost vertex. */
function boundsOf({ points, one, delta }: Fixed) {
  let top = 0
  let [minX, maxX, minY, maxY] = [points[0].x, points[0].x, points[0].y, points[0].y]
  points.forEach((p, i) => {
    if (p.y < minY) [minY, top] = [p.y, i]
    maxY = Math.max(maxY, p.y)
    minX = Math.min(minX, p.x)
    maxX = Math.max(maxX, p.x)
  })
  const px = (v: number) => Math.floor((v + delta) / one)
  return { top, minX: px(minX), maxX: px(maxX), minY: px(minY), maxY: px(maxY) }
}

function fillSpans(image: RgbImage, fixed: Fixed, top: number, firstY: number, lastY: number, color: Rgb) {
  const n = fixed.points.length
  const walkers: EdgeWalker[] = [
    { vertex: top, direction: 1, endY: firstY, x: -XY_ONE, dx: 0 },
    { vertex: top, direction: n - 1, endY: firstY, x: -XY_ONE, dx: 0 },
  ]
  // Both chains share one budget of n vertex visits; running out ends the fill (the bottom is reached).
  const budget = { left: n }
  for (let y = firstY; y <= lastY; y++) {
    for (const walker of walkers) {
      if (y >= walker.endY) advance(walker, fixed, y, budget)
    }
    if (budget.left < 0) break
    if (y >= 0) fillRow(image, y, walkers, color)
    for (const walker of walkers) walker.x += walker.dx
  }
}

/** Moves a walker to the first edge of its chain that ends below row y. */
function advance(walker: EdgeWalker, { points, one, delta }: Fixed, y: number, budget: { left: number }): void {
  const n = points.length
  let from = walker.vertex
  let to = (from + walker.direction) % n
  while (budget.left-- > 0) {
    const endY = Math.floor((points[to].y + delta) / one)
    if (endY > y) {
      const xs = points[from].x * (XY_ONE / one)
      const xe = points[to].x * (XY_ONE / one)
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
  let x1 = shiftDown(left.x + HALF)
  let x2 = shiftDown(right.x + HALF)
  if (x2 < 0 || x1 >= image.width) return
  x1 = Math.max(x1, 0)
  x2 = Math.min(x2, image.width - 1)
  if (x1 <= x2) fillSpan(image, y, x1, x2, color)
}
