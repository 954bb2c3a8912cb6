import { describe, expect, it } from 'vitest'
import { quatFromAxisAngle } from './rig/math/quat'
import { restPose, withRotation } from './rig/pose'
import { buildRig } from './rig/rig'
import { Joint } from './rig/skeleton'
import { fromRigAnimation, rigMotion, rigMotionLength, toRigAnimation } from './rigAnimation'
import { PORTRAIT_ASPECT, STANDING_FRONT } from './testing/samplePoses'
import type { Keyframes } from './timeline/keyframes'
import { sampleSequence } from './timeline/sequence'

const rig = buildRig(STANDING_FRONT, PORTRAIT_ASPECT)
const raised = withRotation(restPose(rig), Joint.RShoulder, quatFromAxisAngle([0, 0, -1], Math.PI / 2))
const keys: Keyframes = [
  { frame: 2, pose: restPose(rig), easing: 'easeInOut' },
  { frame: 10, pose: raised, easing: 'linear' },
]

describe('project animation', () => {
  it('saves the rig keys as plain data and restores them exactly', () => {
    const saved = JSON.parse(JSON.stringify(toRigAnimation(24, keys)))
    expect(fromRigAnimation(saved)).toEqual({ frameCount: 24, keys, dropped: 0 })
  })

  it('drops saved keys that do not fit the rig or the timeline', () => {
    const saved = toRigAnimation(12, keys)
    saved.keys.push({ ...saved.keys[0], frame: 5, lengths: [1, 2] })
    saved.keys[1].frame = 12 // past the end of a 12-frame timeline
    expect(fromRigAnimation(saved)).toMatchObject({ dropped: 2, keys: [{ frame: 2 }] })
  })

  it('gives the render every sampled frame from the first key to the last', () => {
    const animation = toRigAnimation(24, keys)
    const motion = rigMotion(STANDING_FRONT, PORTRAIT_ASPECT, animation)
    expect(motion).toHaveLength(9) // frames 2 … 10
    expect(rigMotionLength(animation)).toBe(motion.length)
    const sampled = sampleSequence(rig, keys, 24)
    expect(motion[3]).toEqual(sampled[5]) // an in-between, as the timeline shows it
    expect(motion[0][Joint.RWrist]).not.toEqual(motion[8][Joint.RWrist])
    const none = toRigAnimation(24, [])
    expect([rigMotion(STANDING_FRONT, PORTRAIT_ASPECT, none), rigMotionLength(none)]).toEqual([[], 0])
  })

  it('leaves out keys the studio would drop when it derives the motion', () => {
    const animation = toRigAnimation(24, keys)
    animation.keys.push({ ...animation.keys[1], frame: 30 }) // past the timeline: the studio drops it on open
    expect(rigMotionLength(animation)).toBe(9)
    expect(rigMotion(STANDING_FRONT, PORTRAIT_ASPECT, animation)).toHaveLength(9)
  })
})
