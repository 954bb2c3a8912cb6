import { describe, expect, it } from 'vitest'
import { buildRig } from '..'
import { placeMissingJoint, templatePose } from './poseTemplate'

describe('pose template', () => {
  it('is a complete, riggable standing figure inside the image, whatever its aspect', () => {
    for (const aspect of [0.5, 1, 2]) {
      const pose = templatePose(aspect)
      expect(pose.every((k) => k && k.x > 0 && k.x < 1 && k.y > 0 && k.y < 1)).toBe(true)
      expect(() => buildRig(pose, aspect)).not.toThrow()
      // Facing the viewer: the right shoulder is on the image's left.
      expect(pose[2]!.x).toBeLessThan(pose[5]!.x)
    }
  })

  it('places a missing joint beside its neighbour at the character’s scale', () => {
    const full = templatePose(1)
    // The same figure at half size in the top-left corner, without its right wrist.
    const small = full.map((k, j) => (j === 4 || !k ? null : { ...k, x: k.x / 2, y: k.y / 2 }))
    const placed = placeMissingJoint(small, 4, 1)[4]!
    expect(placed.x).toBeCloseTo(full[4]!.x / 2, 5)
    expect(placed.y).toBeCloseTo(full[4]!.y / 2, 5)
    // Nothing else to go by: the template's own place.
    expect(placeMissingJoint(Array(18).fill(null), 0, 1)[0]).toEqual(full[0])
  })
})
