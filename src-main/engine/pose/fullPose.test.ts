import { describe, expect, it } from 'vitest'
import { HAND_EDGE_COLORS, renderFullPoseImage, renderPoseImage } from './draw'
import {
  bodyOnly,
  defaultDrawParts,
  FACE_KEYPOINT_COUNT,
  FACE_MIRROR,
  FACE_REGIONS,
  fullPoseProblem,
  HAND_EDGES,
  HAND_KEYPOINTS,
  mirrorFullPose,
  selectParts,
  type FullPose,
} from './fullPose'
import { emptyPose, point } from './openpose'

/** A hand fanned out from a wrist at (x, y): finger f, joint j at angle and distance from it. */
function fanHand(x: number, y: number): FullPose['leftHand'] {
  return HAND_KEYPOINTS.map((_, i) => {
    if (i === 0) return point(x, y)
    const [finger, joint] = [Math.floor((i - 1) / 4), ((i - 1) % 4) + 1]
    const angle = -Math.PI / 2 + (finger - 2) * 0.3
    return point(x + 0.02 * joint * Math.cos(angle), y + 0.02 * joint * Math.sin(angle))
  })
}

function samplePose(): FullPose {
  const body = emptyPose()
  body[0] = point(0.5, 0.2)
  body[4] = point(0.3, 0.6)
  body[7] = point(0.7, 0.6)
  const face = Array.from({ length: FACE_KEYPOINT_COUNT }, (_, i) => point(0.45 + (i % 10) / 100, 0.15 + i / 700))
  return { body, leftHand: fanHand(0.7, 0.6), rightHand: fanHand(0.3, 0.6), face }
}

describe('full pose model', () => {
  it('has 21 hand points in 20 edges, each finger a chain from the wrist', () => {
    expect(HAND_KEYPOINTS).toHaveLength(21)
    expect(HAND_EDGES).toHaveLength(20)
    expect(HAND_EDGES.slice(0, 4)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ])
    expect(HAND_EDGES.filter(([from]) => from === 0).map(([, to]) => to)).toEqual([1, 5, 9, 13, 17])
  })

  it('colours hand edges with matplotlib hsv_to_rgb([i/20, 1, 1]) · 255, rounded half to even', () => {
    expect(HAND_EDGE_COLORS[0]).toEqual([255, 0, 0])
    expect(HAND_EDGE_COLORS[5]).toEqual([128, 255, 0]) // hue 0.25: red 127.5 rounds to even
    expect(HAND_EDGE_COLORS[10]).toEqual([0, 255, 255])
    expect(HAND_EDGE_COLORS[19]).toEqual([255, 0, 77]) // hue 0.95: in float64 blue is a hair above 0.3 · 255 = 76.5
  })

  it('face regions tile the 70 points and mirroring is an involution that swaps the eyes', () => {
    const covered = Object.values(FACE_REGIONS).flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i))
    expect(covered).toEqual(Array.from({ length: FACE_KEYPOINT_COUNT }, (_, i) => i))
    expect(FACE_MIRROR.map((j) => FACE_MIRROR[j])).toEqual(covered)
    expect([FACE_MIRROR[36], FACE_MIRROR[68], FACE_MIRROR[30], FACE_MIRROR[8]]).toEqual([45, 69, 30, 8])
  })

  it('mirroring twice is the identity, and the hands change sides', () => {
    const pose = samplePose()
    const rounded = (p: FullPose) =>
      JSON.parse(JSON.stringify(p, (_, v) => (typeof v === 'number' ? +v.toFixed(9) : v)))
    expect(rounded(mirrorFullPose(mirrorFullPose(pose)))).toEqual(rounded(pose))
    const mirrored = mirrorFullPose(pose)
    expect(mirrored.leftHand![0]!.x).toBeCloseTo(1 - pose.rightHand![0]!.x)
    expect(mirrored.face![45]!.x).toBeCloseTo(1 - pose.face![36]!.x)
  })

  it('selects the parts a render setting shows; the default is full only when the source has parts', () => {
    const pose = samplePose()
    expect(defaultDrawParts(pose)).toBe('full')
    expect(defaultDrawParts({ ...pose, leftHand: null, rightHand: null })).toBe('full')
    expect(defaultDrawParts(bodyOnly(pose.body))).toBe('body')
    expect(selectParts(pose, 'full')).toEqual(pose)
    expect(selectParts(pose, 'body+hands')).toEqual({ ...pose, face: null })
    expect(selectParts(pose, 'body')).toEqual(bodyOnly(pose.body))
  })

  it('reports malformed parts', () => {
    expect(fullPoseProblem(samplePose())).toBeNull()
    expect(fullPoseProblem({ ...samplePose(), face: [point(0, 0)] })).toMatch(/face must have 70/)
    const hand = fanHand(0.5, 0.5)!
    hand[3] = { x: NaN, y: 0, confidence: 1 }
    expect(fullPoseProblem({ ...samplePose(), rightHand: hand })).toMatch(/rightHand\[3\]/)
  })
})

describe('renderFullPoseImage', () => {
  const at = (image: { width: number; data: Uint8Array }, x: number, y: number) =>
    Array.from(image.data.slice((y * image.width + x) * 3, (y * image.width + x) * 3 + 3))

  it('draws a body-only pose exactly as renderPoseImage, and "body" hides the parts', () => {
    const pose = samplePose()
    expect(renderFullPoseImage([bodyOnly(pose.body)], 97, 64)).toEqual(renderPoseImage([pose.body], 97, 64))
    expect(renderFullPoseImage([pose], 97, 64, 'body')).toEqual(renderPoseImage([pose.body], 97, 64))
  })

  it('puts blue hand points, hued edges and white face points at their pixels', () => {
    const body = emptyPose()
    const hand = HAND_KEYPOINTS.map(() => null) as FullPose['leftHand'] & object
    hand[0] = point(0.2, 0.5)
    hand[1] = point(0.8, 0.5)
    const face = Array.from({ length: FACE_KEYPOINT_COUNT }, () => null) as FullPose['face'] & object
    face[30] = point(0.5, 0.1)
    const image = renderFullPoseImage([{ body, leftHand: hand, rightHand: null, face }], 100, 50)
    expect(at(image, 20, 25)).toEqual([0, 0, 255])
    expect(at(image, 80, 25)).toEqual([0, 0, 255])
    expect(at(image, 50, 24)).toEqual(HAND_EDGE_COLORS[0]) // thickness 2 reaches one row either side
    expect(at(image, 50, 26)).toEqual(HAND_EDGE_COLORS[0])
    expect(at(image, 50, 23)).toEqual([0, 0, 0])
    expect(at(image, 50, 5)).toEqual([255, 255, 255])
    expect(renderFullPoseImage([{ body, leftHand: hand, rightHand: null, face }], 100, 50, 'body+hands')).not.toEqual(
      image,
    )
  })

  it('skips hand and face points whose pixel is at x ≤ 0 or y ≤ 0, and their edges', () => {
    const body = emptyPose()
    const hand = HAND_KEYPOINTS.map(() => null) as FullPose['leftHand'] & object
    hand[0] = point(0.0199, 0.5) // pixel x = int(0.995) = 0: skipped, so is edge 0 → 1
    hand[1] = point(0.8, 0.5)
    const face = Array.from({ length: FACE_KEYPOINT_COUNT }, () => point(0.5, -0.1))
    const image = renderFullPoseImage([{ body, leftHand: hand, rightHand: null, face }], 50, 50)
    const lit = image.data.reduce((n, v) => n + (v ? 1 : 0), 0)
    const only = renderFullPoseImage(
      [{ body, leftHand: hand.map((k, i) => (i === 1 ? k : null)), rightHand: null, face: null }],
      50,
      50,
    )
    expect(image).toEqual(only)
    expect(lit).toBeGreaterThan(0)
  })
})
