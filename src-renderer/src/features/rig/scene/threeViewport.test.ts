import * as THREE from 'three'
import { describe, expect, it } from 'vitest'
import { pixelsToWorld, viewportFor, worldToPixels } from '../../../../../src-preload/motion/rig/camera'
import { jointPositions, restPose } from '../../../../../src-preload/motion/rig/pose'
import { buildRig } from '../../../../../src-preload/motion/rig/rig'
import { PORTRAIT_ASPECT, STANDING_FRONT } from '../../../../../src-preload/motion/testing/samplePoses'
import { RigSceneObjects } from './rigScene'
import { fitImageFrustum, raycastJoint, threeViewport } from './threeViewport'
import { Joint } from '../../../../../src-preload/motion/rig/skeleton'

function imageCamera(aspect: number, canvasW: number, canvasH: number): THREE.OrthographicCamera {
  const f = fitImageFrustum(aspect, canvasW / canvasH)
  const camera = new THREE.OrthographicCamera(f.left, f.right, f.top, f.bottom, 0.01, 100)
  camera.position.set(0, 0, 10)
  camera.updateMatrixWorld()
  return camera
}

describe('three.js viewport', () => {
  it('projects like the image camera when the canvas has the image aspect', () => {
    const view = viewportFor(PORTRAIT_ASPECT, 800)
    const three = threeViewport(imageCamera(PORTRAIT_ASPECT, view.widthPx, 800), view.widthPx, 800)
    const p = [0.1, -0.2, 0.05] as const
    const a = three.project(p)
    const b = worldToPixels(view, p)
    expect(a.x).toBeCloseTo(b.x, 6)
    expect(a.y).toBeCloseTo(b.y, 6)
    const back = three.unproject({ x: 100, y: 300 }, [0, 0, 0.05])
    pixelsToWorld(view, 100, 300, 0.05).forEach((v, i) => expect(back[i]).toBeCloseTo(v, 6))
    three.viewDirection().forEach((v, i) => expect(v).toBeCloseTo([0, 0, -1][i], 9))
  })

  it('letterboxes the image in a canvas of another shape', () => {
    expect(fitImageFrustum(0.75, 2)).toEqual({ left: -1, right: 1, top: 0.5, bottom: -0.5 })
    const tall = fitImageFrustum(1, 0.5)
    expect(tall.top).toBe(1)
    expect(tall.left).toBe(-0.5)
  })

  it('raycasts the joint spheres built for a pose', () => {
    const rig = buildRig(STANDING_FRONT, PORTRAIT_ASPECT)
    const objects = new RigSceneObjects()
    objects.update(jointPositions(rig, restPose(rig)), Joint.LElbow)
    objects.group.updateMatrixWorld(true)
    const camera = imageCamera(PORTRAIT_ASPECT, 600, 800)
    const at = threeViewport(camera, 600, 800).project(rig.restPositions[Joint.LElbow])
    expect(raycastJoint(camera, objects.joints, at, 600, 800)).toBe(Joint.LElbow)
    expect(raycastJoint(camera, objects.joints, { x: 1, y: 1 }, 600, 800)).toBeNull()
    objects.dispose()
  })
})
