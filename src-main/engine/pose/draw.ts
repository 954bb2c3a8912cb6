// The pose image ControlNet OpenPose sees: controlnet_aux draw_bodypose (sd15-facts §8.2) on a black RGB
// canvas. Limbs are filled ellipses (length × 2·stickwidth) in 60 % colour, drawn in limb order; joints
// are radius-4 discs in full colour on top. Python's int() truncation is kept where the reference has it.
import { createRgbImage, type RgbImage } from '../image/rgbImage'
import { OPENPOSE_COLORS, OPENPOSE_LIMBS, type Pose18 } from './openpose'
import { fillCircle } from './raster/circle'
import { ellipsePolygon } from './raster/ellipsePolygon'
import { fillConvexPolygon } from './raster/fillConvex'
import type { Rgb } from './raster/pixels'

const STICK_WIDTH = 4
const JOINT_RADIUS = 4
const LIMB_ALPHA = 0.6

export function renderPoseImage(poses: Pose18[], width: number, height: number): RgbImage {
  const canvas = createRgbImage(width, height)
  for (const pose of poses) drawBodyPose(canvas, pose)
  return canvas
}

/** Draws one pose onto an existing canvas (several people = several calls, as ControlNet does). */
export function drawBodyPose(canvas: RgbImage, pose: Pose18): void {
  const { width: W, height: H } = canvas
  OPENPOSE_LIMBS.forEach(([from, to], i) => {
    const a = pose[from]
    const b = pose[to]
    if (a === null || b === null) return
    const [x1, y1, x2, y2] = [a.x * W, a.y * H, b.x * W, b.y * H]
    const length = Math.sqrt((x1 - x2) ** 2 + (y1 - y2) ** 2)
    const angle = (Math.atan2(y1 - y2, x1 - x2) * 180) / Math.PI
    const polygon = ellipsePolygon({
      center: { x: Math.trunc((x1 + x2) / 2), y: Math.trunc((y1 + y2) / 2) },
      axes: { width: Math.trunc(length / 2), height: STICK_WIDTH },
      angle: Math.trunc(angle),
    })
    fillConvexPolygon(canvas, polygon, limbColor(OPENPOSE_COLORS[i]))
  })
  pose.forEach((k, i) => {
    if (k === null) return
    const center = { x: Math.trunc(k.x * W), y: Math.trunc(k.y * H) }
    fillCircle(canvas, center, JOINT_RADIUS, OPENPOSE_COLORS[i])
  })
}

function limbColor(color: Rgb): Rgb {
  return [Math.trunc(color[0] * LIMB_ALPHA), Math.trunc(color[1] * LIMB_ALPHA), Math.trunc(color[2] * LIMB_ALPHA)]
}
