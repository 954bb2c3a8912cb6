// ColorModel: a mixture fitted to two colour clusters scores colours near either cluster far above
// colours between or away from them, and matches the closed-form Gaussian density for one cluster.
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../../../../test/unit/pose/randomPose'
import { ColorModel } from './colorModel'

function pixels(centres: number[][], perCluster: number, spread: number): Uint8Array {
  const rand = seededRandom(5)
  const rgb = new Uint8Array(centres.length * perCluster * 3)
  centres.forEach((centre, c) => {
    for (let s = 0; s < perCluster; s++) {
      const at = (c * perCluster + s) * 3
      for (let ch = 0; ch < 3; ch++) rgb[at + ch] = Math.round(centre[ch] + (rand() - 0.5) * 2 * spread)
    }
  })
  return rgb
}

const all = (rgb: Uint8Array) => Array.from({ length: rgb.length / 3 }, (_, i) => i)

describe('ColorModel', () => {
  it('finds both clusters of a two-colour sample', () => {
    const rgb = pixels(
      [
        [200, 40, 40],
        [40, 40, 200],
      ],
      400,
      12,
    )
    const model = ColorModel.fit(rgb, all(rgb), { components: 2 })!
    const red = model.logLikelihood(200, 40, 40)
    const blue = model.logLikelihood(40, 40, 200)
    const between = model.logLikelihood(120, 40, 120)
    expect(Math.abs(red - blue)).toBeLessThan(0.5)
    expect(red - between).toBeGreaterThan(20)
    expect(model.logLikelihood(40, 200, 40)).toBeLessThan(between)
  })

  it('equals the Gaussian density of a single cluster (uniform noise: variance spread² / 3)', () => {
    const spread = 20
    const rgb = pixels([[120, 130, 140]], 4000, spread)
    const model = ColorModel.fit(rgb, all(rgb), { components: 1 })!
    const variance = (spread / 255) ** 2 / 3 + 1e-4
    const atMean = -1.5 * Math.log(2 * Math.PI * variance)
    expect(model.logLikelihood(120, 130, 140)).toBeCloseTo(atMean, 1)
  })

  it('gives null when there are too few pixels to fit', () => {
    const rgb = pixels([[10, 20, 30]], 4, 1)
    expect(ColorModel.fit(rgb, all(rgb))).toBeNull()
  })
})
