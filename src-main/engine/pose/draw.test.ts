// Pose drawing against poses OpenCV 4.6.0 drew (test/fixtures/pose/drawing, from make_reference.py):
// rotated and scaled people, random limbs off the canvas, odd canvas sizes, points on the canvas edge,
// zero-length limbs, several people. The bar is exact equality, stricter than the project's ≤ 2/255.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { POSE_FIXTURES } from '../../../test/unit/pose/fixturePaths'
import { decodeImage } from '../image/decode'
import { compareRgb } from '../image/rgbImage'
import { renderPoseImage } from './draw'
import { OPENPOSE_COLORS, emptyPose, point, type Pose18 } from './openpose'

interface DrawCase {
  name: string
  width: number
  height: number
  poses: ([number, number] | null)[][]
}

const dir = resolve(POSE_FIXTURES, 'drawing')
const { cases } = JSON.parse(readFileSync(resolve(dir, 'cases.json'), 'utf8')) as { cases: DrawCase[] }
const toPose = (kps: ([number, number] | null)[]): Pose18 => kps.map((k) => (k ? point(k[0], k[1]) : null))

describe('renderPoseImage', () => {
  it.each(cases.map((c) => [c.name, c] as const))('matches OpenCV on %s', (_, c) => {
    const ours = renderPoseImage(c.poses.map(toPose), c.width, c.height)
    const reference = decodeImage(readFileSync(resolve(dir, `${c.name}.png`))).image
    expect(compareRgb(ours, reference)).toEqual({ meanAbsDiff: 0, identicalFraction: 1 })
  })

  it('draws nothing for a pose with every joint missing', () => {
    expect(renderPoseImage([emptyPose()], 32, 32).data.every((v) => v === 0)).toBe(true)
  })

  it('puts each joint in its full colour at its pixel and leaves missing limbs undrawn', () => {
    const pose = emptyPose()
    pose[1] = point(0.25, 0.5) // neck
    pose[2] = point(0.75, 0.5) // right shoulder
    const image = renderPoseImage([pose], 100, 40)
    const at = (x: number, y: number) => Array.from(image.data.slice((y * 100 + x) * 3, (y * 100 + x) * 3 + 3))
    expect(at(25, 20)).toEqual(OPENPOSE_COLORS[1])
    expect(at(75, 20)).toEqual(OPENPOSE_COLORS[2])
    expect(at(50, 20)).toEqual([153, 0, 0]) // limb 0 (neck–right shoulder) at 60 % of red
    expect(at(50, 10)).toEqual([0, 0, 0]) // beyond the stick's half-width of 4
  })
})
