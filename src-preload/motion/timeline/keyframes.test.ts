import { describe, expect, it } from 'vitest'
import { quatFromAxisAngle } from '../rig/math/quat'
import { restPose, withRotation, type RigPose } from '../rig/pose'
import { buildRig } from '../rig/rig'
import { Joint } from '../rig/skeleton'
import { STANDING_FRONT } from '../testing/samplePoses'
import {
  assertFrame,
  clampToLength,
  copyKeyframes,
  deleteKeyframes,
  keyframeAt,
  moveKeyframes,
  neighbourKeyFrame,
  pasteKeyframes,
  setEasing,
  setKeyframe,
  type Keyframes,
} from './keyframes'

const rig = buildRig(STANDING_FRONT, 0.75)
const poseWithElbow = (angle: number): RigPose =>
  withRotation(restPose(rig), Joint.RElbow, quatFromAxisAngle([0, 0, 1], angle))
const frames = (keys: Keyframes) => keys.map((k) => k.frame)

function keysAt(...at: number[]): Keyframes {
  return at.reduce<Keyframes>((keys, f) => setKeyframe(keys, f, poseWithElbow(f / 10)), [])
}

describe('keyframe operations', () => {
  it('adds keys in frame order and replaces the pose of an existing key, keeping its easing', () => {
    let keys = keysAt(10, 0, 5)
    expect(frames(keys)).toEqual([0, 5, 10])
    keys = setEasing(keys, [5], 'hold')
    const replaced = setKeyframe(keys, 5, poseWithElbow(2))
    expect(frames(replaced)).toEqual([0, 5, 10])
    expect(keyframeAt(replaced, 5)!.pose).toEqual(poseWithElbow(2))
    expect(keyframeAt(replaced, 5)!.easing).toBe('hold')
    expect(keys).toHaveLength(3) // the old list is untouched
  })

  it('deletes the selected keys only', () => {
    expect(frames(deleteKeyframes(keysAt(0, 3, 6, 9), [3, 9]))).toEqual([0, 6])
  })

  it('moves keys as a block, clamped to the timeline, replacing keys they land on', () => {
    const keys = keysAt(0, 4, 6, 20)
    const moved = moveKeyframes(keys, [4, 6], 14, 24)
    expect(moved.frames).toEqual([18, 20]) // 6 + 14 lands on the key at 20, which the moved key replaces
    expect(frames(moved.keys)).toEqual([0, 18, 20])
    expect(keyframeAt(moved.keys, 20)!.pose).toBe(keyframeAt(keys, 6)!.pose)
    const clamped = moveKeyframes(keys, [20], 99, 24)
    expect(clamped.frames).toEqual([23])
    expect(moveKeyframes(keys, [0, 4], -3, 24).frames).toEqual([0, 4])
  })

  it('copies and pastes keys with their spacing, dropping those past the end', () => {
    const keys = keysAt(2, 5, 9)
    const clip = copyKeyframes(keys, [5, 9])
    expect(clip.keys.map((k) => k.offset)).toEqual([0, 4])
    const pasted = pasteKeyframes(keys, clip, 12, 24)
    expect(frames(pasted.keys)).toEqual([2, 5, 9, 12, 16])
    expect(keyframeAt(pasted.keys, 16)!.pose).toBe(keyframeAt(keys, 9)!.pose)
    const overflow = pasteKeyframes(keys, clip, 21, 24)
    expect(overflow.dropped).toBe(1)
    expect(frames(overflow.keys)).toEqual([2, 5, 9, 21])
  })

  it('finds neighbour keys and trims keys past a shorter timeline', () => {
    const keys = keysAt(0, 8, 16)
    expect(neighbourKeyFrame(keys, 8, -1)).toBe(0)
    expect(neighbourKeyFrame(keys, 9, 1)).toBe(16)
    expect(neighbourKeyFrame(keys, 16, 1)).toBeUndefined()
    expect(frames(clampToLength(keys, 10))).toEqual([0, 8])
  })

  it('says which frames exist', () => {
    expect(() => assertFrame(24, 24)).toThrow(/outside the timeline \(0 … 23\)/)
    expect(() => assertFrame(1.5, 24)).toThrow(RangeError)
    expect(() => assertFrame(0, 24)).not.toThrow()
  })
})
