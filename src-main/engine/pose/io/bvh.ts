// BVH → PoseSequence: forward kinematics, the joint map to OpenPose-18 (face points placed on the head
// from the body's facing direction, since mocap has no eyes or ears), and a perspective camera that
// frames the whole motion in the canvas.
import type { PoseSequence } from '../../../../src-preload/api'
import { UserError } from '../../errors'
import { KP, type Pose18 } from '../openpose'
import { parseBvh, type Bvh } from './bvhParse'
import { mapJoints, poseFrame, type JointMap, type Vec3 } from './bvhSkeleton'

export interface BvhImportOptions {
  width?: number
  height?: number
  /** Output frame rate (frames are picked nearest in time); default: the file's, capped at 30. */
  fps?: number
  /** Camera azimuth in degrees around the up axis, 0 = facing the character's front in frame 0. */
  yawDegrees?: number
  /** Camera elevation in degrees (positive looks down on the character). */
  pitchDegrees?: number
  /** Camera distance in body heights (perspective strength). Default 4. */
  distance?: number
  /** Fraction of the canvas left empty around the motion. Default 0.08. */
  margin?: number
}

export function poseSequenceFromBvh(text: string, source = 'BVH file', options: BvhImportOptions = {}): PoseSequence {
  const bvh = parseBvh(text, source)
  const map = mapJoints(bvh.joints)
  const found = map.body.filter((j) => j >= 0).length
  if (found < 6) {
    throw new UserError(
      `${source}: only ${found} of 12 limb joints recognised; expected names like LeftArm, LeftForeArm, LeftHand, LeftUpLeg, LeftLeg, LeftFoot`,
    )
  }
  const fileFps = 1 / bvh.frameTime
  const fps = options.fps ?? Math.min(30, Math.round(fileFps * 1000) / 1000)
  const rows = resample(bvh, fps)
  const world = rows.map((row) => skeletonPoints(bvh, map, row))
  const [width, height] = [options.width ?? 512, options.height ?? 512]
  const frames = project(world, { width, height }, options)
  return { fps, width, height, frames }
}

function resample(bvh: Bvh, fps: number): Float64Array[] {
  const duration = bvh.motion.length * bvh.frameTime
  const count = Math.max(1, Math.round(duration * fps))
  return Array.from(
    { length: count },
    (_, i) => bvh.motion[Math.min(bvh.motion.length - 1, Math.round(i / fps / bvh.frameTime))],
  )
}

const add = (a: Vec3, b: Vec3, k = 1): Vec3 => [a[0] + k * b[0], a[1] + k * b[1], a[2] + k * b[2]]
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
const len = (a: Vec3) => Math.hypot(a[0], a[1], a[2])
const unit = (a: Vec3): Vec3 => {
  const l = len(a) || 1
  return [a[0] / l, a[1] / l, a[2] / l]
}
const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
]
const mid = (a: Vec3, b: Vec3): Vec3 => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2]

/** OpenPose-18 points in world space for one frame (null where the skeleton lacks the joint). */
function skeletonPoints(bvh: Bvh, map: JointMap, row: Float64Array): (Vec3 | null)[] {
  const posed = poseFrame(bvh, row)
  const out: (Vec3 | null)[] = map.body.map((j) => (j >= 0 ? posed.joints[j] : null))
  const [ls, rs, lh, rh] = [out[KP.LShoulder], out[KP.RShoulder], out[KP.LHip], out[KP.RHip]]
  out[KP.Neck] = ls && rs ? mid(ls, rs) : map.neck >= 0 ? posed.joints[map.neck] : null
  const neck = out[KP.Neck]
  if (map.head < 0 || !neck) return out
  const head = posed.joints[map.head]
  const top = posed.ends[map.head] ?? add(head, sub(head, neck))
  const right = ls && rs ? unit(sub(rs, ls)) : lh && rh ? unit(sub(rh, lh)) : null
  if (!right) return out
  const up = unit(sub(top, neck))
  const forward = unit(cross(up, right))
  const centre = mid(head, top)
  const r = len(sub(top, head)) / 2
  const at = (f: number, s: number, u: number): Vec3 => add(add(add(centre, forward, f * r), right, s * r), up, u * r)
  out[KP.Nose] = at(1, 0, -0.1)
  out[KP.REye] = at(0.85, 0.35, 0.15)
  out[KP.LEye] = at(0.85, -0.35, 0.15)
  out[KP.REar] = at(-0.1, 0.95, 0)
  out[KP.LEar] = at(-0.1, -0.95, 0)
  return out
}

/** Perspective projection (Y up) from a camera in front of frame 0's character, fitted to the canvas. */
function project(
  world: (Vec3 | null)[][],
  canvas: { width: number; height: number },
  options: BvhImportOptions,
): Pose18[] {
  const all = world.flat().filter((p): p is Vec3 => p !== null)
  const lo = [0, 1, 2].map((a) => Math.min(...all.map((p) => p[a])))
  const hi = [0, 1, 2].map((a) => Math.max(...all.map((p) => p[a])))
  const centre: Vec3 = [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2]
  const bodyHeight = Math.max(hi[1] - lo[1], 1e-6)
  const yaw = facingYaw(world[0]) + ((options.yawDegrees ?? 0) * Math.PI) / 180
  const pitch = ((options.pitchDegrees ?? 0) * Math.PI) / 180
  const distance = (options.distance ?? 4) * bodyHeight
  const toCamera = (p: Vec3): [number, number] => {
    const [x0, y0, z0] = sub(p, centre)
    const [x1, z1] = [x0 * Math.cos(yaw) - z0 * Math.sin(yaw), x0 * Math.sin(yaw) + z0 * Math.cos(yaw)]
    const [y2, z2] = [y0 * Math.cos(pitch) - z1 * Math.sin(pitch), y0 * Math.sin(pitch) + z1 * Math.cos(pitch)]
    const depth = distance - z2 // the camera sits at +z looking towards −z
    return [x1 / depth, -y2 / depth]
  }
  const flat = world.map((frame) => frame.map((p) => (p ? toCamera(p) : null)))
  const pts = flat.flat().filter((p): p is [number, number] => p !== null)
  const [minX, maxX] = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))]
  const [minY, maxY] = [Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1]))]
  const margin = options.margin ?? 0.08
  const scale = Math.min(
    (canvas.width * (1 - 2 * margin)) / Math.max(maxX - minX, 1e-9),
    (canvas.height * (1 - 2 * margin)) / Math.max(maxY - minY, 1e-9),
  )
  const [cx, cy] = [(minX + maxX) / 2, (minY + maxY) / 2]
  return flat.map((frame) =>
    frame.map((p) =>
      p === null
        ? null
        : {
            x: 0.5 + ((p[0] - cx) * scale) / canvas.width,
            y: 0.5 + ((p[1] - cy) * scale) / canvas.height,
            confidence: 1,
          },
    ),
  )
}

/** Yaw that turns the character of this frame to face the camera (+z), from its shoulders or hips. */
function facingYaw(points: (Vec3 | null)[]): number {
  const pairs = [
    [KP.RShoulder, KP.LShoulder],
    [KP.RHip, KP.LHip],
  ] as const
  for (const [r, l] of pairs) {
    const [a, b] = [points[r], points[l]]
    if (!a || !b) continue
    // Facing the camera, the character's left is on the image right: left − right should point along +x.
    const [dx, dz] = [b[0] - a[0], b[2] - a[2]]
    return -Math.atan2(dz, dx)
  }
  return 0
}
