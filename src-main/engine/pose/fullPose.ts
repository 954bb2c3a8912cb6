// The full OpenPose model (body + hands + face, ControlNet's openpose_full): an OpenPose-18 body plus an
// optional 21-point hand on each side and an optional 70-point face, all normalised like the body. The
// types and tables live in this one file so they can move into the shared domain types unchanged.
import type { PosePartsSetting } from '../../../src-preload/document/renderSettings'
import { mirrorPose, poseProblem, type Keypoint, type Pose18 } from './openpose'

export const HAND_KEYPOINT_COUNT = 21
export const FACE_KEYPOINT_COUNT = 70

/** OpenPose hand order: the wrist, then thumb → little finger, each from its base to its tip. */
export const HAND_KEYPOINTS = [
  'wrist',
  ...['thumb', 'index', 'middle', 'ring', 'little'].flatMap((finger) => [1, 2, 3, 4].map((j) => `${finger}_${j}`)),
] as const

/** 21 keypoints in HAND_KEYPOINTS order; null = missing. */
export type Hand21 = Keypoint[]

/** 70 keypoints in the OpenPose face order (FACE_REGIONS); null = missing. */
export type Face70 = Keypoint[]

/** A body with the parts ControlNet's openpose_full adds; null = the part was not detected or placed. */
export interface FullPose {
  body: Pose18
  leftHand: Hand21 | null
  rightHand: Hand21 | null
  face: Face70 | null
}

/** The optional parts of a full pose, e.g. as a pose file gives them next to its body. */
export type PoseParts = Omit<FullPose, 'body'>

export type PosePart = keyof PoseParts
export const POSE_PARTS: readonly PosePart[] = ['leftHand', 'rightHand', 'face']

/** What the ControlNet condition image shows (the render setting): body, body + hands, or everything. */
export type PoseDrawParts = PosePartsSetting

/** The hand edges controlnet_aux draw_handpose draws (shared with the studio's drawing). */
export { HAND_EDGES } from '../../../src-preload/motion/openposeStyle'

/**
 * OpenPose face layout (the 68 iBUG / dlib landmarks plus both pupils), first and last index of each
 * region. "Right" is the person's right, which is on the image's left for a face seen from the front.
 */
export const FACE_REGIONS = {
  jaw: [0, 16],
  rightBrow: [17, 21],
  leftBrow: [22, 26],
  noseBridge: [27, 30],
  noseBottom: [31, 35],
  rightEye: [36, 41],
  leftEye: [42, 47],
  outerLips: [48, 59],
  innerLips: [60, 67],
  rightPupil: [68, 68],
  leftPupil: [69, 69],
} as const satisfies Record<string, readonly [number, number]>

/** For each face point, the point it becomes when the face is mirrored left ↔ right. */
export const FACE_MIRROR: readonly number[] = (() => {
  const pairs: [number, number][] = [
    ...Array.from({ length: 8 }, (_, i): [number, number] => [i, 16 - i]), // jaw
    ...Array.from({ length: 5 }, (_, i): [number, number] => [17 + i, 26 - i]), // brows
    [31, 35], [32, 34], // nostrils
    [36, 45], [37, 44], [38, 43], [39, 42], [40, 47], [41, 46], // eyes
    [48, 54], [49, 53], [50, 52], [55, 59], [56, 58], // outer lips
    [60, 64], [61, 63], [65, 67], // inner lips
    [68, 69], // pupils
  ] // prettier-ignore
  const map = Array.from({ length: FACE_KEYPOINT_COUNT }, (_, i) => i)
  for (const [a, b] of pairs) [map[a], map[b]] = [b, a]
  return map
})()

/** The body joint each part hangs from: it moves with this joint under alignment and transition. */
export const PART_ANCHOR: Record<PosePart, number> = { leftHand: 7, rightHand: 4, face: 0 }

export function partLength(part: PosePart): number {
  return part === 'face' ? FACE_KEYPOINT_COUNT : HAND_KEYPOINT_COUNT
}

export function bodyOnly(body: Pose18): FullPose {
  return { body, leftHand: null, rightHand: null, face: null }
}

/** A body with the parts a file gave next to it (none when it gave none). */
export function withParts(body: Pose18, parts: PoseParts | undefined): FullPose {
  return parts ? { body, ...parts } : bodyOnly(body)
}

export function hasParts(pose: FullPose): boolean {
  return POSE_PARTS.some((part) => pose[part] !== null)
}

/** The render setting's default: everything when the source pose has hands or a face, else the body. */
export function defaultDrawParts(source: FullPose): PoseDrawParts {
  return hasParts(source) ? 'full' : 'body'
}

/** The pose with only the parts a render setting shows. */
export function selectParts(pose: FullPose, parts: PoseDrawParts): FullPose {
  if (parts === 'full') return pose
  const hands = parts === 'body+hands'
  return { ...pose, leftHand: hands ? pose.leftHand : null, rightHand: hands ? pose.rightHand : null, face: null }
}

/** Checks the body and every part; returns a message describing the first problem, or null. */
export function fullPoseProblem(pose: FullPose): string | null {
  const body = poseProblem(pose.body)
  if (body) return `body: ${body}`
  for (const part of POSE_PARTS) {
    const points = pose[part]
    if (points === null) continue
    if (!Array.isArray(points) || points.length !== partLength(part))
      return `${part} must have ${partLength(part)} keypoints`
    const bad = points.findIndex(
      (k) => k !== null && ![k.x, k.y, k.confidence].every((v) => typeof v === 'number' && Number.isFinite(v)),
    )
    if (bad >= 0) return `${part}[${bad}] must be null or {x, y, confidence} with finite numbers`
  }
  return null
}

/** Mirrors left ↔ right: the body as mirrorPose does, the hands swap sides and the face points swap names. */
export function mirrorFullPose(pose: FullPose): FullPose {
  const flip = (points: Keypoint[] | null) => points && points.map((k) => (k === null ? null : { ...k, x: 1 - k.x }))
  const face = flip(pose.face)
  return {
    body: mirrorPose(pose.body),
    leftHand: flip(pose.rightHand),
    rightHand: flip(pose.leftHand),
    face: face && FACE_MIRROR.map((from) => face[from]),
  }
}
