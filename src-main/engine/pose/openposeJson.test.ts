import { describe, expect, it } from 'vitest'
import { cocoToOpenPose } from './coco'
import { emptyPose, mirrorPose, point } from './openpose'
import { parsePoseJson, toKeypointsFile, toOpenPoseJson } from './openposeJson'

const triples = (n: number, f: (i: number) => [number, number, number]) =>
  Array.from({ length: n }, (_, i) => f(i)).flat()

describe('pose JSON', () => {
  it('reads CMU OpenPose COCO-18 in pixels with the ControlNet canvas size; c = 0 is missing', () => {
    const values = triples(18, (i) => (i === 4 ? [0, 0, 0] : [10 * i, 5 * i, 0.8]))
    const doc = parsePoseJson(
      JSON.stringify({ people: [{ pose_keypoints_2d: values }], canvas_width: 200, canvas_height: 100 }),
    )
    expect([doc.width, doc.height]).toEqual([200, 100])
    const pose = doc.poses[0].pose
    expect(pose[4]).toBeNull()
    expect(pose[3]).toEqual({ x: 30 / 200, y: 15 / 100, confidence: 0.8 })
  })

  it('maps BODY_25 to OpenPose-18 (skips MidHip and the feet)', () => {
    const values = triples(25, (i) => [i / 100, i / 100, 1])
    const pose = parsePoseJson(JSON.stringify({ people: [{ pose_keypoints_2d: values }] })).poses[0].pose
    expect(pose.map((k) => Math.round(k!.x * 100))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
    ])
  })

  it('asks for the canvas size when pixel coordinates come without one', () => {
    const values = triples(18, () => [100, 200, 1])
    expect(() => parsePoseJson(JSON.stringify({ people: [{ pose_keypoints_2d: values }] }))).toThrow(
      /--width and --height/,
    )
    expect(
      parsePoseJson(JSON.stringify({ people: [{ pose_keypoints_2d: values }] }), 'x', { width: 400, height: 400 })
        .poses[0].pose[0],
    ).toEqual(point(0.25, 0.5))
  })

  it('round-trips through both written layouts', () => {
    const pose = emptyPose()
    pose[0] = point(0.5, 0.25, 0.9)
    pose[7] = point(0.125, 0.75, 0.4)
    const viaFile = parsePoseJson(
      JSON.stringify(toKeypointsFile({ width: 640, height: 480, poses: [{ name: 'a', pose }] })),
    )
    expect(viaFile.poses[0].pose).toEqual(pose)
    const viaOpenPose = parsePoseJson(JSON.stringify(toOpenPoseJson([pose], 640, 480)))
    expect(viaOpenPose.poses[0].pose).toEqual(pose)
    expect(toOpenPoseJson([pose], 640, 480, 'one').people[0].pose_keypoints_2d.slice(0, 3)).toEqual([320, 120, 1])
  })

  it('rejects wrong lengths with the location', () => {
    expect(() => parsePoseJson('{"people":[{"pose_keypoints_2d":[1,2,3]}]}', 'f.json')).toThrow(
      /f.json: people\[0\].pose_keypoints_2d has 3 numbers/,
    )
  })
})

describe('COCO-17 → OpenPose-18', () => {
  it('follows the table and builds the neck from both shoulders', () => {
    const coco = Array.from({ length: 17 }, (_, i) => point(i / 16, 1 - i / 16, 0.5 + i / 40))
    const pose = cocoToOpenPose(coco)
    const from = [0, -1, 6, 8, 10, 5, 7, 9, 12, 14, 16, 11, 13, 15, 2, 1, 4, 3]
    from.forEach((c, i) => {
      if (c >= 0) expect(pose[i]).toEqual(coco[c])
    })
    expect(pose[1]).toEqual({ x: (5 / 16 + 6 / 16) / 2, y: 1 - (5 / 16 + 6 / 16) / 2, confidence: 0.5 + 5 / 40 })
  })

  it('drops low-confidence points, and the neck with either shoulder', () => {
    const coco = Array.from({ length: 17 }, (_, i) => point(0.5, 0.5, i === 6 ? 0.1 : 0.9))
    const pose = cocoToOpenPose(coco, 0.3)
    expect(pose[2]).toBeNull()
    expect(pose[1]).toBeNull()
    expect(pose[5]).not.toBeNull()
  })

  it('mirroring twice is the identity and swaps sides', () => {
    const pose = cocoToOpenPose(Array.from({ length: 17 }, (_, i) => point(i / 32, 0.25)))
    expect(mirrorPose(mirrorPose(pose))).toEqual(pose)
    expect(mirrorPose(pose)[2]!.x).toBeCloseTo(1 - pose[5]!.x)
  })
})
