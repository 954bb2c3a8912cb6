import { describe, expect, it } from 'vitest'
import { angleBetweenQuats, quatFromAxisAngle, mulQuat } from '../../../../../src-preload/motion/rig/math/quat'
import { distance3 } from '../../../../../src-preload/motion/rig/math/vec3'
import { Joint } from '../../../../../src-preload/motion/rig/skeleton'
import { TestRig } from './testRig'

const screenDistance = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y)

describe('select tool', () => {
  it('drags a hand with IK as one undoable gesture, landing within 1 px of the pointer', () => {
    const rig = new TestRig()
    const rest = rig.editor.pose
    rig.pointerDown(Joint.LWrist).expectToBeIn('select.pointing')
    rig.pointerMove(-20, -30).expectToBeIn('select.dragging').pointerMove(-15, -25).pointerMove(-10, -10)
    expect(screenDistance(rig.screenOf(Joint.LWrist), rig.pointerPosition)).toBeLessThan(1)
    rig.pointerUp().expectToBeIn('select.idle')
    expect(rig.editor.history.numUndos).toBe(1)
    expect(rig.editor.pose.lengths).toEqual(rest.lengths)
    rig.editor.undo()
    expect(rig.editor.pose).toEqual(rest)
  })

  it('a drag computes from the pose at pointer-down, so where it wandered before the end does not matter', () => {
    const [wandering, straight] = [new TestRig(), new TestRig()]
    for (const rig of [wandering, straight]) rig.editor.toggleLengthLock() // unlocked: a far reach stretches
    const end = { x: -25, y: -20 }
    wandering
      .pointerDown(Joint.RWrist)
      .pointerMove(-200, 150)
      .pointerMove(200 + end.x, -150 + end.y)
      .pointerUp()
    straight.pointerDown(Joint.RWrist).pointerMove(end.x, end.y).pointerUp()
    expect(screenDistance(wandering.screenOf(Joint.RWrist), straight.screenOf(Joint.RWrist))).toBeLessThan(1e-9)
    wandering.editor.pose.lengths.forEach((l, j) => expect(l).toBeCloseTo(straight.editor.pose.lengths[j], 12))
    expect(wandering.editor.history.numUndos).toBe(1)
  })

  it('a click selects a joint without touching the pose or the history', () => {
    const rig = new TestRig()
    rig.pointerDown(Joint.RKnee).pointerMove(1, 1).expectToBeIn('select.pointing').pointerUp()
    expect(rig.editor.selectedJoint).toBe(Joint.RKnee)
    expect(rig.editor.history.numUndos).toBe(0)
    rig.pointerDown({ x: 2, y: 2 }).pointerMove(40, 0).pointerUp() // a camera drag keeps the selection
    expect(rig.editor.selectedJoint).toBe(Joint.RKnee)
    rig.pointerDown({ x: 2, y: 2 }).pointerUp().expectToBeIn('select.idle')
    expect(rig.editor.selectedJoint).toBeNull()
  })

  it('rotate mode turns the bones under a joint by the swept angle', () => {
    const rig = new TestRig()
    rig.editor.setToolMode('rotate')
    const elbow = rig.screenOf(Joint.RElbow)
    // Grab the elbow a little to its right, then sweep a quarter turn clockwise around it.
    rig
      .pointerDown({ x: elbow.x + 4, y: elbow.y })
      .pointerMove(-4, 40)
      .expectToBeIn('select.rotating')
      .pointerUp()
    const world = rig.editor.world
    const forearm = [0, 1].map((i) => world.positions[Joint.RWrist][i] - world.positions[Joint.RElbow][i])
    const restForearm = [0, 1].map((i) => rig.editor.rig.restPositions[Joint.RWrist][i] - rig.editor.rig.restPositions[Joint.RElbow][i]) // prettier-ignore
    const turned = Math.atan2(forearm[1], forearm[0]) - Math.atan2(restForearm[1], restForearm[0])
    expect(Math.cos(turned)).toBeCloseTo(0, 9)
    expect(Math.sin(turned)).toBeCloseTo(-1, 9) // clockwise on screen = clockwise in y-up world
    expect(distance3(world.positions[Joint.RWrist], world.positions[Joint.RElbow])).toBeCloseTo(rig.editor.rig.restLengths[Joint.RWrist], 12) // prettier-ignore
    expect(rig.editor.history.numUndos).toBe(1)
  })

  it('Escape mid-drag puts everything back and records nothing', () => {
    const rig = new TestRig()
    const before = rig.editor.doc
    rig.pointerDown(Joint.RAnkle).pointerMove(30, -50).expectToBeIn('select.dragging').cancel()
    rig.expectToBeIn('select.idle')
    expect(rig.editor.doc).toEqual(before)
    expect(rig.editor.history.numUndos).toBe(0)
  })

  it('the rotate gizmo is one gesture however many changes it reports', () => {
    const rig = new TestRig()
    const start = rig.editor.world.rotations[Joint.LShoulder]
    const steps = [0.1, 0.3, 0.6].map((a) => mulQuat(quatFromAxisAngle([1, 0, 0], a), start))
    rig.gizmoRotate(Joint.LShoulder, steps).expectToBeIn('select.idle')
    expect(rig.editor.history.numUndos).toBe(1)
    expect(angleBetweenQuats(rig.editor.world.rotations[Joint.LShoulder], steps[2])).toBeLessThan(1e-9)
  })

  it('dragging the pelvis moves the whole body', () => {
    const rig = new TestRig()
    const ankle = rig.screenOf(Joint.LAnkle)
    rig.pointerDown(Joint.Pelvis).pointerMove(25, 0).pointerUp()
    expect(rig.screenOf(Joint.LAnkle).x - ankle.x).toBeCloseTo(25, 9)
  })

  it('says which state it is in when a test expects another', () => {
    expect(() => new TestRig().expectToBeIn('select.dragging')).toThrow(/Expected tool state select.dragging/)
  })
})
