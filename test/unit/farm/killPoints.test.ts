// The farm fault test's kill points: the same seed draws the same points (so a failure replays),
// every item of a render can be drawn, and a bad FARM_KILL_SEED is refused rather than ignored.
import { describe, expect, it } from 'vitest'
import { drawKillPoints, killItem, killSeed } from './killPoints'

describe('kill points', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(drawKillPoints(42, 3)).toEqual(drawKillPoints(42, 3))
    expect(drawKillPoints(42, 3)).not.toEqual(drawKillPoints(43, 3))
  })
  it('cover every item of the render and pauses under a second', () => {
    const points = drawKillPoints(7, 2000)
    const items = new Set(points.map((p) => killItem(p, 13)))
    expect([...items].sort((a, b) => a - b)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1))
    expect(points.every((p) => p.delayMs >= 0 && p.delayMs < 1000)).toBe(true)
  })
  it('take FARM_KILL_SEED when given', () => {
    expect(killSeed({ FARM_KILL_SEED: '123' })).toBe(123)
    expect(() => killSeed({ FARM_KILL_SEED: 'abc' })).toThrow('FARM_KILL_SEED')
    expect(Number.isInteger(killSeed({}))).toBe(true)
  })
})
