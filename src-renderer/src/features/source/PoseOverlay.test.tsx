// @vitest-environment happy-dom
import { act } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Pose18 } from '../../../../src-preload/api'
import { STANDING_FRONT } from '../../../../src-preload/motion/testing/samplePoses'
import { renderDom, type Rendered } from '../testing/renderDom'
import { PoseOverlay } from './PoseOverlay'

function fire(target: Element, type: string, x: number, y: number, opts: { altKey?: boolean } = {}) {
  act(() => {
    target.dispatchEvent(new PointerEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y, pointerId: 1, button: 0, ...opts })) // prettier-ignore
  })
}

describe('PoseOverlay', () => {
  let view: Rendered | null = null
  afterEach(() => {
    view?.unmount()
    view = null
    vi.restoreAllMocks()
  })

  function mount(pose: Pose18, onChange: (p: Pose18) => void, interactive = true) {
    // The overlay covers a 300×400 image box at the page's origin.
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockReturnValue({ left: 0, top: 0, width: 300, height: 400 } as DOMRect) // prettier-ignore
    view = renderDom(<PoseOverlay pose={pose} width={300} height={400} interactive={interactive} onChange={onChange} />)
    return view
  }

  it('draws present joints and limbs only', () => {
    const pose = STANDING_FRONT.map((k, j) => (j === 4 ? null : k))
    mount(pose, () => {})
    expect(view!.query('pose-joint-RWrist')).toBeNull()
    expect(view!.get('pose-joint-RElbow').getAttribute('cx')).toBe(String(pose[3]!.x * 300))
    expect(view!.container.querySelectorAll('line')).toHaveLength(16) // 17 limbs, minus elbow–wrist
  })

  it('moves a dragged joint and saves once, on release', () => {
    const onChange = vi.fn()
    mount(STANDING_FRONT, onChange)
    const elbow = view!.get('pose-joint-RElbow')
    fire(elbow, 'pointerdown', 108, 168)
    fire(elbow, 'pointermove', 120, 180)
    fire(elbow, 'pointermove', 150, 200)
    expect(onChange).not.toHaveBeenCalled()
    expect(view!.get('pose-joint-RElbow').getAttribute('cx')).toBe('150')
    fire(elbow, 'pointerup', 150, 200)
    expect(onChange).toHaveBeenCalledTimes(1)
    const saved: Pose18 = onChange.mock.calls[0][0]
    expect(saved[3]).toEqual({ x: 0.5, y: 0.5, confidence: 1 })
    expect(saved.filter((k, j) => j !== 3)).toEqual(STANDING_FRONT.filter((k, j) => j !== 3))
  })

  it('removes a joint on Alt+click, and ignores the pointer when not interactive', () => {
    const onChange = vi.fn()
    mount(STANDING_FRONT, onChange)
    fire(view!.get('pose-joint-LEar'), 'pointerdown', 0, 0, { altKey: true })
    expect(onChange.mock.calls[0][0][17]).toBeNull()
    view!.unmount()
    onChange.mockClear()
    mount(STANDING_FRONT, onChange, false)
    const nose = view!.get('pose-joint-Nose')
    fire(nose, 'pointerdown', 150, 68)
    fire(nose, 'pointermove', 10, 10)
    fire(nose, 'pointerup', 10, 10)
    expect(onChange).not.toHaveBeenCalled()
  })
})
