// Skeleton seeds and the L1 distance transform used to build the refinement band.
import { describe, expect, it } from 'vitest'
import type { Pose18 } from '../../openpose'
import { distanceToSet } from './distance'
import { skeletonSeeds } from './skeletonSeeds'

describe('skeletonSeeds', () => {
  const pose: Pose18 = new Array(18).fill(null)
  pose[11] = { x: 0.5, y: 0.2, confidence: 0.9 } // left hip
  pose[12] = { x: 0.5, y: 0.8, confidence: 0.9 } // left knee
  pose[13] = null // left ankle missing: no shin capsule

  it('covers the bone between two present keypoints with a capsule of 2 % of the person height', () => {
    const seeds = skeletonSeeds(pose, 100, 100)
    // Person height 60 px → radius 1.2 px around x = 50 (pixel centres 49.5 and 50.5).
    for (let y = 25; y < 75; y++) {
      expect([seeds[y * 100 + 49], seeds[y * 100 + 50]]).toEqual([1, 1])
      expect([seeds[y * 100 + 47], seeds[y * 100 + 52]]).toEqual([0, 0])
    }
    expect(seeds.reduce((s, v) => s + v, 0)).toBeLessThan(200)
  })

  it('places nothing when no bone has both ends', () => {
    const lone: Pose18 = new Array(18).fill(null)
    lone[0] = { x: 0.5, y: 0.5, confidence: 1 }
    expect(skeletonSeeds(lone, 40, 40).every((v) => v === 0)).toBe(true)
  })
})

describe('distanceToSet', () => {
  it('is the city-block distance to the nearest set pixel', () => {
    const set = new Uint8Array(7 * 5)
    set[2 * 7 + 3] = 1
    const d = distanceToSet(set, 7, 5)
    for (let y = 0; y < 5; y++) for (let x = 0; x < 7; x++) expect(d[y * 7 + x]).toBe(Math.abs(x - 3) + Math.abs(y - 2))
  })

  it('counts the outside of the image as part of the set when asked', () => {
    const d = distanceToSet(new Uint8Array(9 * 9), 9, 9, true)
    expect([d[0], d[4 * 9 + 4], d[4 * 9 + 1]]).toEqual([1, 5, 2])
  })
})
