// The image camera: an orthographic camera looking down −z whose frustum is exactly the source image.
// World unit = image height; the image spans x ∈ [−aspect/2, aspect/2], y ∈ [−1/2, 1/2] (y up).
// At rest the rig lies in z = 0 with its joints on the source keypoints, so projecting it gives the source
// pose back exactly (orthographic: no depth scaling to undo; see docs/decisions for why not perspective).

import type { Keypoint, Pose18 } from '../../api'
import { OPENPOSE_JOINT_COUNT } from './skeleton'
import type { Vec3 } from './math/vec3'

export interface ImageFrame {
  /** Image width / height. */
  readonly aspect: number
}

/** Normalised image point (x/W, y/H, y down) → world point on the z = 0 plane. */
export function imageToWorld(frame: ImageFrame, x: number, y: number, z = 0): Vec3 {
  return [(x - 0.5) * frame.aspect, 0.5 - y, z]
}

/** World point → normalised image point (orthographic: z is dropped). */
export function worldToImage(frame: ImageFrame, p: Vec3): { x: number; y: number } {
  return { x: p[0] / frame.aspect + 0.5, y: 0.5 - p[1] }
}

/** Image-camera frustum, in the order three.js' OrthographicCamera takes it (left, right, top, bottom). */
export function imageCameraFrustum(frame: ImageFrame): { left: number; right: number; top: number; bottom: number } {
  return { left: -frame.aspect / 2, right: frame.aspect / 2, top: 0.5, bottom: -0.5 }
}

export interface ProjectOptions {
  /** Joints to emit as null (missing in the source and not yet wanted in the output). */
  readonly hidden?: readonly boolean[]
  /** Confidence written on every visible keypoint. */
  readonly confidence?: number
}

/** Project rig joint positions (21, world) to an OpenPose-18 pose in normalised image coordinates. */
export function projectToPose18(frame: ImageFrame, positions: readonly Vec3[], opts: ProjectOptions = {}): Pose18 {
  const pose: Keypoint[] = []
  for (let j = 0; j < OPENPOSE_JOINT_COUNT; j++) {
    if (opts.hidden?.[j]) pose.push(null)
    else pose.push({ ...worldToImage(frame, positions[j]), confidence: opts.confidence ?? 1 })
  }
  return pose
}

/** A screen in pixels seen through the image camera: what pointer events and the 1-px tolerance use. */
export interface ImageViewport extends ImageFrame {
  readonly widthPx: number
  readonly heightPx: number
}

export function worldToPixels(view: ImageViewport, p: Vec3): { x: number; y: number } {
  const n = worldToImage(view, p)
  return { x: n.x * view.widthPx, y: n.y * view.heightPx }
}

/** Pixel → world on the plane z = `depth` (the image camera looks along −z, so depth is free). */
export function pixelsToWorld(view: ImageViewport, x: number, y: number, depth = 0): Vec3 {
  return imageToWorld(view, x / view.widthPx, y / view.heightPx, depth)
}

export function viewportFor(aspect: number, heightPx: number): ImageViewport {
  if (!(aspect > 0) || !(heightPx > 0)) throw new Error(`Image size must be positive (aspect ${aspect}, ${heightPx}px)`)
  return { aspect, widthPx: aspect * heightPx, heightPx }
}
