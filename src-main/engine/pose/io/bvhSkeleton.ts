// BVH forward kinematics and the joint map to OpenPose-18. Names from the common mocap skeletons are
// recognised (CMU / MotionBuilder "LeftArm", Mixamo "mixamorig:LeftArm", 3ds Max Biped "Bip01 L UpperArm",
// Daz/Poser "lShldr"): the part after the side marker is looked up in a synonym table.
import { KEYPOINT_COUNT, KP } from '../openpose'
import type { Bvh, BvhJoint } from './bvhParse'

export type Vec3 = [number, number, number]
type Mat3 = number[] // row-major 3×3

type Role = 'shoulder' | 'elbow' | 'wrist' | 'hip' | 'knee' | 'ankle' | 'clavicle'
const SYNONYMS: Record<Role, string[]> = {
  clavicle: ['shoulder', 'collar', 'clavicle'],
  shoulder: ['arm', 'uparm', 'upperarm', 'shldr', 'humerus'],
  elbow: ['forearm', 'lowerarm', 'lowarm', 'elbow', 'radius'],
  wrist: ['hand', 'wrist'],
  hip: ['upleg', 'upperleg', 'thigh', 'hip', 'femur'],
  knee: ['leg', 'lowerleg', 'lowleg', 'shin', 'calf', 'knee', 'tibia'],
  ankle: ['foot', 'ankle'],
}
const OPENPOSE_INDEX: Record<'L' | 'R', Partial<Record<Role, number>>> = {
  L: { shoulder: KP.LShoulder, elbow: KP.LElbow, wrist: KP.LWrist, hip: KP.LHip, knee: KP.LKnee, ankle: KP.LAnkle },
  R: { shoulder: KP.RShoulder, elbow: KP.RElbow, wrist: KP.RWrist, hip: KP.RHip, knee: KP.RKnee, ankle: KP.RAnkle },
}

/** Splits "LeftUpLeg", "lShldr", "Bip01 R Forearm", "mixamorig:RightHand", "hand_l" into side + part. */
export function splitSide(raw: string): { side: 'L' | 'R' | null; part: string } {
  const name = raw.replace(/^mixamorig\d*:/i, '').replace(/^bip0*1[\s_]*/i, '')
  const squash = (s: string) => s.toLowerCase().replace(/[\s_.:-]/g, '')
  const sideOf = (s: string): 'L' | 'R' => (s[0].toLowerCase() === 'l' ? 'L' : 'R')
  let m = /^(left|right)[\s_.:-]*(.+)$/i.exec(name) ?? /^([lLrR])(?=[A-Z\s_.:-])[\s_.:-]*(.+)$/.exec(name)
  if (m) return { side: sideOf(m[1]), part: squash(m[2]) }
  m = /^(.+?)[\s_.:-]+(left|right|l|r)$/i.exec(name)
  if (m) return { side: sideOf(m[2]), part: squash(m[1]) }
  return { side: null, part: squash(name) }
}

export interface JointMap {
  /** BVH joint index per OpenPose body joint (shoulders … ankles), or −1. */
  body: number[]
  neck: number
  head: number
}

export function mapJoints(joints: BvhJoint[]): JointMap {
  const body = new Array<number>(KEYPOINT_COUNT).fill(-1)
  const clavicles: Record<'L' | 'R', number> = { L: -1, R: -1 }
  let [neck, head] = [-1, -1]
  joints.forEach((joint, i) => {
    const { side, part } = splitSide(joint.name)
    if (side === null) {
      if (neck < 0 && /^neck\d*$/.test(part)) neck = i
      if (head < 0 && part === 'head') head = i
      return
    }
    const role = (Object.keys(SYNONYMS) as Role[]).find((r) => SYNONYMS[r].includes(part))
    if (role === 'clavicle') clavicles[side] = clavicles[side] < 0 ? i : clavicles[side]
    const target = role ? OPENPOSE_INDEX[side][role] : undefined
    if (target !== undefined && body[target] < 0) body[target] = i
  })
  // Skeletons without a separate upper-arm joint use "Shoulder" for the shoulder itself.
  for (const side of ['L', 'R'] as const) {
    const index = OPENPOSE_INDEX[side].shoulder!
    if (body[index] < 0 && clavicles[side] >= 0) body[index] = clavicles[side]
  }
  return { body, neck, head }
}

const rad = (deg: number) => (deg * Math.PI) / 180

function axisRotation(axis: 'X' | 'Y' | 'Z', deg: number): Mat3 {
  const [c, s] = [Math.cos(rad(deg)), Math.sin(rad(deg))]
  if (axis === 'X') return [1, 0, 0, 0, c, -s, 0, s, c]
  if (axis === 'Y') return [c, 0, s, 0, 1, 0, -s, 0, c]
  return [c, -s, 0, s, c, 0, 0, 0, 1]
}

function mul(a: Mat3, b: Mat3): Mat3 {
  const out = new Array<number>(9)
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++) out[r * 3 + c] = a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c]
  return out
}

function apply(m: Mat3, v: Vec3): Vec3 {
  return [
    m[0] * v[0] + m[1] * v[1] + m[2] * v[2],
    m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
    m[6] * v[0] + m[7] * v[1] + m[8] * v[2],
  ]
}

export interface Posed {
  /** World position of every joint. */
  joints: Vec3[]
  /** World position of each joint's End Site (null where it has none). */
  ends: (Vec3 | null)[]
}

/** Forward kinematics of one motion row: rotations compose in the order the channels are listed. */
export function poseFrame(bvh: Bvh, row: Float64Array): Posed {
  const rotations: Mat3[] = []
  const joints: Vec3[] = []
  const ends: (Vec3 | null)[] = []
  bvh.joints.forEach((joint, i) => {
    const translation: Vec3 = [...joint.offset]
    let local: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1]
    joint.channels.forEach((channel, k) => {
      const value = row[joint.channelStart + k]
      const axis = channel[0] as 'X' | 'Y' | 'Z'
      if (channel.endsWith('position')) translation['XYZ'.indexOf(axis)] += value
      else local = mul(local, axisRotation(axis, value))
    })
    const parentRotation = joint.parent >= 0 ? rotations[joint.parent] : [1, 0, 0, 0, 1, 0, 0, 0, 1]
    const parentPosition: Vec3 = joint.parent >= 0 ? joints[joint.parent] : [0, 0, 0]
    const moved = apply(parentRotation, translation)
    joints[i] = [parentPosition[0] + moved[0], parentPosition[1] + moved[1], parentPosition[2] + moved[2]]
    rotations[i] = mul(parentRotation, local)
    const end = joint.endSite ? apply(rotations[i], joint.endSite) : null
    ends[i] = end ? [joints[i][0] + end[0], joints[i][1] + end[1], joints[i][2] + end[2]] : null
  })
  return { joints, ends }
}
