// CMU OpenPose output, `{people: [{pose_keypoints_2d, hand_left_keypoints_2d, hand_right_keypoints_2d,
// face_keypoints_2d}]}` (sd15-facts §8.3), in pixels or normalised, with the canvas size ControlNet's
// editors add. A missing point is c = 0; a part that is absent, null, [] or all missing was not detected.
import { UserError } from '../errors'
import { FACE_KEYPOINT_COUNT, HAND_KEYPOINT_COUNT, type PoseParts } from './fullPose'
import type { Keypoint, Pose18 } from './openpose'
import type { NamedPose, ParseOptions, PoseDocument } from './poseDocument'

/** BODY_25 → OpenPose-18: BODY_25 adds MidHip at 8 and six foot points at the end. */
const FROM_BODY_25 = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]

const PART_ARRAYS = [
  ['leftHand', 'hand_left_keypoints_2d', HAND_KEYPOINT_COUNT],
  ['rightHand', 'hand_right_keypoints_2d', HAND_KEYPOINT_COUNT],
  ['face', 'face_keypoints_2d', FACE_KEYPOINT_COUNT],
] as const

/** One person's arrays as read: the body, and each part's numbers (null when absent or empty). */
interface RawPerson {
  body: number[]
  parts: Record<keyof PoseParts, number[] | null> | null
}

export function parseOpenPosePeople(
  data: Record<string, unknown>,
  source: string,
  options: ParseOptions,
): PoseDocument {
  const people = (data.people as unknown[]).map((person, i) => readPerson(person, `${source}: people[${i}]`))
  const coordinates = options.coordinates ?? guessCoordinates(people)
  const width = canvasSide(data.canvas_width, options.width, coordinates, `${source}: canvas_width`)
  const height = canvasSide(data.canvas_height, options.height, coordinates, `${source}: canvas_height`)
  const [sx, sy] = coordinates === 'pixels' ? [1 / width, 1 / height] : [1, 1]
  const poses = people.map(({ body, parts }, i): NamedPose => {
    const named: NamedPose = { name: `person_${i}`, pose: triplesToPose(body, sx, sy) }
    if (parts) {
      const part = (values: number[] | null) => {
        const points = values && triplesToPoints(values, sx, sy)
        return points && points.some((k) => k !== null) ? points : null
      }
      named.parts = { leftHand: part(parts.leftHand), rightHand: part(parts.rightHand), face: part(parts.face) }
    }
    return named
  })
  return { width, height, poses }
}

function readPerson(person: unknown, where: string): RawPerson {
  const record = isObject(person) ? person : {}
  const body = numbers(record.pose_keypoints_2d, `${where}.pose_keypoints_2d`)
  if (body === null || (body.length !== 54 && body.length !== 75)) {
    const count = body === null ? 'no' : body.length
    throw new UserError(`${where}.pose_keypoints_2d has ${count} numbers; expected 54 (COCO-18) or 75 (BODY_25)`)
  }
  if (PART_ARRAYS.every(([, key]) => record[key] === undefined)) return { body, parts: null }
  const parts = { leftHand: null, rightHand: null, face: null } as RawPerson['parts'] & object
  for (const [part, key, count] of PART_ARRAYS) {
    const values = numbers(record[key], `${where}.${key}`)
    if (values !== null && values.length !== 3 * count) {
      throw new UserError(`${where}.${key} has ${values.length} numbers; expected ${3 * count} (${count} points)`)
    }
    parts[part] = values
  }
  return { body, parts }
}

/** A list of finite numbers; null when absent, null or empty. */
function numbers(value: unknown, where: string): number[] | null {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return null
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new UserError(`${where} must be a list of numbers`)
  }
  return value as number[]
}

function triplesToPose(values: number[], sx: number, sy: number): Pose18 {
  const points = triplesToPoints(values, sx, sy)
  return values.length === 75 ? FROM_BODY_25.map((j) => points[j]) : points
}

/** OpenPose marks a missing point with confidence 0 (and x = y = 0). */
function triplesToPoints(values: number[], sx: number, sy: number): Keypoint[] {
  return Array.from({ length: values.length / 3 }, (_, j): Keypoint => {
    const [x, y, c] = values.slice(j * 3, j * 3 + 3)
    return c > 0 ? { x: x * sx, y: y * sy, confidence: Math.min(1, c) } : null
  })
}

function guessCoordinates(people: RawPerson[]): 'pixels' | 'normalized' {
  const arrays = people.flatMap(({ body, parts }) => [body, ...(parts ? Object.values(parts) : [])])
  const coords = arrays.flatMap((v) => (v ?? []).filter((_, i) => i % 3 !== 2 && v![i - (i % 3) + 2] > 0))
  return coords.every((c) => Math.abs(c) <= 2) ? 'normalized' : 'pixels'
}

function canvasSide(value: unknown, override: number | undefined, coordinates: string, where: string): number {
  if (override !== undefined) return positiveInteger(override, where)
  if (value !== undefined) return positiveInteger(value, where)
  if (coordinates === 'normalized') return 512
  throw new UserError(`${where} is missing: pixel coordinates need the canvas size (pass --width and --height)`)
}

export function positiveInteger(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > 16384) {
    throw new UserError(`${where} must be a positive integer up to 16384, got ${JSON.stringify(value)}`)
  }
  return value
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
