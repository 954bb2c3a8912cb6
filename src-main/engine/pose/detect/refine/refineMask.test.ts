// refineMask on a synthetic photo whose true mask is known: a network-like prior that is blurred and off
// by a few pixels must be pulled onto the figure's edges, and a skeleton bone must keep a thin, dark limb
// that the prior doubts and the colours do not support.
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../../../../test/unit/pose/randomPose'
import { maskIoU } from '../../../image/polygonMask'
import { createGrayImage, createRgbImage, type GrayImage, type RgbImage } from '../../../image/rgbImage'
import type { Pose18 } from '../../openpose'
import { refineMask } from './refineMask'

const SIZE = 96
const BODY = { x: 48, y: 38, r: 20 }
/** A 3-px-wide limb below the body, from y = 58 to 90 at x = 47…49. */
const LIMB = { x0: 47, x1: 49, y0: 58, y1: 90 }

function inBody(x: number, y: number): boolean {
  return Math.hypot(x + 0.5 - BODY.x, y + 0.5 - BODY.y) <= BODY.r
}
function inLimb(x: number, y: number): boolean {
  return x >= LIMB.x0 && x <= LIMB.x1 && y >= LIMB.y0 && y <= LIMB.y1
}

/** Orange body, a limb as dark as the background, on noisy green-blue stripes. */
function scene(): { image: RgbImage; truth: GrayImage } {
  const rand = seededRandom(3)
  const image = createRgbImage(SIZE, SIZE)
  const truth = createGrayImage(SIZE, SIZE)
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const i = y * SIZE + x
      const noise = () => Math.round((rand() - 0.5) * 20)
      let colour = (x >> 3) % 2 ? [30, 90, 60] : [40, 60, 100]
      if (inLimb(x, y)) colour = [50, 60, 70]
      if (inBody(x, y)) colour = [220, 140, 60]
      truth.data[i] = inBody(x, y) || inLimb(x, y) ? 1 : 0
      image.data.set(
        colour.map((c) => Math.min(255, Math.max(0, c + noise()))),
        i * 3,
      )
    }
  }
  return { image, truth }
}

/** The body shifted 4 px right with a soft edge; the limb at 0.3, the network's doubt. */
function networkPrior(): GrayImage {
  const prior = createGrayImage(SIZE, SIZE)
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const signed = BODY.r - Math.hypot(x + 0.5 - BODY.x - 4, y + 0.5 - BODY.y)
      prior.data[y * SIZE + x] = inLimb(x, y) ? 0.3 : 1 / (1 + Math.exp(-signed / 1.5))
    }
  }
  return prior
}

/** A pose whose right hip–knee–ankle chain runs down the limb (other keypoints missing). */
function limbPose(): Pose18 {
  const pose: Pose18 = new Array(18).fill(null)
  const at = (x: number, y: number) => ({ x: x / SIZE, y: y / SIZE, confidence: 0.9 })
  pose[8] = at(48.5, 60)
  pose[9] = at(48.5, 75)
  pose[10] = at(48.5, 89)
  return pose
}

function limbRecall(mask: GrayImage): number {
  let hit = 0
  let total = 0
  for (let y = LIMB.y0; y <= LIMB.y1; y++) {
    for (let x = LIMB.x0; x <= LIMB.x1; x++) {
      total++
      if (mask.data[y * SIZE + x] >= 0.5) hit++
    }
  }
  return hit / total
}

describe('refineMask', () => {
  const { image, truth } = scene()
  const prior = networkPrior()

  it('pulls an offset, blurred prior onto the figure', () => {
    const refined = refineMask(image, prior, null)
    const bodyOnly = createGrayImage(SIZE, SIZE)
    bodyOnly.data.set(truth.data.map((v, i) => (inLimb(i % SIZE, Math.floor(i / SIZE)) ? 0 : v)))
    expect(maskIoU(prior, bodyOnly)).toBeLessThan(0.8)
    expect(maskIoU(refined, bodyOnly)).toBeGreaterThan(0.95)
  })

  it('keeps a thin limb the colours do not support when the skeleton runs along it', () => {
    expect(limbRecall(refineMask(image, prior, null))).toBeLessThan(0.2)
    const refined = refineMask(image, prior, limbPose())
    expect(limbRecall(refined)).toBeGreaterThan(0.9)
    expect(maskIoU(refined, truth)).toBeGreaterThan(0.9)
  })

  it('returns a soft mask in [0, 1] of the image size', () => {
    const refined = refineMask(image, prior, limbPose())
    expect([refined.width, refined.height]).toEqual([SIZE, SIZE])
    expect(refined.data.every((v) => v >= 0 && v <= 1)).toBe(true)
    expect(refined.data.some((v) => v > 0.1 && v < 0.9)).toBe(true)
  })

  it('refines large images at a bounded size and returns them at full size', () => {
    const refined = refineMask(image, prior, null, { maxSide: 48 })
    expect([refined.width, refined.height]).toEqual([SIZE, SIZE])
    expect(maskIoU(refined, truth)).toBeGreaterThan(0.85)
  })

  it('leaves an empty prior unchanged (no character colours to learn)', () => {
    const empty = createGrayImage(SIZE, SIZE)
    expect(refineMask(image, empty, limbPose()).data.every((v) => v === 0)).toBe(true)
  })
})
