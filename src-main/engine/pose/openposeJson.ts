// Reading and writing pose JSON: the keypoints-file layout of golden/openpose/keypoints.json, CMU OpenPose
// output (`people[].pose_keypoints_2d`, COCO-18 or BODY_25), and the sd-webui-controlnet / editor variant
// of it (adds `canvas_width`, `canvas_height`). Every problem is reported with where it is in the file.
import { UserError } from '../errors'
import { KEYPOINT_COUNT, poseProblem, type Keypoint, type Pose18 } from './openpose'

export interface NamedPose {
  name: string
  pose: Pose18
}

/** Poses on one canvas; keypoints normalised to it. */
export interface PoseDocument {
  width: number
  height: number
  poses: NamedPose[]
}

export interface ParseOptions {
  /** Canvas size for files that give pixel coordinates without one. */
  width?: number
  height?: number
  /** Overrides the pixel/normalised guess (coordinates all ≤ 2 are taken as normalised). */
  coordinates?: 'pixels' | 'normalized'
}

/** BODY_25 → OpenPose-18: BODY_25 adds MidHip at 8 and six foot points at the end. */
const FROM_BODY_25 = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]

export function parsePoseJson(text: string, source = 'pose JSON', options: ParseOptions = {}): PoseDocument {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new UserError(`${source} is not valid JSON: ${(error as Error).message}`)
  }
  if (isObject(data) && Array.isArray(data.poses)) return parseKeypointsFile(data, source)
  if (isObject(data) && Array.isArray(data.people)) return parseOpenPose(data, source, options)
  throw new UserError(
    `${source}: unrecognised layout; expected {width, height, poses: [...]} or OpenPose {people: [{pose_keypoints_2d}]}`,
  )
}

function parseKeypointsFile(data: Record<string, unknown>, source: string): PoseDocument {
  const width = positiveInteger(data.width, `${source}: width`)
  const height = positiveInteger(data.height, `${source}: height`)
  const poses = (data.poses as unknown[]).map((entry, i) => {
    const where = `${source}: poses[${i}]`
    if (!isObject(entry)) throw new UserError(`${where} must be an object with name and keypoints`)
    const name = entry.name === undefined ? `pose_${i}` : entry.name
    if (typeof name !== 'string' || !/^[\w.-]+$/.test(name)) {
      throw new UserError(`${where}.name must be letters, digits, '_', '-' or '.' (it names the output file)`)
    }
    return { name, pose: parseKeypointList(entry.keypoints, `${where}.keypoints`) }
  })
  assertUniqueNames(poses, source)
  return { width, height, poses }
}

/** 18 entries, each null, [x, y], [x, y, confidence] or {x, y, confidence?}. */
function parseKeypointList(list: unknown, where: string): Pose18 {
  if (!Array.isArray(list) || list.length !== KEYPOINT_COUNT) {
    throw new UserError(`${where} must be a list of 18 keypoints (null for a missing one)`)
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

function parseOpenPose(data: Record<string, unknown>, source: string, options: ParseOptions): PoseDocument {
  const people = data.people as unknown[]
  const flat = people.map((person, i) => {
    const values = isObject(person) ? person.pose_keypoints_2d : undefined
    const where = `${source}: people[${i}].pose_keypoints_2d`
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new UserError(`${where} must be a list of numbers`)
    }
    if (values.length !== 54 && values.length !== 75) {
      throw new UserError(`${where} has ${values.length} numbers; expected 54 (COCO-18) or 75 (BODY_25)`)
    }
    return values as number[]
  })
  const coordinates = options.coordinates ?? guessCoordinates(flat)
  const width = canvasSide(data.canvas_width, options.width, coordinates, `${source}: canvas_width`)
  const height = canvasSide(data.canvas_height, options.height, coordinates, `${source}: canvas_height`)
  const [sx, sy] = coordinates === 'pixels' ? [1 / width, 1 / height] : [1, 1]
  const poses = flat.map((values, i) => ({ name: `person_${i}`, pose: triplesToPose(values, sx, sy) }))
  return { width, height, poses }
}

function triplesToPose(values: number[], sx: number, sy: number): Pose18 {
  const order = values.length === 75 ? FROM_BODY_25 : FROM_BODY_25.map((_, i) => i)
  // OpenPose marks a missing joint with confidence 0 (and x = y = 0).
  return order.map((j): Keypoint => {
    const [x, y, c] = values.slice(j * 3, j * 3 + 3)
    return c > 0 ? { x: x * sx, y: y * sy, confidence: Math.min(1, c) } : null
  })
}

function guessCoordinates(flat: number[][]): 'pixels' | 'normalized' {
  const coords = flat.flatMap((v) => v.filter((_, i) => i % 3 !== 2 && v[i - (i % 3) + 2] > 0))
  return coords.every((c) => Math.abs(c) <= 2) ? 'normalized' : 'pixels'
}

function canvasSide(value: unknown, override: number | undefined, coordinates: string, where: string): number {
  if (override !== undefined) return positiveInteger(override, where)
  if (value !== undefined) return positiveInteger(value, where)
  if (coordinates === 'normalized') return 512
  throw new UserError(`${where} is missing: pixel coordinates need the canvas size (pass --width and --height)`)
}

function positiveInteger(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > 16384) {
    throw new UserError(`${where} must be a positive integer up to 16384, got ${JSON.stringify(value)}`)
  }
  return value
}

function assertUniqueNames(poses: NamedPose[], source: string): void {
  const seen = new Set<string>()
  for (const { name } of poses) {
    if (seen.has(name)) throw new UserError(`${source}: two poses are named "${name}"`)
    seen.add(name)
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The keypoints-file layout (normalised [x, y, confidence] or null), as `pose draw` reads it. */
export function toKeypointsFile(doc: PoseDocument): object {
  for (const { name, pose } of doc.poses) {
    const problem = poseProblem(pose)
    if (problem) throw new RangeError(`pose ${name}: ${problem}`)
  }
  return {
    width: doc.width,
    height: doc.height,
    poses: doc.poses.map(({ name, pose }) => ({
      name,
      keypoints: pose.map((k) => (k === null ? null : [k.x, k.y, k.confidence])),
    })),
  }
}

/**
 * CMU OpenPose layout in pixels with the canvas size, which ControlNet's pose editors read too.
 * `confidence: 'one'` writes 1.0 for present joints, because sd-webui-controlnet drops any c < 1; otherwise a
 * present joint keeps its score, at least 0.001 so that it is not read back as missing (c = 0).
 */
export function toOpenPoseJson(poses: Pose18[], width: number, height: number, confidence: 'keep' | 'one' = 'keep') {
  return {
    version: 1.3,
    canvas_width: width,
    canvas_height: height,
    people: poses.map((pose) => ({
      pose_keypoints_2d: pose.flatMap((k) =>
        k === null ? [0, 0, 0] : [k.x * width, k.y * height, confidence === 'one' ? 1 : Math.max(k.confidence, 1e-3)],
      ),
    })),
  }
}
