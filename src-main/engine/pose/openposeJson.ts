// Reading and writing pose JSON: the keypoints-file layout of golden/openpose/keypoints.json (and of
// golden/openpose_full, which adds hands, a face and a canvas per pose), CMU OpenPose output
// (`people[].pose_keypoints_2d`, COCO-18 or BODY_25, with `hand_left_keypoints_2d`,
// `hand_right_keypoints_2d` and `face_keypoints_2d`), and the sd-webui-controlnet / editor variant of it
// (adds `canvas_width`, `canvas_height`). Every problem is reported with where it is in the file.
import { UserError } from '../errors'
import { FACE_KEYPOINT_COUNT, fullPoseProblem, HAND_KEYPOINT_COUNT, POSE_PARTS, withParts } from './fullPose'
import type { FullPose, PosePart, PoseParts } from './fullPose'
import { KEYPOINT_COUNT, type Keypoint, type Pose18 } from './openpose'
import { isObject, parseOpenPosePeople, positiveInteger } from './openposePeople'
import type { NamedPose, ParseOptions, PoseDocument } from './poseDocument'

export type { NamedPose, ParseOptions, PoseDocument } from './poseDocument'

/** Keypoints-file keys of the parts. */
const PART_KEYS: Record<PosePart, string> = { leftHand: 'left_hand', rightHand: 'right_hand', face: 'face' }

export function parsePoseJson(text: string, source = 'pose JSON', options: ParseOptions = {}): PoseDocument {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new UserError(`${source} is not valid JSON: ${(error as Error).message}`)
  }
  if (isObject(data) && Array.isArray(data.poses)) return parseKeypointsFile(data, source)
  if (isObject(data) && Array.isArray(data.people)) return parseOpenPosePeople(data, source, options)
  throw new UserError(
    `${source}: unrecognised layout; expected {width, height, poses: [...]} or OpenPose {people: [{pose_keypoints_2d}]}`,
  )
}

function parseKeypointsFile(data: Record<string, unknown>, source: string): PoseDocument {
  const shared = data.width === undefined && data.height === undefined ? null : canvasOf(data, source)
  const poses = (data.poses as unknown[]).map((entry, i) => {
    const where = `${source}: poses[${i}]`
    if (!isObject(entry)) throw new UserError(`${where} must be an object with name and keypoints`)
    const name = entry.name === undefined ? `pose_${i}` : entry.name
    if (typeof name !== 'string' || !/^[\w.-]+$/.test(name)) {
      throw new UserError(`${where}.name must be letters, digits, '_', '-' or '.' (it names the output file)`)
    }
    const bodyKey = entry.body !== undefined ? 'body' : 'keypoints'
    const named: NamedPose = { name, pose: parseKeypointList(entry[bodyKey], `${where}.${bodyKey}`, KEYPOINT_COUNT) }
    if (entry.width !== undefined || entry.height !== undefined) named.canvas = canvasOf(entry, where)
    else if (shared === null) throw new UserError(`${where} needs width and height (or the file needs them for all)`)
    const parts = parseParts(entry, where)
    if (parts) named.parts = parts
    return named
  })
  assertUniqueNames(poses, source)
  const canvas = shared ?? poses[0]?.canvas ?? canvasOf(data, source)
  return { ...canvas, poses }
}

function canvasOf(data: Record<string, unknown>, where: string): { width: number; height: number } {
  return {
    width: positiveInteger(data.width, `${where}: width`),
    height: positiveInteger(data.height, `${where}: height`),
  }
}

/** left_hand, right_hand, face: null = not detected; in a list, [0, 0] (or null) is a missing point. */
function parseParts(entry: Record<string, unknown>, where: string): PoseParts | undefined {
  if (POSE_PARTS.every((part) => entry[PART_KEYS[part]] === undefined)) return undefined
  const parse = (part: PosePart) => {
    const list = entry[PART_KEYS[part]]
    if (list === undefined || list === null) return null
    const count = part === 'face' ? FACE_KEYPOINT_COUNT : HAND_KEYPOINT_COUNT
    const points = parseKeypointList(list, `${where}.${PART_KEYS[part]}`, count)
    return points.map((k) => (k !== null && k.x === 0 && k.y === 0 ? null : k))
  }
  return { leftHand: parse('leftHand'), rightHand: parse('rightHand'), face: parse('face') }
}

/** `count` entries, each null, [x, y], [x, y, confidence] or {x, y, confidence?}. */
function parseKeypointList(list: unknown, where: string, count: number): Keypoint[] {
  if (!Array.isArray(list) || list.length !== count) {
    throw new UserError(`${where} must be a list of ${count} keypoints (null for a missing one)`)
  }
  return list.map((entry, i): Keypoint => {
    if (entry === null) return null
    const [x, y, c] = Array.isArray(entry) ? entry : isObject(entry) ? [entry.x, entry.y, entry.confidence] : []
    const confidence = c === undefined ? 1 : c
    if (![x, y, confidence].every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new UserError(`${where}[${i}] must be null, [x, y] or [x, y, confidence] with finite numbers`)
    }
    return { x: x as number, y: y as number, confidence: confidence as number }
  })
}

function assertUniqueNames(poses: NamedPose[], source: string): void {
  const seen = new Set<string>()
  for (const { name } of poses) {
    if (seen.has(name)) throw new UserError(`${source}: two poses are named "${name}"`)
    seen.add(name)
  }
}

/** The full pose of a file entry: its body and whatever parts the file gave. */
export function fullPoseOf(named: NamedPose): FullPose {
  return withParts(named.pose, named.parts)
}

/** The keypoints-file layout (normalised [x, y, confidence] or null), as `pose draw` reads it. */
export function toKeypointsFile(doc: PoseDocument): object {
  for (const named of doc.poses) {
    const problem = fullPoseProblem(fullPoseOf(named))
    if (problem) throw new RangeError(`pose ${named.name}: ${problem}`)
  }
  const triple = (k: NonNullable<Keypoint>) => [k.x, k.y, k.confidence]
  return {
    width: doc.width,
    height: doc.height,
    poses: doc.poses.map(({ name, pose, parts, canvas }) => ({
      name,
      ...canvas,
      keypoints: pose.map((k) => (k === null ? null : triple(k))),
      // Parts mark a missing point [0, 0], as controlnet_aux and golden/openpose_full do.
      ...(parts &&
        Object.fromEntries(
          POSE_PARTS.map((part) => [
            PART_KEYS[part],
            parts[part]?.map((k) => (k === null ? [0, 0] : triple(k))) ?? null,
          ]),
        )),
    })),
  }
}

/**
 * CMU OpenPose layout in pixels with the canvas size, which ControlNet's pose editors read too; full poses
 * add the hand and face arrays ([] for a part that is absent, as OpenPose writes a part it did not run).
 * `confidence: 'one'` writes 1.0 for present joints, because sd-webui-controlnet drops any c < 1; otherwise a
 * present joint keeps its score, at least 0.001 so that it is not read back as missing (c = 0).
 */
export function toOpenPoseJson(
  poses: (Pose18 | FullPose)[],
  width: number,
  height: number,
  confidence: 'keep' | 'one' = 'keep',
) {
  const triples = (points: Keypoint[]) =>
    points.flatMap((k) =>
      k === null ? [0, 0, 0] : [k.x * width, k.y * height, confidence === 'one' ? 1 : Math.max(k.confidence, 1e-3)],
    )
  return {
    version: 1.3,
    canvas_width: width,
    canvas_height: height,
    people: poses.map((pose) => {
      if (Array.isArray(pose)) return { pose_keypoints_2d: triples(pose) }
      return {
        pose_keypoints_2d: triples(pose.body),
        hand_left_keypoints_2d: triples(pose.leftHand ?? []),
        hand_right_keypoints_2d: triples(pose.rightHand ?? []),
        face_keypoints_2d: triples(pose.face ?? []),
      }
    }),
  }
}
