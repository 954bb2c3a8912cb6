// What tool states need from a view, in screen pixels: the three.js view implements it with its camera;
// tests implement it with the image camera alone (no WebGL).

import type { ImageViewport } from '../../../../../src-preload/motion/rig/camera'
import { pixelsToWorld, worldToPixels } from '../../../../../src-preload/motion/rig/camera'
import type { Vec3 } from '../../../../../src-preload/motion/rig/math/vec3'

export interface ScreenPoint {
  readonly x: number
  readonly y: number
}

export interface RigViewport {
  /** World → screen pixels. */
  project(p: Vec3): ScreenPoint
  /** Screen pixels → world, on the plane through `depthOf` facing the camera. */
  unproject(s: ScreenPoint, depthOf: Vec3): Vec3
  /** Direction the camera looks (unit, world). */
  viewDirection(): Vec3
}

/** The image camera as a viewport of `view.widthPx × view.heightPx` pixels. */
export function imageViewport(view: ImageViewport): RigViewport {
  return {
    project: (p) => worldToPixels(view, p),
    unproject: (s, depthOf) => pixelsToWorld(view, s.x, s.y, depthOf[2]),
    viewDirection: () => [0, 0, -1],
  }
}

/** Pick radius for joints, in pixels. */
export const JOINT_PICK_RADIUS_PX = 12

/** Nearest of `handles` within the pick radius; later (drawn on top) wins ties. */
export function nearestHandle(
  viewport: RigViewport,
  handles: readonly { joint: number; position: Vec3 }[],
  s: ScreenPoint,
): number | null {
  let best: number | null = null
  let bestDistance = JOINT_PICK_RADIUS_PX
  for (const h of handles) {
    const p = viewport.project(h.position)
    const d = Math.hypot(p.x - s.x, p.y - s.y)
    if (d <= bestDistance) {
      best = h.joint
      bestDistance = d
    }
  }
  return best
}
