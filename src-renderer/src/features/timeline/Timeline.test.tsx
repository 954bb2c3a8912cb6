// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TestRig } from '../rig/tools/testRig'
import { pointer, renderDom, run, type Rendered } from '../testing/renderDom'
import { Timeline } from './Timeline'

const TRACK_WIDTH = 470 // 48 frames → 10 px per frame

describe('Timeline', () => {
  let view: Rendered | null = null
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({ left: 0, top: 0, width: TRACK_WIDTH, height: 44, right: TRACK_WIDTH, bottom: 44, x: 0, y: 0, toJSON: () => ({}) }) // prettier-ignore
  })
  afterEach(() => {
    view?.unmount()
    vi.restoreAllMocks()
  })

  function setup() {
    const { editor } = new TestRig({ frameCount: 48 })
    for (const f of [0, 10, 30]) {
      editor.setFrame(f)
      editor.keyPose()
    }
    editor.selectKeys([])
    const onToggle = vi.fn()
    view = renderDom(<Timeline editor={editor} playing={false} onTogglePlay={onToggle} />)
    return { editor, view, onToggle }
  }

  it('draws a diamond per key and a playhead, and says what to do when there are none', () => {
    const { editor, view } = setup()
    expect(view.container.querySelectorAll('[data-keyframe]')).toHaveLength(3)
    expect(view.get('playhead').style.left).toBe(`${(30 / 47) * 100}%`)
    expect(view.query('timeline-empty')).toBeNull()
    run(() => editor.history.reset({ keyframes: [], draft: null }))
    expect(view.get('timeline-empty').textContent).toMatch(/press K to key frame 30/)
  })

  it('scrubs the playhead by pressing and dragging on the track', () => {
    const { editor, view } = setup()
    const track = view.get('timeline-track')
    pointer(track, 'pointerdown', 52)
    expect(editor.frame).toBe(5)
    pointer(track, 'pointermove', 200)
    pointer(track, 'pointerup', 200)
    expect(editor.frame).toBe(20)
    expect(view.get('frame-counter').textContent).toBe('20 / 47')
    expect(editor.history.numUndos).toBe(3) // scrubbing is not an edit
  })

  it('selects and drags keys as one undoable move', () => {
    const { editor, view } = setup()
    const diamond = view.container.querySelector('[data-keyframe="10"]')!
    pointer(diamond, 'pointerdown', 100)
    pointer(view.get('timeline-track'), 'pointermove', 150)
    pointer(view.get('timeline-track'), 'pointermove', 160)
    pointer(view.get('timeline-track'), 'pointerup', 160)
    expect(editor.keyframes.map((k) => k.frame)).toEqual([0, 16, 30])
    expect(view.container.querySelector('[data-keyframe="16"]')!.hasAttribute('data-selected')).toBe(true)
    expect(editor.history.numUndos).toBe(4)
    run(() => editor.undo())
    expect(editor.keyframes.map((k) => k.frame)).toEqual([0, 10, 30])
    expect(editor.selectedKeys).toEqual([]) // the moved keys are gone, so is their selection
    // Shift-click adds to the selection; Delete button removes both.
    pointer(view.container.querySelector('[data-keyframe="0"]')!, 'pointerdown', 0, { shiftKey: true })
    pointer(view.get('timeline-track'), 'pointerup', 0)
    pointer(view.container.querySelector('[data-keyframe="30"]')!, 'pointerdown', 300, { shiftKey: true })
    pointer(view.get('timeline-track'), 'pointerup', 300)
    expect(editor.selectedKeys).toEqual([0, 30])
  })

  it('plays on the play button and keys on the key button', () => {
    const { editor, view, onToggle } = setup()
    const buttons = [...view.container.querySelectorAll('button')]
    buttons.find((b) => b.getAttribute('aria-label') === 'Play')!.click()
    expect(onToggle).toHaveBeenCalledOnce()
    run(() => editor.setFrame(40))
    pointer(view.get('timeline-track'), 'pointerup', 0)
    ;[...view.container.querySelectorAll('button')].find((b) => b.textContent === 'Add key')!.click()
    expect(editor.keyframes.map((k) => k.frame)).toEqual([0, 10, 30, 40])
  })
})
