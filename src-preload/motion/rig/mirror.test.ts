import { describe, expect, it } from 'vitest'
import type { Pose18 } from '../../api'
import { seededRandom } from '../testing/random'
import { quatFromAxisAngle } from './math/quat'
import { distance3 } from './math/vec3'
import { mirrorPose, symmetrizePose } from './mirror'
import { jointPositions, restPose, type RigPose } from './pose'
import { buildRig } from './rig'
import { Joint, MIRROR_OF, RIG_JOINT_COUNT } from './skeleton'
import { STANDING_FRONT } from '../testing/samplePoses'

/** STANDING_FRONT made exactly symmetric about x = 0.5 by reflecting its right side. */
const SYMMETRIC: Pose18 = STANDING_FRONT.map((_, j) => {
  const m = MIRROR_OF[j]
  const right: number[] = [
    Joint.RShoulder,
    Joint.RElbow,
    Joint.RWrist,
    Joint.RHip,
    Joint.RKnee,
    Joint.RAnkle,
    Joint.REye,
    Joint.REar,
  ]
  if (m === j) return { x: 0.5, y: STANDING_FRONT[j]!.y, confidence: 1 }
  const src = STANDING_FRONT[right.includes(j) ? j : m]!
  return right.includes(j) ? src : { x: 1 - src.x, y: src.y, confidence: 1 }
})

function randomPose(seed: number, rigPose: RigPose): RigPose {
  const rnd = seededRandom(seed)
  return {
    root: [rnd.range(-0.1, 0.1), rnd.range(-0.1, 0.1), rnd.range(-0.1, 0.1)],
    rotations: Array.from({ length: RIG_JOINT_COUNT }, () =>
      quatFromAxisAngle([rnd.range(-1, 1), rnd.range(-1, 1), rnd.range(-1, 1)], rnd.range(0, 2)),
    ),
    lengths: rigPose.lengths.map((l) => l * rnd.range(0.8, 1.3)),
  }
}

describe('mirror', () => {
  it('reflects the posed joints across the body on a symmetric rig', () => {
    const rig = buildRig(SYMMETRIC, 1)
    const pose = randomPose(3, restPose(rig))
    const posed = jointPositions(rig, pose)
    const mirrored = jointPositions(rig, mirrorPose(rig, pose))
    mirrored.forEach((p, j) => {
      const q = posed[MIRROR_OF[j]]
      expect(distance3(p, [-q[0], q[1], q[2]])).toBeLessThan(1e-12)
    })
  })

  it('is its own inverse and leaves the source pose alone, on any rig', () => {
    const rig = buildRig(STANDING_FRONT, 0.75)
    const pose = randomPose(5, restPose(rig))
    const twice = mirrorPose(rig, mirrorPose(rig, pose))
    twice.rotations.forEach((q, j) => q.forEach((v, k) => expect(v).toBeCloseTo(pose.rotations[j][k], 15)))
    twice.lengths.forEach((l, j) => expect(l).toBeCloseTo(pose.lengths[j], 15))
    expect(jointPositions(rig, mirrorPose(rig, restPose(rig)))).toEqual(jointPositions(rig, restPose(rig)))
  })

  it('symmetrizes by copying one side onto the other', () => {
    const rig = buildRig(SYMMETRIC, 1)
    const pose = { ...restPose(rig), rotations: restPose(rig).rotations.map((q, j) => (j === Joint.LShoulder ? quatFromAxisAngle([0, 0, 1], 1) : q)) } // prettier-ignore
    const p = jointPositions(rig, symmetrizePose(rig, pose, 'left'))
    expect(distance3(p[Joint.RWrist], [-p[Joint.LWrist][0], p[Joint.LWrist][1], p[Joint.LWrist][2]])).toBeLessThan(
      1e-12,
    )
    expect(symmetrizePose(rig, pose, 'right').rotations[Joint.LShoulder]).toEqual([0, -0, -0, 1])
  })
})
