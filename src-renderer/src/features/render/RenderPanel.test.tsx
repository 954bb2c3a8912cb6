// @vitest-environment happy-dom
import { act } from 'react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RenderProgress } from '../../../../src-preload/api'
import { renderDom, type Rendered } from '../testing/renderDom'
import { RenderPanel } from './RenderPanel'
import { frameImage, installFakeStudio, type FakeStudio } from './testing/fakeStudio'

const PROJECT = 'wave.poseanim'

function progress(p: Partial<RenderProgress>): RenderProgress {
  return {
    jobId: 'job-1',
    projectId: PROJECT,
    kind: 'render',
    stage: 'pacm-frames',
    stageIndex: 3,
    stageCount: 6,
    stageFraction: 0.5,
    fraction: 0.4,
    itemsDone: 1,
    itemsTotal: 2,
    etaSeconds: 75,
    state: 'running',
    ...p,
  }
}

/** Lets pending studio calls resolve and React render what they changed. */
async function settle(ms = 0) {
  await act(async () => void (await new Promise((r) => setTimeout(r, ms))))
}

async function click(el: HTMLElement) {
  act(() => el.click())
  await settle()
}

function typeInto(input: HTMLElement, value: string) {
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!
  act(() => {
    setValue.call(input, value)
    input.dispatchEvent(new Event('input', { bubbles: true }))
  })
}

describe('RenderPanel', () => {
  let studio: FakeStudio
  let view: Rendered | null = null
  const channels = () => studio.calls.map((c) => c.channel)
  const strip = () => [...view!.container.querySelectorAll<HTMLElement>('[data-testid="strip-frame"]')]

  beforeEach(() => {
    studio = installFakeStudio()
  })
  afterEach(() => {
    view?.unmount()
    view = null
  })

  it('says what the project still needs, and what to do when nothing is rendered', async () => {
    studio.problem = 'wave.poseanim has no source image: import the character image first.'
    view = renderDom(<RenderPanel projectId={PROJECT} fps={8} />)
    await settle()
    expect(view.get('render-problem').textContent).toMatch(/import the character image first/)
    studio.problem = null
    view.rerender(<RenderPanel projectId={PROJECT} fps={8} revision={2} />)
    await settle()
    expect(view.query('render-problem')).toBeNull()
    expect(view.get('render-empty').textContent).toMatch(/Press Render/)
  })

  it('lists every preflight problem at once, each button opens its tab, and Render waits for them', async () => {
    studio.problem = 'The project has no prompt: describe the picture in the Source tab.'
    studio.checks = [
      { message: studio.problem, fix: 'source' },
      { message: 'The project has no model: choose one in the Models tab.', fix: 'models' },
    ]
    const opened: string[] = []
    view = renderDom(<RenderPanel projectId={PROJECT} fps={8} onOpenTab={(t) => opened.push(t)} />)
    await settle()
    expect(view.container.querySelectorAll('[data-testid="render-check"]')).toHaveLength(2)
    expect((view.get('render-start') as HTMLButtonElement).disabled).toBe(true)
    await click(view.get('render-check-fix-source'))
    await click(view.get('render-check-fix-models'))
    expect(opened).toEqual(['source', 'models'])
    studio.problem = null
    studio.checks = []
    view.rerender(<RenderPanel projectId={PROJECT} fps={8} revision={2} onOpenTab={(t) => opened.push(t)} />)
    await settle()
    expect(view.query('render-problem')).toBeNull()
    expect((view.get('render-start') as HTMLButtonElement).disabled).toBe(false)
  })

  it('switches to the draft preset and saves it before the render starts', async () => {
    view = renderDom(<RenderPanel projectId={PROJECT} fps={8} />)
    await settle()
    const draft = view.container.querySelector<HTMLInputElement>('[data-testid="render-preset"] input[value="draft"]')!
    act(() => draft.click())
    await settle()
    expect(view.get('render-start').textContent).toBe('Render draft')
    await click(view.get('render-start'))
    const saved = studio.calls.find((c) => c.channel === 'render.saveSettings')
    expect(saved?.arg).toMatchObject({ settings: { preset: 'draft' } })
  })

  it('saves edited settings before it starts, then shows stage, ETA and frames as they arrive', async () => {
    studio.frames = [0, 1, 2].map((frame) => ({ frame, state: 'missing', imageId: null }))
    view = renderDom(<RenderPanel projectId={PROJECT} fps={8} />)
    await settle()
    await click(view.get('toggle-settings'))
    typeInto(view.get('setting-steps'), '3')
    await click(view.get('render-start'))
    expect(channels().filter((c) => c.startsWith('render.s'))).toEqual(['render.settings', 'render.saveSettings', 'render.start']) // prettier-ignore
    expect(studio.calls.find((c) => c.channel === 'render.saveSettings')!.arg).toMatchObject({ settings: { steps: 3 } })

    act(() => studio.emit('render.progress', progress({})))
    expect(view.get('render-stage').textContent).toMatch(/Stage 4 of 6.*Per-frame pose-aware embeddings.*1 \/ 2/)
    expect(view.get('render-eta').textContent).toBe('about 1 min 15 s left')
    expect(view.get('render-start')).toHaveProperty('disabled', true)

    act(() => studio.emit('render.frame', { jobId: 'job-1', projectId: PROJECT, image: frameImage(0) }))
    act(() => studio.emit('render.frame', { jobId: 'job-1', projectId: 'other.poseanim', image: frameImage(1) }))
    expect(strip().map((f) => f.dataset.state)).toEqual(['current', 'missing', 'missing'])
    expect(strip()[0].querySelector('img')!.getAttribute('src')).toBe(frameImage(0).dataUrl)

    studio.frames = [0, 1, 2].map((frame) => ({ frame, state: 'current', imageId: `f${frame}v1` }))
    const listsBefore = channels().filter((c) => c === 'render.frames').length
    act(() => studio.emit('render.progress', progress({ state: 'done', fraction: 1 })))
    await settle()
    expect(channels().filter((c) => c === 'render.frames').length).toBe(listsBefore + 1)
    expect(view.get('render-outcome').textContent).toBe('Render finished.')
    expect(strip().every((f) => f.querySelector('img'))).toBe(true)
    expect(view.get('render-frame-count').textContent).toBe('3 / 3 frames rendered')
  })

  it('cancels the running job and says finished work is kept', async () => {
    view = renderDom(<RenderPanel projectId={PROJECT} fps={8} />)
    await settle()
    await click(view.get('render-start'))
    await click(view.get('render-cancel'))
    expect(studio.calls.at(-1)).toEqual({ channel: 'render.cancel', arg: { jobId: 'job-1' } })
    act(() => studio.emit('render.progress', progress({ state: 'cancelled', message: 'The render was cancelled.' })))
    await settle()
    expect(view.get('render-outcome').textContent).toMatch(/cancelled.*Finished work is kept/)
  })

  it('marks stale frames, re-renders one with before/after, and re-renders the stale ones', async () => {
    studio.frames = [
      { frame: 0, state: 'current', imageId: 'f0v1' },
      { frame: 1, state: 'stale', imageId: 'f1v1' },
      { frame: 2, state: 'stale', imageId: 'f2v1' },
    ]
    view = renderDom(<RenderPanel projectId={PROJECT} fps={8} />)
    await settle()
    expect(view.get('stale-count').textContent).toBe('2 stale')
    expect(strip().map((f) => f.dataset.state)).toEqual(['current', 'stale', 'stale'])

    await click(strip()[1])
    expect(view.get('frame-state-text').textContent).toMatch(/^Stale/)
    await click(view.get('rerender-frame'))
    expect(studio.calls.at(-1)).toEqual({ channel: 'render.rerenderFrame', arg: { projectId: PROJECT, frame: 1 } })
    act(() => studio.emit('render.frame', { jobId: 'job-1', projectId: PROJECT, image: frameImage(1, 2) }))
    studio.frames[1] = { frame: 1, state: 'current', imageId: 'f1v2' }
    act(() => studio.emit('render.progress', progress({ kind: 'frame', state: 'done' })))
    await settle()
    expect(view.get('stale-count').textContent).toBe('1 stale')
    expect(view.get('render-outcome').textContent).toBe('Frame re-rendered.')

    await click(view.get('compare-toggle').querySelectorAll('input')[1] as HTMLElement)
    const shots = [...view.get('before-after').querySelectorAll('img')].map((img) => img.getAttribute('src'))
    expect(shots).toEqual([frameImage(1, 1).dataUrl, frameImage(1, 2).dataUrl])

    await click(view.get('rerender-stale'))
    expect(studio.calls.at(-1)).toEqual({ channel: 'render.rerenderStale', arg: { projectId: PROJECT } })
  })
})
