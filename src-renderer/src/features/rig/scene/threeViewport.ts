// RigViewport over a three.js camera and a canvas size: how the tool states see the 3D view in pixels.

import * as THREE from 'three'
import type { Vec3 } from '../../../../../src-preload/motion/rig/math/vec3'
import type { RigViewport, ScreenPoint } from '../tools/viewport'

export function threeViewport(camera: THREE.Camera, widthPx: number, heightPx: number): RigViewport {
  const toNdc = (s: ScreenPoint) => new THREE.Vector2((s.x / widthPx) * 2 - 1, 1 - (s.y / heightPx) * 2)
  const forward = () => camera.getWorldDirection(new THREE.Vector3())
  return {
    project(p) {
      const v = new THREE.Vector3(...p).project(camera)
      return { x: ((v.x + 1) / 2) * widthPx, y: ((1 - v.y) / 2) * heightPx }
    },
    unproject(s, depthOf) {
      const ray = new THREE.Raycaster()
      ray.setFromCamera(toNdc(s), camera)
      const plane = new THREE.Plane().setFromNormalAndCoplanarPoint(forward(), new THREE.Vector3(...depthOf))
      const hit = ray.ray.intersectPlane(plane, new THREE.Vector3())
      return hit ? ([hit.x, hit.y, hit.z] as Vec3) : depthOf
    },
    viewDirection() {
      const d = forward()
      return [d.x, d.y, d.z]
    },
  }
}

/** Joint under the pointer by raycasting the joint spheres (nearest first). */
export function raycastJoint(
  camera: THREE.Camera,
  meshes: readonly THREE.Object3D[],
  s: ScreenPoint,
  widthPx: number,
  heightPx: number,
): number | null {
  const ray = new THREE.Raycaster()
  ray.setFromCamera(new THREE.Vector2((s.x / widthPx) * 2 - 1, 1 - (s.y / heightPx) * 2), camera)
  const hit = ray.intersectObjects(meshes as THREE.Object3D[], false)[0]
  return hit ? (hit.object.userData.joint as number) : null
}

/**
 * Frustum of the image camera for a canvas: the whole image fits and is centred, the spare room goes to
 * the sides (wide canvas) or top and bottom (tall canvas), so the image keeps its aspect.
 */
export function fitImageFrustum(imageAspect: number, canvasAspect: number) {
  if (canvasAspect >= imageAspect) return { left: -canvasAspect / 2, right: canvasAspect / 2, top: 0.5, bottom: -0.5 }
  const half = imageAspect / canvasAspect / 2
  return { left: -imageAspect / 2, right: imageAspect / 2, top: half, bottom: -half }
}
