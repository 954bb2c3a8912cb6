// Building the rig from a 2D source pose: every joint gets a rest position in world space (z = 0).
// Joints present in the source sit exactly on their keypoints; missing ones are filled from typical human
// proportions scaled to the bones that are visible, so the rig is always complete and editable.

import type { Pose18 } from '../../api'
import { imageToWorld, type ImageFrame } from './camera'
import { add3, distance3, lerp3, normalize3, scale3, sub3, type Vec3 } from './math/vec3'
import {
  CHILDREN,
  DEFAULT_BONE_DIRECTION,
  Joint,
  MIRROR_OF,
  OPENPOSE_JOINT_COUNT,
  RIG_JOINT_COUNT,
  RIG_PARENTS,
  ROOT_JOINT,
  TOPOLOGICAL_ORDER,
  TYPICAL_BONE_RATIO,
  VIRTUAL_PIVOTS,
} from './skeleton'

export interface Rig extends ImageFrame {
  /** World rest position of each of the 21 rig joints. */
  readonly restPositions: readonly Vec3[]
  /** Unit direction of each joint's bone from its parent at rest (a default where the bone has no length). */
  readonly restDirections: readonly Vec3[]
  /** Bone length from each joint to its parent at rest (0 for the root and the virtual pivots). */
  readonly restLengths: readonly number[]
  /** Which OpenPose joints the source pose had (18 entries). */
  readonly present: readonly boolean[]
  /** Torso length (pelvis → neck) the typical proportions were scaled to, in world units. */
  readonly torsoScale: number
}

/** Torso length assumed when the source shows no bone at all: a figure about one image height tall. */
const DEFAULT_TORSO = 0.3

/** Why a source pose cannot be rigged, in words for the user; null when it can. */
export function sourcePoseProblem(source: Pose18, aspect: number): string | null {
  if (source.length !== OPENPOSE_JOINT_COUNT) {
    return `A source pose needs ${OPENPOSE_JOINT_COUNT} keypoints in OpenPose-18 order, got ${source.length}`
  }
  if (!(aspect > 0) || !Number.isFinite(aspect)) return `Image aspect ratio must be a positive number, got ${aspect}`
  return null
}

export function buildRig(source: Pose18, aspect: number): Rig {
  const problem = sourcePoseProblem(source, aspect)
  if (problem) throw new Error(problem)
  const frame = { aspect }
  const known: (Vec3 | null)[] = Array.from({ length: RIG_JOINT_COUNT }, (_, j) => {
    const kp = j < OPENPOSE_JOINT_COUNT ? source[j] : null
    // A keypoint with non-finite coordinates (a detector's NaN) counts as missing.
    return kp && Number.isFinite(kp.x) && Number.isFinite(kp.y) ? imageToWorld(frame, kp.x, kp.y) : null
  })
  const present = known.slice(0, OPENPOSE_JOINT_COUNT).map((p) => p !== null)
  const torso = estimateTorso(known)
  const positions = placeJoints(known, torso)
  const restLengths = positions.map((p, j) => (RIG_PARENTS[j] < 0 ? 0 : distance3(p, positions[RIG_PARENTS[j]])))
  const restDirections = positions.map((p, j) => {
    const parent = RIG_PARENTS[j]
    return parent < 0 ? DEFAULT_BONE_DIRECTION[j] : normalize3(sub3(p, positions[parent]), DEFAULT_BONE_DIRECTION[j])
  })
  return { aspect, restPositions: positions, restDirections, restLengths, present, torsoScale: torso }
}

/** Median of (visible bone length / typical ratio) over bones whose both ends are in the source. */
function estimateTorso(known: readonly (Vec3 | null)[]): number {
  const estimates: number[] = []
  for (let j = 0; j < OPENPOSE_JOINT_COUNT; j++) {
    const parent = visibleParent(j)
    const a = known[j]
    const b = parent === null ? null : known[parent]
    if (!a || !b || parent === null) continue
    const len = distance3(a, b)
    if (len > 1e-6) estimates.push(len / typicalDistance(j, parent))
  }
  const [rHip, lHip, neck] = [known[Joint.RHip], known[Joint.LHip], known[Joint.Neck]]
  if (rHip && lHip && neck) estimates.push(distance3(neck, lerp3(rHip, lHip, 0.5)))
  if (estimates.length === 0) return DEFAULT_TORSO
  estimates.sort((x, y) => x - y)
  const mid = estimates.length >> 1
  return estimates.length % 2 ? estimates[mid] : (estimates[mid - 1] + estimates[mid]) / 2
}

/** Nearest ancestor that is an OpenPose joint (skips the virtual pivots; the hips' is the neck via the torso). */
function visibleParent(j: number): number | null {
  let p = RIG_PARENTS[j]
  while (p >= OPENPOSE_JOINT_COUNT && p !== ROOT_JOINT) p = RIG_PARENTS[p]
  return p === ROOT_JOINT || p < 0 ? null : p
}

/** Typical distance between a joint and an ancestor, in torso units, summed along the chain. */
function typicalDistance(j: number, ancestor: number): number {
  let sum = 0
  for (let k = j; k !== ancestor; k = RIG_PARENTS[k]) sum += TYPICAL_BONE_RATIO[k]
  return sum
}

function placeJoints(known: (Vec3 | null)[], torso: number): Vec3[] {
  const placed: (Vec3 | null)[] = known.slice()
  const [neck, pelvis] = placeTrunk(known, torso)
  placed[Joint.Neck] = neck
  placed[ROOT_JOINT] = pelvis
  for (const j of VIRTUAL_PIVOTS) placed[j] = null
  for (const j of TOPOLOGICAL_ORDER) {
    if (placed[j]) continue
    const parent = placed[RIG_PARENTS[j]]!
    placed[j] = VIRTUAL_PIVOTS.includes(j) ? parent : fillMissing(j, parent, placed, torso)
  }
  return placed as Vec3[]
}

/** Neck and pelvis first: everything else hangs from them. */
function placeTrunk(known: readonly (Vec3 | null)[], torso: number): [Vec3, Vec3] {
  const down: Vec3 = [0, -torso, 0]
  const rHip = known[Joint.RHip]
  const lHip = known[Joint.LHip]
  const shoulders = known[Joint.RShoulder] && known[Joint.LShoulder]
  let neck = known[Joint.Neck] ?? (shoulders ? lerp3(known[Joint.RShoulder]!, known[Joint.LShoulder]!, 0.5) : null)
  const hip = rHip ?? lHip
  let pelvis: Vec3 | null = rHip && lHip ? lerp3(rHip, lHip, 0.5) : null
  // One hip only: put the pelvis under the neck at the hip's height (a side view has both hips there anyway).
  if (!pelvis && hip) pelvis = neck ? [neck[0], hip[1], 0] : hip
  if (!neck && !pelvis && known[Joint.Nose]) neck = add3(known[Joint.Nose]!, scale3(down, TYPICAL_BONE_RATIO[0]))
  if (!neck && !pelvis) neck = [0, 0.5 - 0.2, 0] // nothing to go on: a default figure in the image centre
  if (!pelvis) pelvis = add3(neck!, down)
  if (!neck) neck = sub3(pelvis, down)
  return [neck, pelvis]
}

/**
 * A missing joint goes on the line from its parent to its nearest present descendant (split by typical
 * lengths), so a visible wrist keeps a missing elbow between it and the shoulder; with no descendant
 * visible it takes the mirrored direction of its counterpart, else the default standing direction.
 */
function fillMissing(j: number, parent: Vec3, placed: readonly (Vec3 | null)[], torso: number): Vec3 {
  const descendant = nearestPresentDescendant(j, placed)
  if (descendant !== null) {
    const share = TYPICAL_BONE_RATIO[j] / typicalDistance(descendant, RIG_PARENTS[j])
    return lerp3(parent, placed[descendant]!, share)
  }
  const length = TYPICAL_BONE_RATIO[j] * torso
  return add3(parent, scale3(mirroredDirection(j, placed) ?? DEFAULT_BONE_DIRECTION[j], length))
}

function nearestPresentDescendant(j: number, placed: readonly (Vec3 | null)[]): number | null {
  let frontier = CHILDREN[j]
  while (frontier.length > 0) {
    const hit = frontier.find((c) => placed[c] !== null)
    if (hit !== undefined) return hit
    frontier = frontier.flatMap((c) => CHILDREN[c])
  }
  return null
}

function mirroredDirection(j: number, placed: readonly (Vec3 | null)[]): Vec3 | null {
  const m = MIRROR_OF[j]
  const a = placed[m]
  const b = placed[RIG_PARENTS[m]]
  if (m === j || !a || !b) return null
  const d = sub3(a, b)
  return normalize3([-d[0], d[1], d[2]], DEFAULT_BONE_DIRECTION[j])
}
