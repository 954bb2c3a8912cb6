import { describe, expect, it } from 'vitest'
import { buildRig, Joint, restPose, sampleSequence } from '..'
import { quatFromAxisAngle } from '../rig/math/quat'
import { withRotation } from '../rig/pose'
import { STANDING_FRONT, PORTRAIT_ASPECT } from '../rig/testing/samplePoses'
import type { Keyframes } from '../timeline/keyframes'
import { fromRigAnimation, motionKeyframes, toRigAnimation } from './projectAnimation'

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
    const motion = motionKeyframes(STANDING_FRONT, PORTRAIT_ASPECT, keys, 24)
    expect(motion.map((k) => k.frame)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10])
    const sampled = sampleSequence(rig, keys, 24)
    expect(motion[3].pose).toEqual(sampled[5]) // an in-between, as the timeline shows it
    expect(motion[0].pose[Joint.RWrist]).not.toEqual(motion[8].pose[Joint.RWrist])
    expect(motionKeyframes(STANDING_FRONT, PORTRAIT_ASPECT, [], 24)).toEqual([])
  })
})
