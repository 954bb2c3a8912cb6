import { describe, expect, it } from 'vitest'
import { seededRandom, type Random } from '../testing/random'
import { quatFromAxisAngle, mulQuat } from '../rig/math/quat'
import { restPose } from '../rig/pose'
import { Joint } from '../rig/skeleton'
import { TestRig } from '../rig/tools/testRig'
import { EASINGS } from '../timeline/easing'
import { AnimationEditor } from './editor'
import { STANDING_FRONT } from '../rig/testing/samplePoses'

describe('editing poses on the timeline', () => {
  it('keeps an edit on an unkeyed frame as a draft until K keys it', () => {
    const rig = new TestRig()
    const { editor } = rig
    editor.setFrame(10)
    rig.pointerDown(Joint.RWrist).pointerMove(30, -60).pointerUp()
    expect(editor.hasDraft).toBe(true)
    expect(editor.keyframes).toHaveLength(0)
    const drafted = editor.pose
    editor.keyPose()
    expect(editor.keyframes.map((k) => k.frame)).toEqual([10])
    expect(editor.keyframes[0].pose).toBe(drafted)
    expect(editor.hasDraft).toBe(false)
    // On a keyed frame an edit changes the key directly.
    rig.pointerDown(Joint.LWrist).pointerMove(-30, -30).pointerUp()
    expect(editor.keyframes[0].pose).toBe(editor.pose)
    expect(editor.history.undoLabels).toEqual(['drag RWrist', 'key pose', 'drag LWrist'])
  })

  it('auto-key writes edits straight into keys', () => {
    const rig = new TestRig()
    rig.editor.setAutoKey(true)
    rig.editor.setFrame(5)
    rig.editor.mirror()
    rig.editor.rotateJointBy(Joint.Head, quatFromAxisAngle([0, 1, 0], 0.5))
    expect(rig.editor.keyframes.map((k) => k.frame)).toEqual([5])
  })

  it('moves keys by dragging as one entry, and dragging back restores them', () => {
    const { editor } = new TestRig()
    for (const f of [0, 10, 20]) {
      editor.setFrame(f)
      editor.keyPose()
    }
    editor.selectKeys([10, 20])
    editor.beginKeyDrag()
    for (const d of [5, 40, -3, 2]) editor.updateKeyDrag(d)
    editor.endKeyDrag()
    expect(editor.keyframes.map((k) => k.frame)).toEqual([0, 12, 22])
    expect(editor.selectedKeys).toEqual([12, 22])
    expect(editor.history.numUndos).toBe(4)
    editor.undo()
    expect(editor.keyframes.map((k) => k.frame)).toEqual([0, 10, 20])
  })

  it('copies, pastes and deletes keys, and reports keys pasted past the end', () => {
    const { editor } = new TestRig({ frameCount: 12 })
    editor.setFrame(2)
    editor.keyPose()
    editor.setFrame(6)
    editor.mirror()
    editor.keyPose()
    editor.selectKeys([2, 6])
    editor.copySelectedKeys()
    editor.setFrame(9)
    expect(editor.pasteKeys()).toBe(1)
    expect(editor.keyframes.map((k) => k.frame)).toEqual([2, 6, 9])
    editor.selectKeys([2, 9])
    editor.deleteSelectedKeys()
    expect(editor.keyframes.map((k) => k.frame)).toEqual([6])
  })

  it('rejects timings a user could type wrong', () => {
    const make = (fps: number, frameCount: number) => () =>
      new AnimationEditor({ source: STANDING_FRONT, aspect: 1, fps, frameCount })
    expect(make(0, 10)).toThrow(/frame rate must be positive/)
    expect(make(24, 0)).toThrow(/whole number of frames/)
    expect(make(24, 2.5)).toThrow(/whole number of frames/)
  })
})

/** One random user edit through the tools or the editor API. */
function randomEdit(rig: TestRig, rnd: Random): void {
  const { editor } = rig
  const joints = [Joint.LWrist, Joint.RWrist, Joint.LAnkle, Joint.RAnkle, Joint.LElbow, Joint.Nose, Joint.Pelvis]
  switch (rnd.int(0, 10)) {
    case 0:
    case 1:
      editor.setToolMode(rnd.pick(['move', 'rotate'] as const))
      rig.pointerDown(rnd.pick(joints))
      for (let i = 0; i < 4; i++) rig.pointerMove(rnd.range(-15, 15), rnd.range(-15, 15))
      rig.pointerUp()
      return
    case 2: {
      const joint = rnd.pick([Joint.Spine, Joint.Head, Joint.LShoulder, Joint.RHip])
      const start = editor.world.rotations[joint]
      const axis = [rnd.range(-1, 1), rnd.range(-1, 1), rnd.range(-1, 1)] as const
      rig.gizmoRotate(
        joint,
        [0.2, 0.5].map((a) => mulQuat(quatFromAxisAngle(axis, a * rnd.range(-2, 2)), start)),
      )
      return
    }
    case 3:
      return editor.mirror()
    case 4:
      return editor.keyPose()
    case 5:
      return editor.setFrame(rnd.int(0, editor.frameCount))
    case 6:
      editor.selectKeys(editor.keyframes.filter(() => rnd.next() < 0.5).map((k) => k.frame))
      return rnd.next() < 0.5 ? editor.deleteSelectedKeys() : editor.setSelectedEasing(rnd.pick(EASINGS))
    case 7:
      editor.selectKeys(editor.keyframes.slice(0, 2).map((k) => k.frame))
      editor.beginKeyDrag()
      editor.updateKeyDrag(rnd.int(-8, 9))
      return editor.endKeyDrag()
    case 8:
      if (rnd.next() < 0.5) editor.toggleLengthLock()
      return editor.dragJointTo(rnd.pick(joints), [rnd.range(-0.3, 0.3), rnd.range(-0.4, 0.4), rnd.range(-0.1, 0.1)])
    default:
      return editor.resetToSource(rnd.next() < 0.5)
  }
}

describe('undo/redo (property, seeded)', () => {
  for (const seed of [1, 2, 3]) {
    it(`restores exact documents across 20 random edits (seed ${seed})`, () => {
      const rnd = seededRandom(seed)
      const rig = new TestRig()
      const snapshots = [structuredClone(rig.editor.doc)]
      while (rig.editor.history.numUndos < 20) {
        const before = rig.editor.history.numUndos
        randomEdit(rig, rnd)
        if (rig.editor.history.numUndos > before) snapshots.push(structuredClone(rig.editor.doc))
        expect(rig.editor.history.numUndos).toBe(snapshots.length - 1) // one entry per gesture, never more
      }
      for (let i = snapshots.length - 2; i >= 0; i--) {
        rig.editor.undo()
        expect(rig.editor.doc).toEqual(snapshots[i])
      }
      expect(rig.editor.doc.keyframes).toEqual([])
      expect(rig.editor.pose).toEqual(restPose(rig.editor.rig))
      for (let i = 1; i < snapshots.length; i++) {
        rig.editor.redo()
        expect(rig.editor.doc).toEqual(snapshots[i])
      }
    })
  }
})
