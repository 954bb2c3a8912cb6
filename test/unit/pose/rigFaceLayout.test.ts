// The rig's face template (decision 0341) is laid out in the OpenPose face order the drawing and the
// full-pose mirror use: mirroring it with FACE_MIRROR gives the template reflected about its mid-line, for
// every expression (each expression is symmetric).
import { describe, expect, it } from 'vitest'
import { FACE_EXPRESSIONS, faceLocalPoints } from '../../../src-preload/motion/rig/face'
import { FACE_KEYPOINT_COUNT, FACE_MIRROR, FACE_REGIONS } from '../../../src-main/engine/pose/fullPose'

describe('rig face template', () => {
  it.each(Object.entries(FACE_EXPRESSIONS))('%s is symmetric under the OpenPose face mirror', (_, expression) => {
    const points = faceLocalPoints(expression)
    expect(points).toHaveLength(FACE_KEYPOINT_COUNT)
    points.forEach((p, i) => {
      const m = points[FACE_MIRROR[i]]
      expect(m[0]).toBeCloseTo(-p[0], 12)
      expect(m[1]).toBeCloseTo(p[1], 12)
    })
  })

  it("puts the person's right eye on the image's left, the nose tip at the origin, the mouth below it", () => {
    const p = faceLocalPoints(FACE_EXPRESSIONS.neutral)
    expect(p[FACE_REGIONS.rightEye[0]][0]).toBeLessThan(0)
    expect(p[FACE_REGIONS.leftEye[0]][0]).toBeGreaterThan(0)
    expect(Math.hypot(...p[30])).toBe(0)
    expect(p[57][1]).toBeLessThan(p[33][1])
    expect(p[8][1]).toBeLessThan(p[57][1]) // the chin under the lips
  })
})
