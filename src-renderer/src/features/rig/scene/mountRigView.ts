// The imperative half of RigView: renderer, cameras, OrbitControls, the rotate gizmo (TransformControls)
// and pointer routing to the rig tools. RigView calls it from a layout effect and disposes it on cleanup.

import * as THREE from 'three'
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js'
import { TransformControls } from 'three/examples/jsm/controls/TransformControls.js'
import type { AnimationEditor } from '../../editor/editor'
import type { RigTools } from '../tools/rigTools'
import type { RigSceneObjects } from './rigScene'
import { fitImageFrustum, raycastJoint, threeViewport } from './threeViewport'

export type CameraMode = 'image' | 'orbit'

export interface ViewParts {
  readonly scene: THREE.Scene
  readonly imageCamera: THREE.OrthographicCamera
  readonly orbitCamera: THREE.PerspectiveCamera
  /** Stand-in object the gizmo rotates; its world rotation is read back as the joint's. */
  readonly gizmoTarget: THREE.Object3D
}

export interface LiveRigView {
  requestRender(): void
  setCameraMode(mode: CameraMode): void
  /** Put the gizmo on the selected joint (rotate mode) or hide it. */
  syncGizmo(): void
  dispose(): void
}

export function createViewParts(): ViewParts {
  const scene = new THREE.Scene()
  scene.background = new THREE.Color(0x1a1b1e)
  const imageCamera = new THREE.OrthographicCamera(-0.5, 0.5, 0.5, -0.5, 0.01, 100)
  imageCamera.position.set(0, 0, 10)
  const orbitCamera = new THREE.PerspectiveCamera(35, 1, 0.01, 100)
  return { scene, imageCamera, orbitCamera, gizmoTarget: new THREE.Object3D() }
}

export function mountRigView(
  host: HTMLElement,
  parts: ViewParts,
  objects: RigSceneObjects,
  editor: AnimationEditor,
  tools: RigTools,
): LiveRigView {
  const renderer = new THREE.WebGLRenderer({ antialias: true }) // throws without WebGL: RigView reports it
  renderer.setPixelRatio(window.devicePixelRatio || 1)
  Object.assign(renderer.domElement.style, { width: '100%', height: '100%', display: 'block' })
  host.appendChild(renderer.domElement)

  let mode: CameraMode = 'image'
  let size = { w: 1, h: 1 }
  let frameRequest: number | null = null
  const camera = () => (mode === 'image' ? parts.imageCamera : parts.orbitCamera)
  const render = () => {
    frameRequest = null
    renderer.render(parts.scene, camera())
  }
  const requestRender = () => {
    frameRequest ??= requestAnimationFrame(render)
  }

  const orbit = new OrbitControls(parts.orbitCamera, renderer.domElement)
  const centre = rigCentre(editor)
  orbit.target.copy(centre)
  parts.orbitCamera.position.copy(centre).add(new THREE.Vector3(0, 0, 2.6))
  orbit.update()
  orbit.addEventListener('change', requestRender)

  const gizmo = new TransformControls(camera(), renderer.domElement)
  gizmo.setMode('rotate')
  gizmo.setSpace('local')
  gizmo.setSize(0.7)
  parts.scene.add(gizmo.getHelper())
  gizmo.addEventListener('change', requestRender)
  gizmo.addEventListener('dragging-changed', (e) => (orbit.enabled = !e.value && mode === 'orbit'))
  gizmo.addEventListener('mouseDown', () => editor.selectedJoint !== null && tools.gizmoStart(editor.selectedJoint))
  gizmo.addEventListener('objectChange', () => {
    const q = parts.gizmoTarget.quaternion
    tools.gizmoChange([q.x, q.y, q.z, q.w])
  })
  gizmo.addEventListener('mouseUp', () => tools.gizmoEnd())

  const resize = () => {
    size = { w: host.clientWidth || 1, h: host.clientHeight || 1 }
    renderer.setSize(size.w, size.h, false)
    Object.assign(parts.imageCamera, fitImageFrustum(editor.rig.aspect, size.w / size.h))
    parts.imageCamera.updateProjectionMatrix()
    parts.orbitCamera.aspect = size.w / size.h
    parts.orbitCamera.updateProjectionMatrix()
    tools.setViewport(threeViewport(camera(), size.w, size.h))
    requestRender()
  }
  const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(resize)
  observer?.observe(host)
  resize()
  tools.setPicker((s) => raycastJoint(camera(), objects.joints, s, size.w, size.h) ?? tools.nearestJoint(s))

  const local = (e: PointerEvent) => {
    const r = host.getBoundingClientRect()
    return { x: e.clientX - r.left, y: e.clientY - r.top }
  }
  const onMove = (e: PointerEvent) => tools.pointerMove(local(e))
  const onUp = (e: PointerEvent) => {
    tools.pointerUp(local(e))
    orbit.enabled = mode === 'orbit'
    window.removeEventListener('pointermove', onMove)
    window.removeEventListener('pointerup', onUp)
  }
  // Capture phase on the host runs before the controls' own listeners on the canvas: a press on a joint
  // is the rig's, anything else goes on to the gizmo or the orbit camera.
  const onDown = (e: PointerEvent) => {
    if (e.button !== 0 || gizmo.axis !== null) return
    tools.pointerDown(local(e))
    if (!tools.busy) return
    e.stopPropagation()
    orbit.enabled = false
    window.addEventListener('pointermove', onMove)
    window.addEventListener('pointerup', onUp)
  }
  // A press that was not the rig's still ends in the tools, so a click on empty space deselects.
  const onIdleUp = (e: PointerEvent) => !tools.busy && tools.pointerUp(local(e))
  host.addEventListener('pointerdown', onDown, { capture: true })
  host.addEventListener('pointerup', onIdleUp, { capture: true })

  const live: LiveRigView = {
    requestRender,
    setCameraMode(next) {
      mode = next
      orbit.enabled = next === 'orbit'
      gizmo.camera = camera()
      resize()
    },
    syncGizmo() {
      const joint = editor.selectedJoint
      if (joint === null || editor.toolMode !== 'rotate') return void gizmo.detach()
      if (tools.path === 'select.gizmo') return // the gizmo is the one moving it
      const world = editor.world
      parts.gizmoTarget.position.set(...world.positions[joint])
      parts.gizmoTarget.quaternion.set(...world.rotations[joint])
      gizmo.attach(parts.gizmoTarget)
    },
    dispose() {
      if (frameRequest !== null) cancelAnimationFrame(frameRequest)
      host.removeEventListener('pointerdown', onDown, { capture: true })
      host.removeEventListener('pointerup', onIdleUp, { capture: true })
      window.removeEventListener('pointermove', onMove)
      window.removeEventListener('pointerup', onUp)
      observer?.disconnect()
      tools.setPicker(null)
      gizmo.detach()
      parts.scene.remove(gizmo.getHelper())
      gizmo.dispose()
      orbit.dispose()
      renderer.dispose()
      renderer.domElement.remove()
    },
  }
  live.setCameraMode('image')
  return live
}

function rigCentre(editor: AnimationEditor): THREE.Vector3 {
  const box = new THREE.Box3()
  for (const p of editor.rig.restPositions) box.expandByPoint(new THREE.Vector3(...p))
  return box.getCenter(new THREE.Vector3())
}
