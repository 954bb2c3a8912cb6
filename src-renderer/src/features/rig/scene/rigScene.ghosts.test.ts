// Onion-skin ghosts are updated in place (issue 13, finding 8): stepping frames or dragging must not create
// new lines or materials (each new material made WebGL relink its shaders), yet must show the new poses.
import * as THREE from 'three'
import { expect, it } from 'vitest'
import { RigSceneObjects } from './rigScene'

type Vec3 = [number, number, number]
const pose = (dx: number): Vec3[] => Array.from({ length: 18 }, (_, i) => [i * 0.01 + dx, i * 0.02, 0])
const ghostLines = (scene: RigSceneObjects) => {
  const lines: THREE.LineSegments[] = []
  scene.group.traverse((o) => {
    if (o instanceof THREE.LineSegments && (o.material as THREE.LineBasicMaterial).transparent) lines.push(o)
  })
  return lines
}

it('reuses the ghost lines and materials, moving their points and hiding the ones not needed', () => {
  const scene = new RigSceneObjects()
  scene.setGhosts([
    { positions: pose(0), opacity: 0.4, later: false },
    { positions: pose(0.1), opacity: 0.2, later: true },
  ])
  const [first, second] = ghostLines(scene)
  const materials = [first.material, second.material]
  const x0 = first.geometry.getAttribute('position').getX(0)

  scene.setGhosts([{ positions: pose(0.5), opacity: 0.3, later: true }])
  const after = ghostLines(scene)
  expect(after).toEqual([first, second]) // the same objects
  expect([after[0].material, after[1].material]).toEqual(materials)
  expect(first.geometry.getAttribute('position').getX(0)).toBeCloseTo(x0 + 0.5)
  expect((first.material as THREE.LineBasicMaterial).opacity).toBe(0.3)
  expect((first.material as THREE.LineBasicMaterial).color.getHex()).toBe(0x4fc3f7)
  expect([first.visible, second.visible]).toEqual([true, false])
  scene.dispose()
})
