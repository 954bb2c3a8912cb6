import { describe, expect, it } from 'vitest'
import type { RenderFrameList, RenderProgress } from '../../../../src-preload/api'
import { initialRenderState, renderReducer, stripFrames, type RenderAction, type RenderPanelState } from './renderState'
import { frameImage } from './testing/fakeStudio'

const list: RenderFrameList = {
  problem: null,
  checks: [],
  frames: [
    { frame: 0, state: 'current', imageId: 'f0v1' },
    { frame: 1, state: 'stale', imageId: 'f1v1' },
    { frame: 2, state: 'missing', imageId: null },
  ],
}
const progress = (p: Partial<RenderProgress>): RenderProgress => ({
  jobId: 'a',
  projectId: 'p.poseanim',
  kind: 'stale',
  stage: 'decode',
  stageIndex: 5,
  stageCount: 6,
  stageFraction: 0.5,
  fraction: 0.9,
  itemsDone: 1,
  itemsTotal: 2,
  etaSeconds: 1,
  state: 'running',
  ...p,
})
const run = (...actions: RenderAction[]): RenderPanelState => actions.reduce(renderReducer, initialRenderState)
const states = (s: RenderPanelState) => stripFrames(s).map((f) => f.state)

describe('render panel state', () => {
  it('shows frames of the running job as current, and keeps them so until the list is loaded again', () => {
    const running = run(
      { type: 'listLoaded', list },
      { type: 'imageLoaded', image: frameImage(1, 1) },
      { type: 'jobStarted', jobId: 'a', kind: 'stale' },
      { type: 'progress', progress: progress({}) },
      { type: 'frameRendered', jobId: 'a', image: frameImage(1, 2) },
    )
    expect(states(running)).toEqual(['current', 'current', 'missing'])
    expect(running.previous[1].imageId).toBe('f1v1') // for before/after
    expect(running.job!.stages).toEqual(['decode'])
    const done = renderReducer(running, { type: 'progress', progress: progress({ state: 'done' }) })
    expect(done.job).toBeNull()
    expect(done.outcome).toEqual({ jobId: 'a', kind: 'stale', state: 'done', message: undefined })
    expect(states(done)).toEqual(['current', 'current', 'missing'])
    expect(done.list!.frames[1].imageId).toBe('f1v2')
  })

  it('ignores other jobs, follows a job it did not start, and a late reply to start cannot revive a finished job', () => {
    const adopted = run({ type: 'progress', progress: progress({ jobId: 'b', kind: 'render' }) })
    expect(adopted.job).toMatchObject({ jobId: 'b', kind: 'render' })
    expect(renderReducer(adopted, { type: 'progress', progress: progress({ jobId: 'c' }) })).toBe(adopted)
    const finished = renderReducer(adopted, { type: 'progress', progress: progress({ jobId: 'b', state: 'failed', message: 'out of memory' }) }) // prettier-ignore
    expect(finished.outcome).toMatchObject({ state: 'failed', message: 'out of memory' })
    expect(renderReducer(finished, { type: 'jobStarted', jobId: 'b', kind: 'render' }).job).toBeNull()
  })

  it('drops images of frames the animation no longer has', () => {
    const s = run({ type: 'imageLoaded', image: frameImage(5) }, { type: 'listLoaded', list })
    expect(Object.keys(s.images)).toEqual([])
    expect(stripFrames(s)).toHaveLength(3)
  })
})
