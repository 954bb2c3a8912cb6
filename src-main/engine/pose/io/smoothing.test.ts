import { describe, expect, it } from 'vitest'
import { randomPose, seededRandom } from '../../../../test/unit/pose/randomPose'
import { cleanSequence, fillGaps, oneEuro } from './smoothing'

const rand = seededRandom(42)
const noise = (scale: number) => (rand() - 0.5) * 2 * scale

describe('One Euro filter', () => {
  it('removes most jitter from a joint at rest', () => {
    const raw = Array.from({ length: 120 }, () => 0.5 + noise(0.01))
    const smooth = oneEuro(raw, 1 / 30) as number[]
    const deviation = (v: number[]) => Math.sqrt(v.slice(30).reduce((s, x) => s + (x - 0.5) ** 2, 0) / 90)
    expect(deviation(smooth)).toBeLessThan(deviation(raw) / 2)
  })

  it('follows a fast move with little lag', () => {
    const ramp = Array.from({ length: 60 }, (_, i) => i * 0.02) // 0.6 of the frame per second
    const smooth = oneEuro(ramp, 1 / 30) as number[]
    expect(Math.abs(smooth[59] - ramp[59])).toBeLessThan(0.03)
  })

  it('restarts after a gap instead of pulling across it', () => {
    expect(oneEuro([0, 0, null, 1, 1], 1 / 30)).toEqual([0, 0, null, 1, expect.any(Number)])
  })
})

describe('gap filling', () => {
  it('interpolates short gaps and leaves long or open-ended ones', () => {
    expect(fillGaps([null, 0, null, null, 3, null, null, null, null, 8, null], 3)).toEqual([
      null, 0, 1, 2, 3, null, null, null, null, 8, null,
    ]) // prettier-ignore
  })

  it('cleans a noisy sequence with dropped joints into a smooth, complete one', () => {
    const base = randomPose(seededRandom(9))
    const frames = Array.from({ length: 40 }, (_, f) =>
      base.map((k, j) => (k && !(j === 4 && f % 10 === 5) ? { ...k, x: k.x + f * 0.005 + noise(0.004) } : null)),
    )
    const clean = cleanSequence(frames, { fps: 30 })
    expect(clean.every((p) => p[4] !== null)).toBe(true)
    const wobble = (seq: typeof frames) =>
      seq.slice(2).reduce((s, p, f) => s + Math.abs(p[0]!.x - 2 * seq[f + 1][0]!.x + seq[f][0]!.x), 0)
    expect(wobble(clean)).toBeLessThan(wobble(frames) / 2)
  })
})
