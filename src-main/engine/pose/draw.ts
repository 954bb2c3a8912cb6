// The pose image ControlNet OpenPose sees: controlnet_aux draw_poses on a black RGB canvas, per person
// the body (draw_bodypose, sd15-facts §8.2), then the left hand, the right hand and the face. Limbs are
// filled ellipses (length × 2·stickwidth) in 60 % colour, drawn in limb order; joints are radius-4 discs
// in full colour on top. Hands are 2-pixel lines in a hue per edge with radius-4 blue discs; the face is
// radius-3 white discs. Python's int() truncation is kept where the reference has it.
import { createRgbImage, type RgbImage } from '../image/rgbImage'
import { HAND_EDGES, selectParts, type FullPose, type PoseDrawParts } from './fullPose'
import { OPENPOSE_COLORS, OPENPOSE_LIMBS, type Keypoint, type Pose18 } from './openpose'
import { fillCircle } from './raster/circle'
import { ellipsePolygon } from './raster/ellipsePolygon'
import { fillConvexPolygon } from './raster/fillConvex'
import type { IntPoint } from './raster/line'
import { roundHalfEven, type Rgb } from './raster/pixels'
import { drawThickLine } from './raster/thickLine'

const STICK_WIDTH = 4
const JOINT_RADIUS = 4
const LIMB_ALPHA = 0.6
const HAND_LINE_THICKNESS = 2
const HAND_POINT_RADIUS = 4
const HAND_POINT_COLOR: Rgb = [0, 0, 255]
const FACE_POINT_RADIUS = 3
const FACE_POINT_COLOR: Rgb = [255, 255, 255]
/** Hand and face points whose pixel x or y is not above this are treated as missing (controlnet_aux eps). */
const PART_EPS = 0.01

export function renderPoseImage(poses: Pose18[], width: number, height: number): RgbImage {
  const canvas = createRgbImage(width, height)
  for (const pose of poses) drawBodyPose(canvas, pose)
  return canvas
}

/** The condition image for full poses, showing the parts a render setting asks for (default all). */
export function renderFullPoseImage(
  poses: FullPose[],
  width: number,
  height: number,
  parts: PoseDrawParts = 'full',
): RgbImage {
  const canvas = createRgbImage(width, height)
  for (const pose of poses.map((p) => selectParts(p, parts))) {
    drawBodyPose(canvas, pose.body)
    drawHandPose(canvas, pose.leftHand)
    drawHandPose(canvas, pose.rightHand)
    drawFacePose(canvas, pose.face)
  }
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

/** hsv_to_rgb([i / 20, 1, 1]) · 255 as matplotlib computes it, rounded as OpenCV converts a colour to bytes. */
export const HAND_EDGE_COLORS: readonly Rgb[] = HAND_EDGES.map((_, i) => {
  const h6 = (i / HAND_EDGES.length) * 6
  const sector = Math.trunc(h6)
  const f = h6 - sector
  const [q, t] = [1 - f, 1 - (1 - f)]
  const rgb = [
    [1, t, 0],
    [q, 1, 0],
    [0, 1, t],
    [0, q, 1],
    [t, 0, 1],
    [1, 0, q],
  ][sector % 6]
  return rgb.map((c) => roundHalfEven(c * 255)) as unknown as Rgb
})

/** A part point's pixel, or null when the reference skips it (missing, or at/left of/above the origin). */
function partPixel(k: Keypoint, width: number, height: number): IntPoint | null {
  if (k === null) return null
  const p = { x: Math.trunc(k.x * width), y: Math.trunc(k.y * height) }
  return p.x > PART_EPS && p.y > PART_EPS ? p : null
}

export function drawHandPose(canvas: RgbImage, hand: Keypoint[] | null): void {
  if (hand === null || hand.length === 0) return
  const pixels = hand.map((k) => partPixel(k, canvas.width, canvas.height))
  HAND_EDGES.forEach(([from, to], i) => {
    const [a, b] = [pixels[from], pixels[to]]
    if (a && b) drawThickLine(canvas, a, b, HAND_LINE_THICKNESS, HAND_EDGE_COLORS[i])
  })
  for (const p of pixels) if (p) fillCircle(canvas, p, HAND_POINT_RADIUS, HAND_POINT_COLOR)
}

export function drawFacePose(canvas: RgbImage, face: Keypoint[] | null): void {
  if (face === null) return
  for (const k of face) {
    const p = partPixel(k, canvas.width, canvas.height)
    if (p) fillCircle(canvas, p, FACE_POINT_RADIUS, FACE_POINT_COLOR)
  }
}
