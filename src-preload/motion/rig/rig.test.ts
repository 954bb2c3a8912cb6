import { describe, expect, it } from 'vitest'
import { projectToPose18 } from './camera'
import { OPENPOSE_LIMBS } from '../openposeStyle'
import { quatFromAxisAngle } from './math/quat'
import { distance3 } from './math/vec3'
import { forwardKinematics, jointPositions, restPose, withRotation } from './pose'
import { buildRig } from './rig'
import { CHILDREN, Joint, MIRROR_OF, RIG_JOINT_COUNT, RIG_PARENTS, ROOT_JOINT, TOPOLOGICAL_ORDER } from './skeleton'
import { PORTRAIT_ASPECT, STANDING_FRONT, withMissing } from '../testing/samplePoses'

describe('skeleton hierarchy', () => {
  it('is one tree rooted at the pelvis, walked parents first', () => {
    expect(RIG_PARENTS.filter((p) => p < 0)).toHaveLength(1)
    expect(TOPOLOGICAL_ORDER[0]).toBe(ROOT_JOINT)
    expect([...TOPOLOGICAL_ORDER].sort((a, b) => a - b)).toEqual([...Array(RIG_JOINT_COUNT).keys()])
    TOPOLOGICAL_ORDER.forEach((j, i) => {
      if (RIG_PARENTS[j] >= 0) expect(TOPOLOGICAL_ORDER.indexOf(RIG_PARENTS[j])).toBeLessThan(i)
    })
  })

  it('connects every drawn OpenPose limb through the rig (hips via the pelvis)', () => {
    const neighbours = (j: number) => [...CHILDREN[j], RIG_PARENTS[j]].filter((k) => k >= 0)
    for (const [a, b] of OPENPOSE_LIMBS) {
      const path = new Set([a])
      let frontier = [a]
      while (!path.has(b) && frontier.length) {
        frontier = frontier.flatMap(neighbours).filter((k) => !path.has(k) && (k === b || k >= 18))
        frontier.forEach((k) => path.add(k))
      }
      expect(path.has(b), `limb ${a}-${b}`).toBe(true)
    }
  })

  it('pairs every side joint with its mirror', () => {
    MIRROR_OF.forEach((m, j) => expect(MIRROR_OF[m]).toBe(j))
  })
})

describe('buildRig', () => {
  it('reproduces a complete source pose exactly at rest', () => {
    const rig = buildRig(STANDING_FRONT, PORTRAIT_ASPECT)
    const projected = projectToPose18(rig, jointPositions(rig, restPose(rig)))
    projected.forEach((kp, j) => {
      expect(kp!.x).toBeCloseTo(STANDING_FRONT[j]!.x, 12)
      expect(kp!.y).toBeCloseTo(STANDING_FRONT[j]!.y, 12)
    })
    expect(jointPositions(rig, restPose(rig)).every((p) => p[2] === 0)).toBe(true)
  })

  it('keeps present joints exact and fills missing ones in proportion', () => {
    const missing: number[] = [Joint.LShoulder, Joint.LElbow, Joint.LWrist, Joint.REar, Joint.LEar, Joint.RElbow]
    const rig = buildRig(withMissing(STANDING_FRONT, missing), PORTRAIT_ASPECT)
    const full = buildRig(STANDING_FRONT, PORTRAIT_ASPECT)
    expect(rig.present.filter((p) => !p)).toHaveLength(missing.length)
    for (let j = 0; j < 18; j++) {
      if (!missing.includes(j)) expect(distance3(rig.restPositions[j], full.restPositions[j])).toBeLessThan(1e-12)
    }
    // The left arm mirrors the right one's direction, at typical proportions of the visible body.
    expect(rig.restPositions[Joint.LShoulder][0]).toBeGreaterThan(rig.restPositions[Joint.Neck][0])
    expect(rig.restLengths[Joint.LElbow]).toBeGreaterThan(0.5 * full.restLengths[Joint.LElbow])
    expect(rig.restLengths[Joint.LElbow]).toBeLessThan(2 * full.restLengths[Joint.LElbow])
    // A missing elbow between a visible shoulder and wrist lies on the line between them.
    const [s, e, w] = [Joint.RShoulder, Joint.RElbow, Joint.RWrist].map((j) => rig.restPositions[j])
    expect(distance3(s, e) + distance3(e, w)).toBeCloseTo(distance3(s, w), 12)
  })

  it('builds a whole default figure from an empty pose, and from a lone nose', () => {
    const empty = buildRig(withMissing(STANDING_FRONT, [...Array(18).keys()]), 1)
    expect(empty.torsoScale).toBeCloseTo(0.3)
    expect(empty.restPositions.every((p) => p.every(Number.isFinite))).toBe(true)
    const nose = buildRig(withMissing(STANDING_FRONT, [...Array(18).keys()].slice(1)), 1)
    expect(nose.restPositions[Joint.Neck][1]).toBeLessThan(nose.restPositions[Joint.Nose][1])
  })

  it('rejects a pose that is not OpenPose-18 or an image with no size', () => {
    expect(() => buildRig(STANDING_FRONT.slice(0, 17), 1)).toThrow(/18 keypoints/)
    expect(() => buildRig(STANDING_FRONT, 0)).toThrow(/aspect/)
    expect(() => buildRig(STANDING_FRONT, NaN)).toThrow(/aspect/)
  })

  it('treats keypoints with non-finite coordinates as missing', () => {
    const rig = buildRig(
      STANDING_FRONT.map((p, j) => (j === Joint.LWrist ? { x: NaN, y: 0.5, confidence: 1 } : p)),
      1,
    )
    expect(rig.present[Joint.LWrist]).toBe(false)
    expect(rig.restPositions[Joint.LWrist].every(Number.isFinite)).toBe(true)
  })
})

describe('forward kinematics', () => {
  const rig = buildRig(STANDING_FRONT, PORTRAIT_ASPECT)
  const rest = jointPositions(rig, restPose(rig))

  it('rotating the shoulder swings the whole arm rigidly about the shoulder', () => {
    const pose = withRotation(restPose(rig), Joint.RShoulder, quatFromAxisAngle([0, 0, 1], -Math.PI / 2))
    const p = jointPositions(rig, pose)
    expect(distance3(p[Joint.RShoulder], rest[Joint.RShoulder])).toBe(0)
    expect(distance3(p[Joint.RElbow], p[Joint.RShoulder])).toBeCloseTo(rig.restLengths[Joint.RElbow], 12)
    expect(distance3(p[Joint.RWrist], p[Joint.RElbow])).toBeCloseTo(rig.restLengths[Joint.RWrist], 12)
    expect(p[Joint.RElbow][1]).toBeCloseTo(rest[Joint.RShoulder][1] + (rest[Joint.RElbow][0] - rest[Joint.RShoulder][0]) * -1, 12) // prettier-ignore
    expect(distance3(p[Joint.LWrist], rest[Joint.LWrist])).toBe(0)
  })

  it('bending the spine moves the upper body and leaves the legs alone', () => {
    const pose = withRotation(restPose(rig), Joint.Spine, quatFromAxisAngle([1, 0, 0], 0.6))
    const { positions, rotations } = forwardKinematics(rig, pose)
    expect(positions[Joint.Nose][2]).not.toBeCloseTo(0)
    for (const j of [Joint.RHip, Joint.RKnee, Joint.LAnkle]) expect(distance3(positions[j], rest[j])).toBe(0)
    expect(rotations[Joint.RWrist]).toEqual(rotations[Joint.Neck])
  })
})
