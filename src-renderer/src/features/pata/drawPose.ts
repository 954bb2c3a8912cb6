// An OpenPose drawing in the page (sd15-facts §8.2): limbs as ellipses at 60 % colour over black or over
// the image, then joints as discs. Thicknesses follow the annotator's 4 px at 512 px, scaled to the canvas.

import type { Pose18 } from '../../../../src-preload/api'
import { OPENPOSE_COLORS, OPENPOSE_LIMBS } from '../../../../src-preload/motion/openposeStyle'

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
