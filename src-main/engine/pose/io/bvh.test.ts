import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { POSE_FIXTURES } from '../../../../test/unit/pose/fixturePaths'
import { UserError } from '../../errors'
import { KP, type Pose18 } from '../openpose'
import { poseSequenceFromBvh } from './bvh'
import { parseBvh } from './bvhParse'
import { splitSide } from './bvhSkeleton'

const text = readFileSync(resolve(POSE_FIXTURES, 'bvh/tpose_arms_down.bvh'), 'utf8')
const px = (pose: Pose18, j: number) => ({ x: pose[j]!.x * 512, y: pose[j]!.y * 512 })

describe('BVH import', () => {
  it('parses the hierarchy and motion', () => {
    const bvh = parseBvh(text)
    expect(bvh.joints).toHaveLength(19)
    expect(bvh.motion).toHaveLength(4)
    expect(bvh.motion[0]).toHaveLength(60)
    expect(bvh.joints.find((j) => j.name === 'Head')!.endSite).toEqual([0, 20, 0])
  })

  it('projects a T-pose lowering its arms, facing the camera, with every OpenPose point', () => {
    const { frames, fps } = poseSequenceFromBvh(text, 'wave.bvh', { fps: 30 })
    expect(fps).toBe(30)
    expect(frames).toHaveLength(4)
    expect(frames.every((p) => p.every((k) => k !== null && k.x >= 0 && k.x <= 1 && k.y >= 0 && k.y <= 1))).toBe(true)
    const [tpose, down] = [frames[0], frames[2]]
    expect(px(tpose, KP.RShoulder).x).toBeLessThan(px(tpose, KP.LShoulder).x) // facing us: right side on the left
    expect(px(tpose, KP.LWrist).y).toBeCloseTo(px(tpose, KP.LShoulder).y, 6) // arms horizontal
    expect(px(down, KP.LWrist).y - px(down, KP.LShoulder).y).toBeGreaterThan(100) // arms down
    expect(px(tpose, KP.Nose).y).toBeLessThan(px(tpose, KP.Neck).y)
    expect(px(frames[3], KP.Neck).x).toBeGreaterThan(px(tpose, KP.Neck).x) // the root travels along +X
  })

  it('turns the camera with yawDegrees (from behind, the right side is on the right)', () => {
    const back = poseSequenceFromBvh(text, 'x', { yawDegrees: 180 }).frames[0]
    expect(px(back, KP.RShoulder).x).toBeGreaterThan(px(back, KP.LShoulder).x)
  })

  it('maps Mixamo, 3ds Max Biped and Daz joint names the same way', () => {
    const reference = poseSequenceFromBvh(text).frames
    const mixamo = text.replace(/(ROOT|JOINT) (\w+)/g, '$1 mixamorig:$2')
    const biped = text
      .replace(/(JOINT|ROOT) (Left|Right)(\w+)/g, (_, k, side, part) => `${k} Bip01_${side[0]}_${bipedPart(part)}`)
      .replace(/JOINT Neck/, 'JOINT Bip01_Neck')
    expect(poseSequenceFromBvh(mixamo).frames).toEqual(reference)
    expect(poseSequenceFromBvh(biped).frames).toEqual(reference)
    expect(splitSide('lShldr')).toEqual({ side: 'L', part: 'shldr' })
    expect(splitSide('hand_r')).toEqual({ side: 'R', part: 'hand' })
    expect(splitSide('LowerBack')).toEqual({ side: null, part: 'lowerback' })
  })

  it.each([
    ['a missing brace', text.replace('{', ''), /line 4: expected "\{", found "OFFSET"/],
    ['a bad number', text.replace('OFFSET 10.00', 'OFFSET ten'), /expected a number for OFFSET x, found "ten"/],
    ['too few values', text.trimEnd().split('\n').slice(0, -1).join('\n'), /unexpected end of file/],
    [
      'an unknown channel',
      text.replace('Zrotation Xrotation Yrotation', 'Zrotation Xrotation Wrotation'),
      /unknown channel "Wrotation"/,
    ],
    ['not BVH at all', '{"people": []}', /expected "HIERARCHY"/],
    ['unknown joint names', text.replace(/(Left|Right)(\w+)/g, 'Bone$2'), /limb joints recognised/],
  ])('refuses %s with a clear message', (_, bad, message) => {
    expect(() => poseSequenceFromBvh(bad, 'bad.bvh')).toThrow(UserError)
    expect(() => poseSequenceFromBvh(bad, 'bad.bvh')).toThrow(message)
  })
})

function bipedPart(part: string): string {
  const table: Record<string, string> = {
    UpLeg: 'Thigh', Leg: 'Calf', Foot: 'Foot', Shoulder: 'Clavicle', Arm: 'UpperArm', ForeArm: 'Forearm', Hand: 'Hand',
  } // prettier-ignore
  return table[part] ?? part
}
