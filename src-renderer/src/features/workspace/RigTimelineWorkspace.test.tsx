// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Joint } from '../../../../src-preload/motion/rig/skeleton'
import { PORTRAIT_ASPECT, STANDING_FRONT, withMissing } from '../../../../src-preload/motion/testing/samplePoses'
import { FACE_EXPRESSIONS } from '../../../../src-preload/motion/rig/face'
import { HAND_LIBRARY } from '../../../../src-preload/motion/rig/handLibrary'
import { key, renderDom, run, type Rendered } from '../testing/renderDom'
import { RigTimelineWorkspace, type KeyframesChange } from './RigTimelineWorkspace'

describe('RigTimelineWorkspace', () => {
  let view: Rendered | null = null
  afterEach(() => {
    view?.unmount()
    view = null
  })

  it('says what to do first when there is no source pose', () => {
    view = renderDom(<RigTimelineWorkspace sourcePose={null} imageAspect={1} fps={24} frameCount={48} />)
    expect(view.get('workspace-empty').textContent).toMatch(/detect its pose/)
    view.rerender(
      <RigTimelineWorkspace sourcePose={withMissing(STANDING_FRONT, [...Array(18).keys()])} imageAspect={1} fps={24} frameCount={48} />, // prettier-ignore
    )
    expect(view.query('workspace-empty')).not.toBeNull()
    view.rerender(
      <RigTimelineWorkspace sourcePose={STANDING_FRONT.slice(0, 17)} imageAspect={1} fps={24} frameCount={48} />,
    )
    expect(view.get('workspace-empty').textContent).toMatch(/needs 18 keypoints in OpenPose-18 order, got 17/)
  })

  it('mounts rig, toolbar and timeline, explains a missing WebGL, and reports keys with their pose sequence', () => {
    const changes: KeyframesChange[] = []
    const onChange = vi.fn((c: KeyframesChange) => changes.push(c))
    const pose = withMissing(STANDING_FRONT, [Joint.LEar])
    view = renderDom(
      <RigTimelineWorkspace sourcePose={pose} imageAspect={PORTRAIT_ASPECT} fps={12} frameCount={24} onChange={onChange} />, // prettier-ignore
    )
    expect(view.get('rig-toolbar')).toBeTruthy()
    expect(view.get('rig-view-failure').textContent).toMatch(/needs WebGL/)
    key('ArrowRight', { shiftKey: true })
    expect(view.get('frame-counter').textContent).toBe('10 / 23')
    key('m')
    expect(view.get('draft-note')).toBeTruthy()
    key('k')
    expect(changes).toHaveLength(1)
    expect(changes[0].keyframes.map((k) => k.frame)).toEqual([10])
    expect(changes[0].sequence).toHaveLength(24)
    expect(changes[0].sequence[0][Joint.LEar]).toBeNull()
    // Mirroring mirrors the change from the source pose (none yet), so the key projects onto the source.
    expect(changes[0].sequence[10][Joint.RWrist]!.x).toBeCloseTo(STANDING_FRONT[Joint.RWrist]!.x, 12)
    expect(changes[0].sequence[10][Joint.RWrist]!.y).toBeCloseTo(STANDING_FRONT[Joint.RWrist]!.y, 12)
    key('z', { ctrlKey: true })
    expect(changes.at(-1)!.keyframes).toEqual([])
    key('z', { ctrlKey: true, shiftKey: true })
    expect(changes.at(-1)!.keyframes).toHaveLength(1)
  })

  it('applies a hand pose from the library and a face expression to the pose; K keys them, undo takes them off', () => {
    const changes: KeyframesChange[] = []
    view = renderDom(
      <RigTimelineWorkspace sourcePose={STANDING_FRONT} imageAspect={1} fps={24} frameCount={24} onChange={(c) => changes.push(c)} />, // prettier-ignore
    )
    const choose = (testId: string, value: string) =>
      run(() => {
        const select = view!.get(testId) as HTMLSelectElement
        select.value = value
        select.dispatchEvent(new Event('change', { bubbles: true }))
      })
    key('End')
    choose('hand-pose-right', 'fist')
    choose('face-expression', 'smile')
    expect((view.get('hand-pose-right') as HTMLSelectElement).value).toBe('fist')
    expect((view.get('hand-pose-left') as HTMLSelectElement).value).toBe('none')
    key('k')
    const keyed = changes.at(-1)!.keyframes[0].pose
    expect(keyed.hands).toEqual({ left: null, right: HAND_LIBRARY.fist })
    expect(keyed.face).toEqual(FACE_EXPRESSIONS.smile)
    key('z', { ctrlKey: true }) // the key
    key('z', { ctrlKey: true }) // the face
    expect((view.get('face-expression') as HTMLSelectElement).value).toBe('none')
    expect((view.get('hand-pose-right') as HTMLSelectElement).value).toBe('fist')
  })

  it('follows a new frame count from the project, dropping keys past the end', () => {
    const onChange = vi.fn()
    const props = { sourcePose: STANDING_FRONT, imageAspect: 1, fps: 24, onChange }
    view = renderDom(<RigTimelineWorkspace {...props} frameCount={48} />)
    key('End')
    key('k')
    view.rerender(<RigTimelineWorkspace {...props} frameCount={24} />)
    expect(view.get('frame-counter').textContent).toBe('23 / 23')
    expect(onChange.mock.calls.at(-1)![0].keyframes).toEqual([])
  })
})
