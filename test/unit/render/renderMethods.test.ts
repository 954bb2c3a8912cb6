// The studio's render engine methods on the demo project (a fast copy: 64², 2 steps, 2 frames) through
// the real engine process: a job streams each finished frame, the frame list tells current from stale
// after a pose edit, a single-frame job makes that frame current, settings round-trip and are checked.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { RenderFrameList } from '../../../src-preload/api'
import { EngineHost } from '../../../src-main/engine/host/client'
import type { EngineMethods } from '../../../src-main/engine/host/handlers'
import type { RenderJobUpdate } from '../../../src-main/engine/host/handlers/renderJob'
import { forkTransport } from '../../../src-main/engine/host/transports/node'
import { toRenderSettings, withRenderSettings } from '../../../src-main/engine/host/handlers/renderFrames'
import { parsePipelineSettings } from '../../../src-main/engine/diffusion/settings'
import { writeFastDemo } from '../demo/fastDemo'

// Compiled graphs and the generated demo model persist between runs (keyed by content); projects do not.
const home = join(tmpdir(), 'poseanimate-render-methods-home')
mkdirSync(home, { recursive: true })
const work = mkdtempSync(join(home, 'work-'))
const host = new EngineHost<EngineMethods>(forkTransport({ env: { ...process.env, POSEANIMATE_HOME: home } }))
// PACM off: creating the gradient graph's session takes ~40 s here, and these tests are about the job,
// the frame states and the settings, not the method (test/pipeline covers that).
const SMALL = { width: 64, height: 64, steps: 2, frames: 2, innerIterations: 1, modules: { pacm: false } }
const project = writeFastDemo(work, (p) => (p.render = { ...(p.render as object), ...SMALL }))
afterAll(async () => {
  await host.stop()
  rmSync(work, { recursive: true, force: true })
})

const states = (list: RenderFrameList) => list.frames.map((f) => f.state)

async function job(params: Parameters<EngineMethods['render.job']['run']>[0]) {
  const updates: RenderJobUpdate[] = []
  const outcome = await host.call('render.job', params, { onProgress: (u) => updates.push(u) })
  const frames = updates.flatMap((u) => ('frame' in u ? [u.frame.frame] : []))
  const stages = new Set(updates.flatMap((u) => ('progress' in u ? [u.progress.stage] : [])))
  return { outcome, updates, frames, stages }
}

describe('render methods for the studio', () => {
  it('streams frames as they finish, then lists them all current with PNG images', async () => {
    const before = await host.call('render.frames', { path: project })
    expect(before).toEqual({ problem: null, checks: [], frameStride: 1, frames: [0, 1, 2].map((frame) => ({ frame, state: 'missing', imageId: null })) }) // prettier-ignore

    const run = await job({ path: project, job: { kind: 'render' } })
    expect(run.frames.sort()).toEqual([0, 1, 2])
    expect(run.outcome.summary).toMatchObject({ warnings: [], damagedEntries: 0, providers: { fallbacks: [] } })
    expect(Object.keys(run.outcome.summary!.providers.models)).toEqual(expect.arrayContaining(['unetControlDca', 'vae/decode@64x64'])) // prettier-ignore
    expect(run.stages).toEqual(new Set(['prepare', 'inversion', 'pacm-source', 'pacm-frames', 'generate', 'decode']))
    // Each frame is announced right after its decode item, before the job's last progress event.
    const lastProgress = run.updates.findLastIndex((u) => 'progress' in u)
    expect(run.updates.findIndex((u) => 'frame' in u && u.frame.frame === 0)).toBeLessThan(lastProgress)

    const after = await host.call('render.frames', { path: project })
    expect(states(after)).toEqual(['current', 'current', 'current'])
    const image = await host.call('render.frameImage', { path: project, frame: 1 })
    expect(image).toMatchObject({ frame: 1, width: 64, height: 64, imageId: after.frames[1].imageId })
    const png = Buffer.from(image.dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64')
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
  }, 120_000)

  it('marks frames stale after a pose edit and re-renders one frame, keeping its neighbours', async () => {
    const first = await host.call('render.frames', { path: project })
    // Move the last target frame's right wrist: only frame 2 (the last rendered) changes.
    writeFastDemo(join(project, '..'), (p) => {
      p.render = { ...(p.render as object), ...SMALL }
      const keys = p.keyframes as { pose: ({ x: number; y: number } | null)[] }[]
      keys[1].pose[4] = { ...keys[1].pose[4]!, x: keys[1].pose[4]!.x + 0.1 }
    })
    const edited = await host.call('render.frames', { path: project })
    expect(states(edited)).toEqual(['current', 'current', 'stale'])
    expect(edited.frames[2].imageId).toBe(first.frames[2].imageId) // still the old image until re-rendered

    const run = await job({ path: project, job: { kind: 'frame', frame: 2 } })
    expect(run.frames).toEqual([2])
    expect(run.outcome).toMatchObject({ kind: 'frame', wanted: [2], summary: { stale: [] } })
    const fixed = await host.call('render.frames', { path: project })
    expect(states(fixed)).toEqual(['current', 'current', 'current'])
    expect(fixed.frames[2].imageId).not.toBe(first.frames[2].imageId)
    expect(fixed.frames[1].imageId).toBe(first.frames[1].imageId)

    const nothing = await job({ path: project, job: { kind: 'stale' } })
    expect(nothing.outcome.wanted).toEqual([])
  }, 120_000)

  it('round-trips render settings, keeping fields the studio does not edit, and refuses bad ones', async () => {
    const path = join(work, 'settings.poseanim')
    await host.call('project.create', { path, name: 'Settings' })
    const settings = await host.call('render.settings', { path })
    expect(settings).toMatchObject({ width: null, steps: 50, guidance: 7.5, lambdas: [0.7, 0.15, 0.15], frames: 16 })
    const edited = { ...settings, width: 128, height: 64, guidance: 5, modules: { ...settings.modules, mgdm: false } }
    const saved = await host.call('render.saveSettings', { path, settings: edited })
    expect(saved).toEqual(edited)
    expect(await host.call('render.settings', { path })).toEqual(edited)
    await expect(
      host.call('render.saveSettings', { path, settings: { ...saved, lambdas: [0, 0, 0] } }),
    ).rejects.toMatchObject({
      code: 'user',
      message: expect.stringMatching(/lambdas: at least one λ must be positive/),
    })
    expect(await host.call('render.settings', { path })).toEqual(edited) // a refused change writes nothing
  })

  it('keeps stored settings the studio does not show, and drops a size set back to the model native', () => {
    const settings = toRenderSettings(parsePipelineSettings({ width: 128, steps: 4 }))
    const stored = { width: 128, steps: 4, maskThreshold: 0.5, frameOptimizer: 'sgd' }
    const next = withRenderSettings(stored, { ...settings, width: null, steps: 6 })
    expect(next).toMatchObject({ steps: 6, maskThreshold: 0.5, frameOptimizer: 'sgd' })
    expect(next).not.toHaveProperty('width')
    expect(parsePipelineSettings(next)).toMatchObject({ steps: 6, maskThreshold: 0.5 })
    expect(parsePipelineSettings(next).width).toBeUndefined()
  })

  it('stores the condition parts the studio picks; null (by the source) removes the field', () => {
    const settings = toRenderSettings(parsePipelineSettings({}))
    expect(settings.poseParts).toBeNull()
    const hands = withRenderSettings({ steps: 4 }, { ...settings, poseParts: 'body+hands' })
    expect(parsePipelineSettings(hands).poseParts).toBe('body+hands')
    expect(toRenderSettings(parsePipelineSettings(hands)).poseParts).toBe('body+hands')
    expect(withRenderSettings(hands, { ...settings, poseParts: null })).not.toHaveProperty('poseParts')
    expect(() => parsePipelineSettings({ poseParts: 'hands' })).toThrow(/poseParts/)
  })

  it('says why a project cannot be checked yet, and that an unrendered frame has no image', async () => {
    const path = join(work, 'empty.poseanim')
    await host.call('project.create', { path, name: 'Empty' })
    const list = await host.call('render.frames', { path })
    expect(list).toMatchObject({ frames: [], problem: expect.stringMatching(/has no source image: import the character image first/) }) // prettier-ignore
    // The preflight lists every known reason at once, each with the tab that fixes it.
    expect(list.checks).toEqual([
      { message: expect.stringMatching(/no source image/), fix: 'source' },
      { message: expect.stringMatching(/no prompt/), fix: 'source' },
      { message: expect.stringMatching(/no model: choose one in the Models tab/), fix: 'models' },
    ])
    await expect(host.call('render.frameImage', { path, frame: 0 })).rejects.toMatchObject({
      code: 'user',
      message: 'Frame 0 has not been rendered yet: render it first.',
    })
  })
})
