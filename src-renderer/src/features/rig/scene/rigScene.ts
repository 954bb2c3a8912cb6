// The rig's three.js objects: OpenPose-coloured limbs (cylinders), joint spheres, the rig's own hierarchy
// (thin lines through the virtual pivots), onion-skin ghosts and the source image plane. Plain three.js,
// no React: RigView creates one in useMemo and disposes it in an effect cleanup.

import * as THREE from 'three'
import type { Vec3 } from '../../../../../src-preload/motion/rig/math/vec3'
import { RIG_JOINT_COUNT, RIG_PARENTS, VIRTUAL_PIVOTS } from '../../../../../src-preload/motion/rig/skeleton'
import { jointHandles } from '../tools/handles'
import { colorHex, HAND_EDGES, OPENPOSE_COLORS, OPENPOSE_LIMBS } from '../../../../../src-preload/motion/openposeStyle'

const JOINT_RADIUS = 0.009
const LIMB_RADIUS = 0.0045
const SELECTED_COLOR = 0xffffff
const PIVOT_COLOR = 0xb0b0b0
const UP = new THREE.Vector3(0, 1, 0)

export class RigSceneObjects {
  readonly group = new THREE.Group()
  /** One sphere per rig joint; userData.joint holds the index (what raycast selection reads). */
  readonly joints: THREE.Mesh[]
  private readonly limbs: THREE.Mesh[]
  private readonly hierarchy: THREE.LineSegments
  private readonly ghosts = new THREE.Group()
  /** Finger bones (hand edges, white) and hand and face points (decision 0341). */
  private readonly partLines = new THREE.LineSegments(
    new THREE.BufferGeometry(),
    new THREE.LineBasicMaterial({ color: 0xffffff, depthTest: false }),
  )
  private readonly partPoints = new THREE.Points(
    new THREE.BufferGeometry(),
    new THREE.PointsMaterial({ color: 0x4dabf7, size: 4, sizeAttenuation: false, depthTest: false }),
  )
  private imagePlane: THREE.Mesh | null = null
  private readonly imageFrame: THREE.LineLoop
  private readonly sphere = new THREE.SphereGeometry(JOINT_RADIUS, 16, 12)
  private readonly cylinder = new THREE.CylinderGeometry(LIMB_RADIUS, LIMB_RADIUS, 1, 10).translate(0, 0.5, 0)

  constructor() {
    this.joints = Array.from({ length: RIG_JOINT_COUNT }, (_, j) => {
      const color = j < OPENPOSE_COLORS.length ? colorHex(OPENPOSE_COLORS[j]) : PIVOT_COLOR
      const mesh = new THREE.Mesh(this.sphere, new THREE.MeshBasicMaterial({ color, depthTest: false }))
      mesh.userData.joint = j
      mesh.renderOrder = 2
      return mesh
    })
    this.limbs = OPENPOSE_LIMBS.map((_, i) => {
      const material = new THREE.MeshBasicMaterial({
        color: colorHex(OPENPOSE_COLORS[i]),
        transparent: true,
        opacity: 0.8,
      })
      return new THREE.Mesh(this.cylinder, material)
    })
    const lineGeometry = new THREE.BufferGeometry()
    lineGeometry.setAttribute('position', new THREE.Float32BufferAttribute(new Float32Array(RIG_JOINT_COUNT * 6), 3))
    this.hierarchy = new THREE.LineSegments(lineGeometry, new THREE.LineBasicMaterial({ color: 0x808080 }))
    this.imageFrame = new THREE.LineLoop(new THREE.BufferGeometry(), new THREE.LineBasicMaterial({ color: 0x5c5f66 }))
    this.partLines.renderOrder = 1
    this.partPoints.renderOrder = 1
    this.group.add(this.imageFrame, this.hierarchy, this.ghosts, ...this.limbs, this.partLines, this.partPoints, ...this.joints) // prettier-ignore
  }

  /** Outline of the source image on the z = 0 plane: what the image camera frames. */
  setImageFrame(aspect: number): void {
    const [x, y] = [aspect / 2, 0.5]
    const corners = [-x, -y, 0, x, -y, 0, x, y, 0, -x, y, 0]
    this.imageFrame.geometry.setAttribute('position', new THREE.Float32BufferAttribute(corners, 3))
  }

  /** Move everything to `positions` (21 world joints) and highlight the selected joint. */
  update(positions: readonly Vec3[], selected: number | null): void {
    for (const { joint, position } of jointHandles(positions)) {
      const mesh = this.joints[joint]
      mesh.position.set(...position)
      mesh.scale.setScalar(joint === selected ? 1.6 : VIRTUAL_PIVOTS.includes(joint) ? 0.7 : 1)
      const base = joint < OPENPOSE_COLORS.length ? colorHex(OPENPOSE_COLORS[joint]) : PIVOT_COLOR
      ;(mesh.material as THREE.MeshBasicMaterial).color.setHex(joint === selected ? SELECTED_COLOR : base)
    }
    OPENPOSE_LIMBS.forEach(([a, b], i) => placeCylinder(this.limbs[i], positions[a], positions[b]))
    const line = this.hierarchy.geometry.getAttribute('position') as THREE.BufferAttribute
    RIG_PARENTS.forEach((p, j) => {
      const from = p < 0 ? positions[j] : positions[p]
      line.setXYZ(2 * j, ...from)
      line.setXYZ(2 * j + 1, ...positions[j])
    })
    line.needsUpdate = true
  }

  /** The hands (finger bones and joints) and the face (points), in world space; empty arrays hide them. */
  setParts(hands: readonly (readonly Vec3[])[], face: readonly Vec3[]): void {
    const lines = hands.flatMap((hand) => HAND_EDGES.flatMap(([a, b]) => [...hand[a], ...hand[b]]))
    const points = [...hands.flat(), ...face].flatMap((p) => [...p])
    this.partLines.geometry.setAttribute('position', new THREE.Float32BufferAttribute(lines, 3))
    this.partPoints.geometry.setAttribute('position', new THREE.Float32BufferAttribute(points, 3))
  }

  /**
   * Faded stick figures of neighbouring poses (onion skin). The ghosts' lines and materials are kept and
   * updated in place: recreating them on every frame step or drag move made WebGL relink shaders (issue 13).
   */
  setGhosts(ghosts: readonly { positions: readonly Vec3[]; opacity: number; later: boolean }[]): void {
    const pool = this.ghosts.children as THREE.LineSegments[]
    ghosts.forEach((ghost, i) => {
      const line = pool[i] ?? this.addGhostLine()
      const position = line.geometry.getAttribute('position') as THREE.BufferAttribute
      let at = 0
      for (const [a, b] of OPENPOSE_LIMBS) {
        position.setXYZ(at++, ...ghost.positions[a])
        position.setXYZ(at++, ...ghost.positions[b])
      }
      position.needsUpdate = true
      line.geometry.computeBoundingSphere()
      const material = line.material as THREE.LineBasicMaterial
      material.color.setHex(ghost.later ? 0x4fc3f7 : 0xff8a65)
      material.opacity = ghost.opacity
      line.visible = true
    })
    for (let i = ghosts.length; i < pool.length; i++) pool[i].visible = false
  }

  private addGhostLine(): THREE.LineSegments {
    const geometry = new THREE.BufferGeometry()
    geometry.setAttribute('position', new THREE.Float32BufferAttribute(OPENPOSE_LIMBS.length * 2 * 3, 3))
    const line = new THREE.LineSegments(geometry, new THREE.LineBasicMaterial({ transparent: true }))
    this.ghosts.add(line)
    return line
  }

  /** The source image on the z = 0 plane, exactly under the rest pose. */
  setImage(texture: THREE.Texture | null, aspect: number): void {
    if (this.imagePlane) {
      this.group.remove(this.imagePlane)
      this.imagePlane.geometry.dispose()
      ;(this.imagePlane.material as THREE.Material).dispose()
      this.imagePlane = null
    }
    if (!texture) return
    const material = new THREE.MeshBasicMaterial({ map: texture, transparent: true, opacity: 0.55, depthWrite: false })
    this.imagePlane = new THREE.Mesh(new THREE.PlaneGeometry(aspect, 1), material)
    this.imagePlane.renderOrder = -1
    this.group.add(this.imagePlane)
  }

  dispose(): void {
    this.clearGhosts()
    this.setImage(null, 1)
    this.sphere.dispose()
    this.cylinder.dispose()
    this.hierarchy.geometry.dispose()
    for (const o of [this.partLines, this.partPoints]) {
      o.geometry.dispose()
      ;(o.material as THREE.Material).dispose()
    }
    this.imageFrame.geometry.dispose()
    ;(this.imageFrame.material as THREE.Material).dispose()
    ;(this.hierarchy.material as THREE.Material).dispose()
    for (const mesh of [...this.joints, ...this.limbs]) (mesh.material as THREE.Material).dispose()
  }

  private clearGhosts(): void {
    for (const child of [...this.ghosts.children] as THREE.LineSegments[]) {
      child.geometry.dispose()
      ;(child.material as THREE.Material).dispose()
      this.ghosts.remove(child)
    }
  }
}

/** A unit cylinder along +y (base at the origin) stretched from a to b. */
function placeCylinder(mesh: THREE.Mesh, a: Vec3, b: Vec3): void {
  const from = new THREE.Vector3(...a)
  const dir = new THREE.Vector3(...b).sub(from)
  const length = dir.length()
  mesh.visible = length > 1e-9
  if (!mesh.visible) return
  mesh.position.copy(from)
  mesh.quaternion.setFromUnitVectors(UP, dir.divideScalar(length))
  mesh.scale.set(1, length, 1)
}
