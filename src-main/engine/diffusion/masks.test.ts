import { describe, expect, it } from 'vitest'
import type { Pose18 } from '../../../src-preload/api'
import { characterMap, maskFromMap, unionWithSource } from './masks'

describe('attention masks', () => {
  it('sums the character tokens, max-normalises, enlarges bilinearly and thresholds', () => {
    const tokens = 3 // map [4 positions, 3 tokens]; tokens 1 and 2 are the character
    const maps = Float32Array.from([0, 0.1, 0.1, 0, 0.3, 0.3, 0, 0.05, 0, 0, 0.4, 0.4])
    const map = characterMap(maps, tokens, [1, 2])
    expect(Array.from(map, (v) => +v.toFixed(2))).toEqual([0.2, 0.6, 0.05, 0.8])
    const mask = maskFromMap(map, { height: 2, width: 2 }, { height: 4, width: 4 }, 0.3)
    // Normalised [0.25, 0.75; 0.0625, 1]: the bilinear edge between the cells crosses 0.3 inside the
    // left column (nearest enlargement would leave the whole left half empty).
    expect(Array.from(mask)).toEqual([0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1])
  })

  it('divides by the maximum (a floor of attention everywhere is not subtracted), and a zero map is empty', () => {
    const grid = { height: 2, width: 2 }
    expect(Array.from(maskFromMap(Float32Array.of(0.5, 0.6, 0.5, 1), grid, grid, 0.3))).toEqual([1, 1, 1, 1])
    expect(Array.from(maskFromMap(new Float32Array(4), grid, grid, 0.3))).toEqual([0, 0, 0, 0])
  })
})

describe('union with the source mask', () => {
  const p = (x: number, y: number) => ({ x, y, confidence: 1 })
  const torso = (dx: number): Pose18 =>
    Object.assign(new Array<null>(18).fill(null), { 1: p(0.5 + dx, 0.2), 8: p(0.5 + dx, 0.8) })
  const grid = { height: 8, width: 8 }
  const sourceMask = new Float32Array(64).fill(1)
  const attention = new Float32Array(64)
  attention[0] = 1

  it('adds M_s along limbs that did not move, and nothing where the pose moved', () => {
    const kept = unionWithSource(attention, sourceMask, grid, { source: torso(0), frame: torso(0) })
    // Columns 3 and 4 (centres 0.4375 and 0.5625) lie within the band of the neck–hip limb, rows 1…6.
    const expected = Array.from({ length: 64 }, (_, i) => {
      const [y, x] = [Math.floor(i / 8), i % 8]
      return i === 0 || ((x === 3 || x === 4) && y >= 1 && y <= 6) ? 1 : 0
    })
    expect(Array.from(kept)).toEqual(expected)
    const moved = unionWithSource(attention, sourceMask, grid, { source: torso(0), frame: torso(0.1) })
    expect(Array.from(moved)).toEqual(Array.from(attention))
  })

  it('never adds what M_s does not cover', () => {
    const none = unionWithSource(attention, new Float32Array(64), grid, { source: torso(0), frame: torso(0) })
    expect(Array.from(none)).toEqual(Array.from(attention))
  })
})
