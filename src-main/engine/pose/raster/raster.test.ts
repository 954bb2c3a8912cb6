// The rasterisers against OpenCV 4.6.0's own output on random inputs (test/fixtures/pose/drawing/
// primitives.json, made by make_reference.py), plus geometric properties that hold without OpenCV.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { POSE_FIXTURES } from '../../../../test/unit/pose/fixturePaths'
import { createRgbImage, type RgbImage } from '../../image/rgbImage'
import { fillCircle } from './circle'
import { ellipsePolygon } from './ellipsePolygon'
import { fillConvexPolygon } from './fillConvex'
import { drawLine8, line8Pixels, type IntPoint } from './line'
import { roundHalfEven, truncDiv } from './pixels'
import { drawThickLine } from './thickLine'

type Pair = [number, number]
interface Primitives {
  ellipse2Poly: { center: Pair; axes: Pair; angle: number; count: number; sha256: string }[]
  line: { width: number; height: number; from: Pair; to: Pair; sha256: string }[]
  fillConvexPoly: { width: number; height: number; points: number[]; sha256: string }[]
  circle: { width: number; height: number; center: Pair; radius: number; sha256: string }[]
}

const primitives: Primitives = JSON.parse(readFileSync(resolve(POSE_FIXTURES, 'drawing/primitives.json'), 'utf8'))
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex')
const pt = ([x, y]: Pair): IntPoint => ({ x, y })
const pairs = (flat: number[]): IntPoint[] => flat.flatMap((v, i) => (i % 2 ? [] : [{ x: v, y: flat[i + 1] }]))

describe('OpenCV parity on random inputs', () => {
  it('ellipsePolygon gives the same vertices as cv2.ellipse2Poly', () => {
    for (const c of primitives.ellipse2Poly) {
      const points = ellipsePolygon({
        center: pt(c.center),
        axes: { width: c.axes[0], height: c.axes[1] },
        angle: c.angle,
      })
      const text = points.flatMap((p) => [p.x, p.y]).join(',')
      expect({ case: c, count: points.length, sha256: sha256(text) }).toEqual({
        case: c,
        count: c.count,
        sha256: c.sha256,
      })
    }
  })

  it('drawLine8 sets the same pixels as cv2.line (LINE_8), clipping included', () => {
    for (const c of primitives.line) {
      const image = createRgbImage(c.width, c.height)
      drawLine8(image, pt(c.from), pt(c.to), [255, 128, 1])
      expect({ case: c, sha256: sha256(image.data) }).toEqual({ case: c, sha256: c.sha256 })
    }
  })

  it('fillConvexPolygon sets the same pixels as cv2.fillConvexPoly', () => {
    for (const c of primitives.fillConvexPoly) {
      const image = createRgbImage(c.width, c.height)
      fillConvexPolygon(image, pairs(c.points), [9, 200, 77])
      expect({ case: c, sha256: sha256(image.data) }).toEqual({ case: c, sha256: c.sha256 })
    }
  })

  it('fillCircle sets the same pixels as cv2.circle (filled)', () => {
    for (const c of primitives.circle) {
      const image = createRgbImage(c.width, c.height)
      fillCircle(image, pt(c.center), c.radius, [200, 10, 99])
      expect({ case: c, sha256: sha256(image.data) }).toEqual({ case: c, sha256: c.sha256 })
    }
  })
})

function litPixels(image: RgbImage): IntPoint[] {
  const out: IntPoint[] = []
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) if (image.data[(y * image.width + x) * 3] !== 0) out.push({ x, y })
  }
  return out
}

describe('geometric properties', () => {
  it('rounds like cvRound and divides like C', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4999, -2.6].map(roundHalfEven)).toEqual([0, 2, 2, 0, -2, 2, -3])
    expect([truncDiv(7, 2), truncDiv(-7, 2), truncDiv(6, 3), truncDiv(-1, 5)]).toEqual([3, -3, 2, -0])
  })

  it('a line is 8-connected, has one pixel per major step and ends on its endpoints', () => {
    for (const [a, b] of [
      [
        { x: 3, y: 4 },
        { x: 40, y: 17 },
      ],
      [
        { x: 30, y: 2 },
        { x: 5, y: 45 },
      ],
    ] as const) {
      const pixels = line8Pixels(64, 64, a, b)
      expect(pixels.length).toBe(Math.max(Math.abs(b.x - a.x), Math.abs(b.y - a.y)) + 1)
      expect(pixels).toContainEqual(a)
      expect(pixels).toContainEqual(b)
      for (let i = 1; i < pixels.length; i++) {
        expect(Math.max(Math.abs(pixels[i].x - pixels[i - 1].x), Math.abs(pixels[i].y - pixels[i - 1].y))).toBe(1)
      }
    }
  })

  it('a filled circle is symmetric, inside radius + 0.5, and covers every pixel within radius − 0.5', () => {
    for (let r = 0; r <= 9; r++) {
      const image = createRgbImage(41, 41)
      fillCircle(image, { x: 20, y: 20 }, r, [255, 255, 255])
      const lit = new Set(litPixels(image).map((p) => `${p.x - 20},${p.y - 20}`))
      for (const key of lit) {
        const [dx, dy] = key.split(',').map(Number)
        expect(Math.hypot(dx, dy)).toBeLessThanOrEqual(r + 0.5)
        for (const [sx, sy] of [
          [-dx, dy],
          [dx, -dy],
          [dy, dx],
        ])
          expect(lit.has(`${sx},${sy}`)).toBe(true)
      }
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) if (Math.hypot(dx, dy) <= r - 0.5) expect(lit.has(`${dx},${dy}`)).toBe(true)
      }
    }
  })

  it('ellipse vertices lie within rounding distance (√2 / 2) of the rotated ellipse', () => {
    for (const angle of [0, 17, 45, 90, 133, 200, 271, 359]) {
      const points = ellipsePolygon({ center: { x: 100, y: 80 }, axes: { width: 37, height: 4 }, angle })
      const [c, s] = [Math.cos((angle * Math.PI) / 180), Math.sin((angle * Math.PI) / 180)]
      const curve = Array.from({ length: 7200 }, (_, i) => {
        const [u, v] = [37 * Math.cos((i * Math.PI) / 3600), 4 * Math.sin((i * Math.PI) / 3600)]
        return { x: 100 + u * c - v * s, y: 80 + u * s + v * c }
      })
      expect(points[0]).toEqual(points[points.length - 1])
      for (const p of points) {
        expect(Math.min(...curve.map((q) => Math.hypot(p.x - q.x, p.y - q.y)))).toBeLessThan(Math.SQRT1_2 + 1e-3)
      }
    }
  })

  it('a filled polygon covers its interior and stays within one pixel of it', () => {
    const square = [
      { x: 10, y: 10 },
      { x: 30, y: 12 },
      { x: 28, y: 35 },
      { x: 8, y: 30 },
    ]
    const image = createRgbImage(40, 40)
    fillConvexPolygon(image, square, [255, 255, 255])
    const lit = litPixels(image)
    const inside = (x: number, y: number, margin: number) =>
      square.every((a, i) => {
        const b = square[(i + 1) % square.length]
        const cross = (b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x)
        return cross / Math.hypot(b.x - a.x, b.y - a.y) >= margin
      })
    for (const p of lit) expect(inside(p.x, p.y, -1)).toBe(true)
    for (let y = 0; y < 40; y++) {
      for (let x = 0; x < 40; x++) if (inside(x, y, 0.5)) expect(lit).toContainEqual({ x, y })
    }
  })
})

describe('thick lines (cv2.line, thickness 2)', () => {
  const distanceToSegment = (p: IntPoint, a: IntPoint, b: IntPoint) => {
    const [dx, dy] = [b.x - a.x, b.y - a.y]
    const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy || 1)))
    return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy)
  }

  it('a horizontal line is three rows wide with a one-pixel round cap at each end', () => {
    const image = createRgbImage(40, 20)
    drawThickLine(image, { x: 10, y: 10 }, { x: 30, y: 10 }, 2, [255, 255, 255])
    const expected = [
      ...[9, 10, 11].flatMap((y) => Array.from({ length: 21 }, (_, i) => ({ x: 10 + i, y }))),
      { x: 9, y: 10 },
      { x: 31, y: 10 },
    ]
    const key = (p: IntPoint) => p.y * 1000 + p.x
    expect(
      litPixels(image)
        .map(key)
        .sort((a, b) => a - b),
    ).toEqual(expected.map(key).sort((a, b) => a - b))
  })

  it('covers every pixel within half a pixel of the segment and nothing beyond 1 + √2/2', () => {
    for (const [a, b] of [
      [
        { x: 5, y: 7 },
        { x: 50, y: 31 },
      ],
      [
        { x: 40, y: 3 },
        { x: 12, y: 58 },
      ],
      [
        { x: 8, y: 50 },
        { x: 55, y: 49 },
      ],
    ]) {
      const image = createRgbImage(64, 64)
      drawThickLine(image, a, b, 2, [255, 255, 255])
      const lit = litPixels(image)
      for (const p of lit) expect(distanceToSegment(p, a, b)).toBeLessThanOrEqual(1 + Math.SQRT1_2)
      const litKeys = new Set(lit.map((p) => `${p.x},${p.y}`))
      for (let y = 0; y < 64; y++) {
        for (let x = 0; x < 64; x++)
          if (distanceToSegment({ x, y }, a, b) <= 0.5) expect(litKeys.has(`${x},${y}`)).toBe(true)
      }
    }
  })

  it('draws only the visible part of a line that leaves the canvas, and nothing for one wholly outside', () => {
    const image = createRgbImage(32, 32)
    drawThickLine(image, { x: -40, y: 16 }, { x: 10, y: 16 }, 2, [255, 255, 255])
    expect(litPixels(image).every((p) => p.x <= 11 && Math.abs(p.y - 16) <= 1)).toBe(true)
    expect(litPixels(image)).toContainEqual({ x: 0, y: 16 })
    const empty = createRgbImage(32, 32)
    drawThickLine(empty, { x: -40, y: -5 }, { x: -10, y: -30 }, 2, [255, 255, 255])
    expect(litPixels(empty)).toEqual([])
  })
})
