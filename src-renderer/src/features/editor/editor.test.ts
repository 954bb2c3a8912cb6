import { describe, expect, it } from 'vitest'
import { quatFromAxisAngle } from '../../../../src-preload/motion/rig/math/quat'
import { Joint } from '../../../../src-preload/motion/rig/skeleton'
import { TestRig } from '../rig/tools/testRig'
import { AnimationEditor } from './editor'
import { STANDING_FRONT } from '../../../../src-preload/motion/testing/samplePoses'

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
