import { describe, expect, it } from 'vitest'
import { containBox } from './fitBox'
import { coverage, ERASE, overlayPixels, PAINT, paintStroke, type MaskBuffer } from './maskBrush'

const blank = (width: number, height: number): MaskBuffer => ({ width, height, values: new Uint8Array(width * height) })
const at = (m: MaskBuffer, x: number, y: number) => m.values[y * m.width + x]

describe('mask brush', () => {
  it('paints a disc of the brush radius and reports what it touched', () => {
    const mask = blank(20, 20)
    const dirty = paintStroke(mask, { x: 10, y: 10 }, { x: 10, y: 10 }, 3, PAINT)
    expect(dirty).toEqual({ x0: 7, y0: 7, x1: 13, y1: 13 })
    expect(at(mask, 10, 10)).toBe(255)
    expect(at(mask, 12, 10)).toBe(255) // centre 12.5 is 2.5 from 10: inside
    expect(at(mask, 13, 10)).toBe(0)
    expect(at(mask, 12, 12)).toBe(0) // the corner of the square is outside the disc
    expect(coverage(mask)).toBeCloseTo(mask.values.filter((v) => v).length / 400)
  })

  it('leaves no gaps along a fast stroke, clips at the edges, and erases', () => {
    const mask = blank(40, 10)
    paintStroke(mask, { x: -5, y: 5 }, { x: 45, y: 5 }, 2, PAINT)
    for (let x = 0; x < 40; x++) expect(at(mask, x, 5)).toBe(255)
    expect(at(mask, 20, 0)).toBe(0)
    paintStroke(mask, { x: 10, y: 5 }, { x: 20, y: 5 }, 2, ERASE)
    expect(at(mask, 15, 5)).toBe(0)
    expect(at(mask, 30, 5)).toBe(255)
    expect(paintStroke(mask, { x: -50, y: -50 }, { x: -40, y: -50 }, 2, PAINT)).toBeNull()
  })

  it('tints the overlay by the mask value', () => {
    const mask = { width: 2, height: 1, values: Uint8Array.from([0, 255]) }
    expect([...overlayPixels(mask, [10, 20, 30], 0.5)]).toEqual([10, 20, 30, 0, 10, 20, 30, 128])
    expect([...overlayPixels(mask, [10, 20, 30], 0.5, { x0: 1, y0: 0, x1: 2, y1: 1 })]).toEqual([10, 20, 30, 128])
  })

  it('fits an image inside a box, centred', () => {
    expect(containBox(800, 400, 1)).toEqual({ left: 200, top: 0, width: 400, height: 400 })
    expect(containBox(400, 800, 2)).toEqual({ left: 0, top: 300, width: 400, height: 200 })
    expect(containBox(0, 800, 2).width).toBe(0)
  })
})
