// An OpenPose drawing in the page (sd15-facts §8.2): limbs as ellipses at 60 % colour over black or over
// the image, then joints as discs. Thicknesses follow the annotator's 4 px at 512 px, scaled to the canvas.

import type { Pose18 } from '../../../../src-preload/api'
import type { PosePartsFields } from '../../../../src-preload/document/pose'
import { HAND_EDGES, OPENPOSE_COLORS, OPENPOSE_LIMBS } from '../../../../src-preload/motion/openposeStyle'

export interface LimbShape {
  readonly limb: number
  /** Centre, half length along the limb, half width, angle (radians) in canvas pixels. */
  readonly cx: number
  readonly cy: number
  readonly halfLength: number
  readonly halfWidth: number
  readonly angle: number
}

/** The ellipses OpenPose draws for a pose on a width × height canvas (missing joints skip their limbs). */
export function limbShapes(pose: Pose18, width: number, height: number): LimbShape[] {
  const halfWidth = stickWidth(width, height)
  return OPENPOSE_LIMBS.flatMap(([a, b], limb) => {
    const p = pose[a]
    const q = pose[b]
    if (!p || !q) return []
    const [x1, y1, x2, y2] = [p.x * width, p.y * height, q.x * width, q.y * height]
    return [
      {
        limb,
        cx: (x1 + x2) / 2,
        cy: (y1 + y2) / 2,
        halfLength: Math.hypot(x2 - x1, y2 - y1) / 2,
        halfWidth,
        angle: Math.atan2(y2 - y1, x2 - x1),
      },
    ]
  })
}

export function stickWidth(width: number, height: number): number {
  return Math.max(1.5, (4 * Math.min(width, height)) / 512)
}

export function drawOpenPose(context: CanvasRenderingContext2D, pose: Pose18, width: number, height: number): void {
  for (const s of limbShapes(pose, width, height)) {
    const [r, g, b] = OPENPOSE_COLORS[s.limb]
    context.fillStyle = `rgb(${r * 0.6}, ${g * 0.6}, ${b * 0.6})`
    context.beginPath()
    context.ellipse(s.cx, s.cy, Math.max(s.halfLength, 0.5), s.halfWidth, s.angle, 0, Math.PI * 2)
    context.fill()
  }
  const radius = stickWidth(width, height)
  pose.forEach((k, j) => {
    if (!k) return
    const [r, g, b] = OPENPOSE_COLORS[j]
    context.fillStyle = `rgb(${r}, ${g}, ${b})`
    context.beginPath()
    context.arc(k.x * width, k.y * height, radius, 0, Math.PI * 2)
    context.fill()
  })
}

/** Hue i / 20 at full saturation and value, as draw_handpose colours hand edge i. */
export function handEdgeColor(i: number): [number, number, number] {
  const h = (i / 20) * 6
  const f = h - Math.floor(h)
  const rgb = [
    [1, f, 0],
    [1 - f, 1, 0],
    [0, 1, f],
    [0, 1 - f, 1],
    [f, 0, 1],
    [1, 0, 1 - f],
  ][Math.floor(h) % 6]
  return rgb.map((c) => Math.round(c * 255)) as [number, number, number]
}

/** Hands (coloured edges, blue points) and face (white points) as openpose_full draws them, scaled to the canvas. */
export function drawPoseParts(
  context: CanvasRenderingContext2D,
  parts: PosePartsFields,
  width: number,
  height: number,
): void {
  const scale = Math.min(width, height) / 512
  const dot = (x: number, y: number, r: number) => {
    context.beginPath()
    context.arc(x * width, y * height, Math.max(1, r * scale), 0, Math.PI * 2)
    context.fill()
  }
  for (const hand of [parts.leftHand, parts.rightHand]) {
    if (!hand) continue
    context.lineWidth = Math.max(1, 2 * scale)
    HAND_EDGES.forEach(([a, b], i) => {
      const [p, q] = [hand[a], hand[b]]
      if (!p || !q) return
      context.strokeStyle = `rgb(${handEdgeColor(i).join(', ')})`
      context.beginPath()
      context.moveTo(p.x * width, p.y * height)
      context.lineTo(q.x * width, q.y * height)
      context.stroke()
    })
    context.fillStyle = 'rgb(0, 0, 255)'
    for (const k of hand) if (k) dot(k.x, k.y, 4)
  }
  context.fillStyle = 'rgb(255, 255, 255)'
  for (const k of parts.face ?? []) if (k) dot(k.x, k.y, 3)
}
