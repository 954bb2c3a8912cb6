// @vitest-environment happy-dom
import { act } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ExportProgress } from '../../../../src-preload/api'
import type { StripFrame } from '../render/renderState'
import { frameImage, installFakeStudio, type FakeStudio } from '../render/testing/fakeStudio'
import { STANDING_FRONT } from '../../../../src-preload/motion/testing/samplePoses'
import { renderDom, type Rendered } from '../testing/renderDom'
import { RigTimelineWorkspace } from '../workspace/RigTimelineWorkspace'
import { ExportDialog } from './ExportDialog'

const PROJECT = 'wave.poseanim'
const rendered = (n: number, stale: number[] = []): StripFrame[] =>
  Array.from({ length: n }, (_, frame) => ({
    frame,
    state: stale.includes(frame) ? 'stale' : 'current',
    image: frameImage(frame),
    justRendered: false,
  }))

function exportProgress(p: Partial<ExportProgress>): ExportProgress {
  const base = { jobId: 'export-1', projectId: PROJECT, targetId: 'target-1', framesDone: 1, framesTotal: 3 }
  return { ...base, fraction: 1 / 3, state: 'running', ...p }
}

async function settle() {
  await act(async () => void (await new Promise((r) => setTimeout(r, 0))))
}
const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
async function click(id: string) {
  act(() => byTestId(id)!.click())
  await settle()
}
function keyOn(target: Element, key: string) {
  act(() => void target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })))
}

describe('ExportDialog', () => {
  let studio: FakeStudio
  let view: Rendered | null = null
  beforeEach(() => {
    studio = installFakeStudio()
  })
  afterEach(() => {
    view?.unmount()
    view = null
  })

  it('exports to the chosen place with the fps given, shows progress, then reveals the file', async () => {
    view = renderDom(<ExportDialog opened onClose={() => {}} projectId={PROJECT} fps={8} frames={rendered(3, [2])} />)
    await settle()
    expect(byTestId('export-stale')!.textContent).toMatch(/1 frame is stale/)
    expect(byTestId('export-start')).toHaveProperty('disabled', true)
    await click('export-choose')
    expect(studio.calls.at(-1)).toEqual({ channel: 'export.chooseTarget', arg: { projectId: PROJECT, format: 'mp4' } })
    expect(byTestId('export-target')!.textContent).toBe('/exports/clip.mp4')

    await click('export-start')
    expect(studio.calls.at(-1)).toEqual({
      channel: 'export.start',
      arg: { projectId: PROJECT, targetId: 'target-1', fps: 8 },
    })
    act(() => studio.emit('export.progress', exportProgress({})))
    expect(byTestId('export-progress')!.textContent).toMatch(/Writing frame 1 of 3/)
    expect(byTestId('export-cancel')).not.toBeNull()

    const file = { path: '/exports/clip.mp4', format: 'mp4' as const, frames: 3, width: 64, height: 64, fps: 8, bytes: 4096 } // prettier-ignore
    act(() => studio.emit('export.progress', exportProgress({ state: 'done', framesDone: 3, fraction: 1, file })))
    expect(byTestId('export-done')!.textContent).toMatch(/3 frames, 64×64 at 8 fps \(4 KB\)/)
    await click('export-reveal')
    expect(studio.calls.at(-1)).toEqual({ channel: 'export.reveal', arg: { targetId: 'target-1' } })
    expect(byTestId('export-revealed')!.textContent).toBe('/exports/clip.mp4')
  })

  it('shows a failed export in words and stays usable', async () => {
    view = renderDom(<ExportDialog opened onClose={() => {}} projectId={PROJECT} fps={8} frames={rendered(2)} />)
    await settle()
    await click('export-choose')
    await click('export-start')
    const message = 'Cannot write /ro/clip.mp4: the folder is read-only or you may not write there.'
    act(() => studio.emit('export.progress', exportProgress({ state: 'failed', message })))
    expect(byTestId('export-failed')!.textContent).toMatch(/read-only or you may not write there.*unchanged/)
    expect(byTestId('export-start')).toHaveProperty('disabled', false)
    expect(byTestId('export-choose')).toHaveProperty('disabled', false)
  })

  it('refuses to export while frames are missing', async () => {
    const frames = rendered(3)
    frames[1] = { ...frames[1], state: 'missing', image: null }
    view = renderDom(<ExportDialog opened onClose={() => {}} projectId={PROJECT} fps={8} frames={frames} />)
    await settle()
    await click('export-choose')
    expect(byTestId('export-missing')!.textContent).toMatch(/1 frame is not rendered yet \(1\)/)
    expect(byTestId('export-start')).toHaveProperty('disabled', true)
  })

  it('keeps its keys from the workspace shortcuts behind it; Escape closes it', async () => {
    const onChange = vi.fn()
    const onClose = vi.fn()
    const workspace = <RigTimelineWorkspace sourcePose={STANDING_FRONT} imageAspect={1} fps={8} frameCount={16} onChange={onChange} /> // prettier-ignore
    view = renderDom(
      <>
        {workspace}
        <ExportDialog opened onClose={onClose} projectId={PROJECT} fps={8} frames={rendered(2)} />
      </>,
    )
    await settle()
    const button = byTestId('export-choose')!
    for (const key of ['k', ' ', 'Delete', 'ArrowRight']) keyOn(button, key)
    expect(onChange).not.toHaveBeenCalled()
    expect(view.get('frame-counter').textContent).toBe('0 / 15')
    keyOn(document.body, 'k') // outside the dialog the habit still works
    expect(onChange).toHaveBeenCalledTimes(1)
    keyOn(button, 'Escape')
    expect(onClose).toHaveBeenCalled()
  })
})
