import { describe, expect, it } from 'vitest'
import { cocoToOpenPose } from './coco'
import { FACE_KEYPOINT_COUNT, HAND_KEYPOINT_COUNT, type FullPose } from './fullPose'
import { emptyPose, mirrorPose, point } from './openpose'
import { fullPoseOf, parsePoseJson, toKeypointsFile, toOpenPoseJson } from './openposeJson'

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

describe('pose JSON with hands and face', () => {
  const points = (n: number, f: (i: number) => [number, number]) => Array.from({ length: n }, (_, i) => f(i))
  const hand = (x: number) => points(HAND_KEYPOINT_COUNT, (i) => [x + i / 256, 0.5])
  const face = points(FACE_KEYPOINT_COUNT, (i) => [0.25 + i / 512, 0.125])

  it('reads the openpose_full layout: a canvas per pose, [0, 0] = missing point, null = no part', () => {
    const leftHand = hand(0.5)
    leftHand[3] = [0, 0]
    const text = JSON.stringify({
      poses: [
        {
          name: 'a',
          width: 640,
          height: 384,
          body: points(18, () => [0.5, 0.5]),
          left_hand: leftHand,
          right_hand: null,
          face,
        },
        { name: 'b', width: 512, height: 768, body: points(18, () => [0.25, 0.5]) },
      ],
    })
    const doc = parsePoseJson(text)
    expect([doc.width, doc.height]).toEqual([640, 384])
    expect(doc.poses.map((p) => p.canvas)).toEqual([
      { width: 640, height: 384 },
      { width: 512, height: 768 },
    ])
    const full = fullPoseOf(doc.poses[0])
    expect(full.leftHand![3]).toBeNull()
    expect(full.leftHand![4]).toEqual(point(0.5 + 4 / 256, 0.5))
    expect([full.rightHand, full.face!.length]).toEqual([null, 70])
    expect(doc.poses[1].parts).toBeUndefined()
    expect(fullPoseOf(doc.poses[1])).toEqual({ body: doc.poses[1].pose, leftHand: null, rightHand: null, face: null })
  })

  it('needs a canvas for every pose and the right number of points per part', () => {
    const body = points(18, () => [0.5, 0.5])
    expect(() => parsePoseJson(JSON.stringify({ poses: [{ name: 'a', body }] }), 'k.json')).toThrow(
      /k.json: poses\[0\] needs width and height/,
    )
    expect(() =>
      parsePoseJson(JSON.stringify({ poses: [{ width: 8, height: 8, body, face: hand(0) }] }), 'k.json'),
    ).toThrow(/poses\[0\].face must be a list of 70 keypoints/)
  })

  it('reads CMU OpenPose hand and face arrays; an absent, empty or all-zero part is not detected', () => {
    const triples = (xy: [number, number][]) => xy.flatMap(([x, y]) => [x * 200, y * 100, 0.9])
    const person = {
      pose_keypoints_2d: triples(points(18, () => [0.5, 0.5])),
      hand_left_keypoints_2d: triples(hand(0.25)),
      hand_right_keypoints_2d: new Array(63).fill(0),
      face_keypoints_2d: [],
    }
    const doc = parsePoseJson(JSON.stringify({ people: [person], canvas_width: 200, canvas_height: 100 }))
    const full = fullPoseOf(doc.poses[0])
    expect(full.leftHand![2]).toEqual({ x: 0.25 + 2 / 256, y: 0.5, confidence: 0.9 })
    expect([full.rightHand, full.face]).toEqual([null, null])
    const bad = { ...person, face_keypoints_2d: [1, 2, 3] }
    expect(() => parsePoseJson(JSON.stringify({ people: [bad], canvas_width: 200, canvas_height: 100 }), 'f')).toThrow(
      /f: people\[0\].face_keypoints_2d has 3 numbers; expected 210/,
    )
  })

  it('round-trips a full pose through both written layouts; a body-only file stays body-only', () => {
    const toKeypoints = (xy: [number, number][]) => xy.map(([x, y]) => point(x, y, 0.75))
    const pose: FullPose = {
      body: toKeypoints(points(18, (i) => [i / 32, 0.5])),
      leftHand: toKeypoints(hand(0.5)),
      rightHand: null,
      face: toKeypoints(face),
    }
    pose.leftHand![7] = null
    pose.body[3] = null
    const viaOpenPose = parsePoseJson(JSON.stringify(toOpenPoseJson([pose], 640, 480)))
    expect(fullPoseOf(viaOpenPose.poses[0])).toEqual(pose)
    const named = { name: 'p', pose: pose.body, parts: { leftHand: pose.leftHand, rightHand: null, face: pose.face } }
    const viaFile = parsePoseJson(JSON.stringify(toKeypointsFile({ width: 64, height: 32, poses: [named] })))
    expect(fullPoseOf(viaFile.poses[0])).toEqual(pose)
    const bodyOnlyFile = toKeypointsFile({ width: 64, height: 32, poses: [{ name: 'p', pose: pose.body }] })
    expect(JSON.stringify(bodyOnlyFile)).not.toMatch(/hand|face/)
    expect(JSON.stringify(toOpenPoseJson([pose.body], 64, 32))).not.toMatch(/hand|face/)
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
