import { describe, expect, it } from 'vitest'
import { projectToPose18 } from '../rig/camera'
import { angleBetweenQuats, quatFromAxisAngle } from '../rig/math/quat'
import { distance3 } from '../rig/math/vec3'
import { jointPositions, restPose, withRotation, type RigPose } from '../rig/pose'
import { buildRig } from '../rig/rig'
import { Joint } from '../rig/skeleton'
import { PORTRAIT_ASPECT, STANDING_FRONT, withMissing } from '../testing/samplePoses'
import { applyEasing, EASINGS } from './easing'
import { interpolatePose, samplePose } from './interpolate'
import { setEasing, setKeyframe, type Keyframes } from './keyframes'
import { sampleSequence } from './sequence'

const rig = buildRig(STANDING_FRONT, PORTRAIT_ASPECT)
const Z = [0, 0, 1] as const
const armUp = (angle: number): RigPose => withRotation(restPose(rig), Joint.RShoulder, quatFromAxisAngle(Z, angle))

describe('easing', () => {
  it('runs from 0 to 1 monotonically, with ease-in-out symmetric about the middle', () => {
    for (const e of EASINGS.filter((x) => x !== 'hold')) {
      expect(applyEasing(e, 0)).toBe(0)
      expect(applyEasing(e, 1)).toBe(1)
      for (let t = 0; t < 1; t += 0.05) expect(applyEasing(e, t + 0.05)).toBeGreaterThanOrEqual(applyEasing(e, t))
    }
    expect(applyEasing('easeInOut', 0.5)).toBeCloseTo(0.5, 12)
    expect(applyEasing('easeInOut', 0.2) + applyEasing('easeInOut', 0.8)).toBeCloseTo(1, 12)
    expect(applyEasing('hold', 0.99)).toBe(0)
  })
})

describe('in-betweens', () => {
  it('slerps each joint at constant angular speed and keeps limb lengths', () => {
    const a = armUp(0)
    const b = armUp(-2)
    for (const t of [0.25, 0.5, 0.75]) {
      const mid = interpolatePose(a, b, t)
      expect(angleBetweenQuats(mid.rotations[Joint.RShoulder], a.rotations[Joint.RShoulder])).toBeCloseTo(2 * t, 12)
      const p = jointPositions(rig, mid)
      expect(distance3(p[Joint.RElbow], p[Joint.RShoulder])).toBeCloseTo(rig.restLengths[Joint.RElbow], 12)
    }
  })

  it('lerps the root and the bone lengths', () => {
    const a = restPose(rig)
    const b: RigPose = { ...a, root: [0.2, 0.1, -0.4], lengths: a.lengths.map((l) => l * 2) }
    const mid = interpolatePose(a, b, 0.25)
    mid.root.forEach((v, i) => expect(v).toBeCloseTo(a.root[i] + 0.25 * (b.root[i] - a.root[i]), 12))
    expect(mid.lengths[Joint.RKnee]).toBeCloseTo(1.25 * a.lengths[Joint.RKnee], 12)
  })

  it('samples keys: held outside, eased between, exact on a key', () => {
    let keys: Keyframes = setKeyframe(setKeyframe([], 10, armUp(0), 'linear'), 20, armUp(-1))
    expect(samplePose([], 3)).toBeNull()
    expect(samplePose(keys, 0)).toBe(keys[0].pose)
    expect(samplePose(keys, 30)).toBe(keys[1].pose)
    expect(samplePose(keys, 20)).toBe(keys[1].pose)
    const shoulderAngle = (f: number) => angleBetweenQuats(samplePose(keys, f)!.rotations[Joint.RShoulder], armUp(0).rotations[Joint.RShoulder]) // prettier-ignore
    expect(shoulderAngle(12)).toBeCloseTo(0.2, 12)
    expect(shoulderAngle(12.5)).toBeCloseTo(0.25, 12)
    keys = setEasing(keys, [10], 'easeInOut')
    expect(shoulderAngle(12)).toBeCloseTo(applyEasing('easeInOut', 0.2), 12)
    keys = setEasing(keys, [10], 'hold')
    expect(shoulderAngle(19)).toBe(0)
  })

  it('turns keys into one OpenPose-18 pose per frame, missing joints staying missing', () => {
    const partial = buildRig(withMissing(STANDING_FRONT, [Joint.LEar]), PORTRAIT_ASPECT)
    const keys = setKeyframe([], 4, withRotation(restPose(partial), Joint.RShoulder, quatFromAxisAngle(Z, -1)))
    const sequence = sampleSequence(partial, keys, 8)
    expect(sequence).toHaveLength(8)
    expect(sequence.every((p) => p[Joint.LEar] === null)).toBe(true)
    expect(sequence[7]).toEqual(projectToPose18(partial, jointPositions(partial, keys[0].pose), { hidden: partial.present.map((p) => !p) })) // prettier-ignore
    expect(sampleSequence(partial, [], 2, true)[0][Joint.LEar]).not.toBeNull()
  })
})
