import { describe, expect, it } from 'vitest'
import { seededRandom } from '../testing/random'
import { pixelsToWorld, viewportFor, worldToPixels } from './camera'
import { add3, distance3, dot3, length3, normalize3, scale3, sub3, type Vec3 } from './math/vec3'
import { chainReach, dragJoint, fabrik, pullIntoReach, solveTwoBoneIk } from './ik'
import { jointPositions, restPose, type RigPose } from './pose'
import { buildRig } from './rig'
import { Joint } from './skeleton'
import { PORTRAIT_ASPECT, STANDING_FRONT } from '../testing/samplePoses'

const rig = buildRig(STANDING_FRONT, PORTRAIT_ASPECT)
const ARM = [Joint.RShoulder, Joint.RElbow, Joint.RWrist] as const
const LEG = [Joint.LHip, Joint.LKnee, Joint.LAnkle] as const
const locked = { lengthsLocked: true }

function randomDirection(rnd: ReturnType<typeof seededRandom>): Vec3 {
  return normalize3([rnd.range(-1, 1), rnd.range(-1, 1), rnd.range(-1, 1)])
}

function boneLengths(pose: RigPose): number[] {
  const p = jointPositions(rig, pose)
  return [Joint.RElbow, Joint.RWrist, Joint.LKnee, Joint.LAnkle].map((j, i) =>
    distance3(p[j], p[[Joint.RShoulder, Joint.RElbow, Joint.LHip, Joint.LKnee][i]]),
  )
}

describe('two-bone IK', () => {
  it('reaches random reachable targets exactly and keeps bone lengths when locked', () => {
    const rnd = seededRandom(7)
    const before = boneLengths(restPose(rig))
    for (let i = 0; i < 200; i++) {
      const chain = rnd.pick([ARM, LEG])
      const start = jointPositions(rig, restPose(rig))[chain[0]]
      const [l1, l2] = [rig.restLengths[chain[1]], rig.restLengths[chain[2]]]
      const target = add3(start, scale3(randomDirection(rnd), rnd.range(Math.abs(l1 - l2) + 1e-6, l1 + l2)))
      const pose = solveTwoBoneIk(rig, restPose(rig), chain, target, locked)
      expect(distance3(jointPositions(rig, pose)[chain[2]], target)).toBeLessThan(1e-9)
      boneLengths(pose).forEach((l, k) => expect(l).toBeCloseTo(before[k], 12))
    }
  })

  it('stretches straight towards an unreachable target when locked, and reaches it when unlocked', () => {
    const shoulder = rig.restPositions[Joint.RShoulder]
    const target = add3(shoulder, [-1, 0.2, 0.3])
    const lockedPose = solveTwoBoneIk(rig, restPose(rig), ARM, target, locked)
    const p = jointPositions(rig, lockedPose)
    expect(distance3(p[Joint.RWrist], shoulder)).toBeCloseTo(chainReach(restPose(rig), ARM), 12)
    expect(dot3(normalize3(sub3(p[Joint.RWrist], shoulder)), normalize3(sub3(target, shoulder)))).toBeCloseTo(1, 12)
    expect(lockedPose.lengths).toEqual(rig.restLengths)

    const free = solveTwoBoneIk(rig, restPose(rig), ARM, target, { lengthsLocked: false })
    expect(distance3(jointPositions(rig, free)[Joint.RWrist], target)).toBeLessThan(1e-9)
    expect(free.lengths[Joint.RElbow] / rig.restLengths[Joint.RElbow]).toBeCloseTo(
      free.lengths[Joint.RWrist] / rig.restLengths[Joint.RWrist],
      12,
    )
  })

  it('bends the middle joint towards the pole', () => {
    const hip = rig.restPositions[Joint.LHip]
    const target = add3(hip, [0, -0.3, 0])
    for (const side of [1, -1]) {
      const pole = add3(hip, [0, -0.2, side])
      const knee = jointPositions(rig, solveTwoBoneIk(rig, restPose(rig), LEG, target, { ...locked, pole }))[
        Joint.LKnee
      ]
      expect(Math.sign(knee[2])).toBe(side)
    }
  })

  it('bends a straight leg forward (knee towards the viewer) when nothing says otherwise', () => {
    const straight = buildRig(
      STANDING_FRONT.map((p, j) => (j === Joint.LKnee ? { x: 0.575, y: 0.725, confidence: 1 } : p)),
      PORTRAIT_ASPECT,
    )
    const hip = straight.restPositions[Joint.LHip]
    const knee = jointPositions(
      straight,
      solveTwoBoneIk(straight, restPose(straight), LEG, add3(hip, [0, -0.2, 0]), locked),
    )
    expect(knee[Joint.LKnee][2]).toBeGreaterThan(0.05)
  })
})

describe('FABRIK', () => {
  const chain: Vec3[] = [
    [0, 0, 0],
    [0, 1, 0],
    [1, 1, 0],
    [1, 2, 1],
  ]
  const lengths = (ps: Vec3[]) => ps.slice(1).map((p, i) => distance3(p, ps[i]))

  it('reaches a reachable target and keeps segment lengths', () => {
    const solved = fabrik(chain, [0.5, 1.5, -1])
    expect(distance3(solved[3], [0.5, 1.5, -1])).toBeLessThan(1e-6)
    expect(solved[0]).toEqual(chain[0])
    lengths(solved).forEach((l, i) => expect(l).toBeCloseTo(lengths(chain)[i], 9))
  })

  it('points straight at an unreachable target', () => {
    const solved = fabrik(chain, [10, 0, 0])
    expect(solved[3][0]).toBeCloseTo(
      lengths(chain).reduce((a, b) => a + b),
      9,
    )
  })
})

describe('dragging joints', () => {
  it('drags an elbow on a circle about the shoulder, and the nose about the neck', () => {
    for (const [joint, pivot] of [
      [Joint.LElbow, Joint.LShoulder],
      [Joint.Nose, Joint.Neck],
    ]) {
      const pose = dragJoint(rig, restPose(rig), joint, add3(rig.restPositions[pivot], [0.05, 0.3, 0.1]), locked)
      const p = jointPositions(rig, pose)
      expect(distance3(p[joint], p[pivot])).toBeCloseTo(rig.restLengths[joint], 12)
      const direction = normalize3(sub3(p[joint], p[pivot]))
      normalize3([0.05, 0.3, 0.1]).forEach((v, i) => expect(direction[i]).toBeCloseTo(v, 9))
    }
  })

  it('moves the whole body when the pelvis is dragged', () => {
    const pose = dragJoint(rig, restPose(rig), Joint.Pelvis, add3(rig.restPositions[Joint.Pelvis], [0.1, 0, 0]), locked)
    const moved = jointPositions(rig, pose)
    rig.restPositions.forEach((p, j) => expect(distance3(moved[j], add3(p, [0.1, 0, 0]))).toBeLessThan(1e-12))
  })

  it('stretches a bone to the pointer when lengths are unlocked', () => {
    const target = add3(rig.restPositions[Joint.LShoulder], [0.2, -0.2, 0])
    const pose = dragJoint(rig, restPose(rig), Joint.LElbow, target, { lengthsLocked: false })
    expect(distance3(jointPositions(rig, pose)[Joint.LElbow], target)).toBeLessThan(1e-12)
    expect(pose.lengths[Joint.LElbow]).not.toBeCloseTo(rig.restLengths[Joint.LElbow])
  })

  it('puts a hand within 1 px of any on-screen target it can reach, whatever the pointer depth', () => {
    const view = viewportFor(PORTRAIT_ASPECT, 1024)
    const rnd = seededRandom(11)
    let pose = restPose(rig)
    for (let i = 0; i < 100; i++) {
      const positions = jointPositions(rig, pose)
      const shoulder = positions[Joint.LShoulder]
      const reach = chainReach(pose, [Joint.LShoulder, Joint.LElbow, Joint.LWrist])
      const angle = rnd.range(0, 2 * Math.PI)
      const screenRadius = rnd.range(0.2, 0.999) * reach
      const onScreen = add3(shoulder, [Math.cos(angle) * screenRadius, Math.sin(angle) * screenRadius, 0])
      const px = worldToPixels(view, onScreen)
      const pointer = pixelsToWorld(view, px.x, px.y, positions[Joint.LWrist][2])
      const target = pullIntoReach(pointer, [0, 0, -1], shoulder, reach)
      pose = dragJoint(rig, pose, Joint.LWrist, target, locked)
      const reached = worldToPixels(view, jointPositions(rig, pose)[Joint.LWrist])
      expect(Math.hypot(reached.x - px.x, reached.y - px.y)).toBeLessThan(1)
      expect(pose.lengths).toEqual(rig.restLengths)
    }
  })
})

describe('pullIntoReach', () => {
  it('slides along the ray to the nearest reachable point and keeps reachable targets', () => {
    const anchor: Vec3 = [0, 0, 0]
    expect(pullIntoReach([0.5, 0, 0], [0, 0, 1], anchor, 1)).toEqual([0.5, 0, 0])
    const pulled = pullIntoReach([0.6, 0, 2], [0, 0, -1], anchor, 1)
    expect(length3(pulled)).toBeCloseTo(1, 12)
    expect(pulled[0]).toBe(0.6)
    expect(pulled[2]).toBeCloseTo(0.8, 12)
    expect(pullIntoReach([3, 0, 2], [0, 0, -1], anchor, 1)).toEqual([3, 0, 0])
  })
})
