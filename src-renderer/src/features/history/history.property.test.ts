// Property: undo/redo restores the exact document after random seeded edits made through the real tools.
import { describe, expect, it } from 'vitest'
import { mulQuat, quatFromAxisAngle } from '../../../../src-preload/motion/rig/math/quat'
import { restPose } from '../../../../src-preload/motion/rig/pose'
import { Joint } from '../../../../src-preload/motion/rig/skeleton'
import { TestRig } from '../rig/tools/testRig'
import { seededRandom, type Random } from '../../../../src-preload/motion/testing/random'
import { EASINGS } from '../../../../src-preload/motion/timeline/easing'

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
