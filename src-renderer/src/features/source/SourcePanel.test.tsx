// @vitest-environment happy-dom
import { act } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SourceState } from '../../../../src-preload/api'
import { STANDING_FRONT } from '../../../../src-preload/motion/testing/samplePoses'
import { renderDom, type Rendered } from '../testing/renderDom'

// Mantine's autosize textarea listens for font loads; happy-dom has no document.fonts.
if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { value: new EventTarget() })
import { SourcePanel } from './SourcePanel'
import type { SourceController } from './useSource'

const EMPTY: SourceState = { image: null, pose: null, poseOrigin: null, mask: null, prompt: '', characterWords: [] }

function controller(over: Partial<SourceController> = {}): SourceController {
  const noop = vi.fn(async () => {})
  return {
    projectId: 'p.poseanim',
    state: EMPTY,
    loadError: null,
    imageUrl: null,
    mask: null,
    busy: null,
    problem: null,
    importWithDialog: noop,
    importFile: noop,
    detectPose: noop,
    placeTemplate: noop,
    savePose: noop,
    segmentMask: noop,
    saveMask: noop,
    saveText: noop,
    refuse: vi.fn(),
    dismissProblem: vi.fn(),
    ...over,
  }
}

function drop(target: Element, files: File[]) {
  act(() => {
    const event = new Event('drop', { bubbles: true, cancelable: true })
    Object.defineProperty(event, 'dataTransfer', { value: { files, types: files.length ? ['Files'] : [] } })
    target.dispatchEvent(event)
  })
}

describe('SourcePanel', () => {
  let view: Rendered | null = null
  afterEach(() => {
    view?.unmount()
    view = null
  })

  it('says what to do first, imports through the dialog or a dropped file, and shows problems', () => {
    const source = controller({ problem: { title: 'notes.txt cannot be the character image', text: 'notes.txt is not a PNG or JPEG image.' } }) // prettier-ignore
    view = renderDom(<SourcePanel source={source} />)
    expect(view.get('source-dropzone').textContent).toMatch(/Drop a picture of your character here/)
    expect(view.get('source-problem').textContent).toMatch(/notes\.txt is not a PNG or JPEG image\./)
    act(() => view!.get('choose-image').click())
    expect(source.importWithDialog).toHaveBeenCalled()
    const file = new File(['x'], 'hero.png', { type: 'image/png' })
    drop(view.get('source-panel'), [file])
    expect(source.importFile).toHaveBeenCalledWith(file)
    drop(view.get('source-panel'), [])
    expect(source.refuse).toHaveBeenCalledWith('Nothing to import', expect.stringMatching(/Drop an image file/))
  })

  it('shows the pose state, the mask coverage and offers to add missing joints', () => {
    const pose = STANDING_FRONT.map((k, j) => (j === 16 ? null : k))
    const source = controller({
      state: {
        ...EMPTY,
        image: { assetId: 'a', name: 'hero.png', width: 300, height: 400 },
        pose,
        poseOrigin: 'detected',
        prompt: 'a knight',
      },
      mask: { width: 2, height: 2, values: Uint8Array.from([255, 0, 0, 0]) },
    })
    view = renderDom(<SourcePanel source={source} />)
    expect(view.get('pose-status').textContent).toBe('detected')
    expect(view.get('mask-status').textContent).toBe('25 % of the image')
    expect(view.get('source-name').textContent).toBe('hero.png · 300×400')
    const add = [...view.get('pose-card').querySelectorAll('button')].find((b) => b.textContent === 'REar')!
    act(() => add.click())
    const placed = vi.mocked(source.savePose).mock.calls[0][0]
    expect(placed[16]).not.toBeNull()
    expect(view.get('word-chip-knight')).toBeTruthy()
  })
})
