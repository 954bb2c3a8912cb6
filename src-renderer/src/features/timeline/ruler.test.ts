import { describe, expect, it } from 'vitest'
import { fractionOfFrame, frameAtX, framesForPixels, labelStep } from './ruler'

describe('timeline ruler', () => {
  it('maps pixels to frames and back, clamped', () => {
    expect(frameAtX(0, 470, 48)).toBe(0)
    expect(frameAtX(470, 470, 48)).toBe(47)
    expect(frameAtX(105, 470, 48)).toBe(Math.round((105 / 470) * 47))
    expect(frameAtX(-30, 470, 48)).toBe(0)
    expect(frameAtX(900, 470, 48)).toBe(47)
    expect(frameAtX(10, 0, 48)).toBe(0)
    expect(fractionOfFrame(47, 48)).toBe(1)
    expect(fractionOfFrame(0, 1)).toBe(0)
    expect(framesForPixels(-20, 470, 48)).toBe(-2)
  })

  it('spaces labels to stay readable', () => {
    expect(labelStep(1000, 24)).toBe(2)
    expect(labelStep(1000, 11)).toBe(1)
    expect(labelStep(400, 240)).toBe(50)
  })
})
