import { describe, expect, it } from 'vitest'
import type { Pose18 } from '../../../src-preload/api'
import type { ResolvedInputs } from './inputs'
import { renderKeys } from './keys'
import type { DiffusionBackend } from './models'
import { inputKeys, outputKey } from '../jobs'
import { chunks, planRender } from './plan'
import { parsePipelineSettings } from './settings'
import { teacherFrames, type StageContext } from './stages'

const pose = (x: number): Pose18 => [{ x, y: 0.5, confidence: 1 }, ...new Array<null>(17).fill(null)]
const inputs = (poses: Pose18[]): ResolvedInputs => ({
  image: { width: 2, height: 2, data: new Uint8Array(12) },
  mask: { width: 2, height: 2, data: new Float32Array(4) },
  prompt: 'a robot',
  characterWords: [],
  poses,
})
const backend = { modelHash: 'm', geometry: { width: 128, height: 128 } } as DiffusionBackend
const poses = [0.1, 0.2, 0.3, 0.4, 0.5].map(pose)

describe('cache keys', () => {
  const base = renderKeys(backend, inputs(poses), parsePipelineSettings({ steps: 3 }))

  it('a pose edit at frame k changes stage 3 of k only, stage 4 from k on, nothing upstream', () => {
    const edited = renderKeys(
      backend,
      inputs(poses.map((p, f) => (f === 2 ? pose(0.9) : p))),
      parsePipelineSettings({ steps: 3 }),
    )
    expect(edited.prepare).toBe(base.prepare)
    expect(edited.source).toEqual(base.source)
    expect(edited.frames.map((k, f) => k !== base.frames[f])).toEqual([false, false, true, false, false])
    expect(edited.latents.map((k, f) => k !== base.latents[f])).toEqual([false, false, true, true, true])
  })

  it('settings reach exactly the stages they change; chunk size reaches none', () => {
    const keys = (s: object) => renderKeys(backend, inputs(poses), parsePipelineSettings({ steps: 3, ...s }))
    const lambdas = keys({ lambdas: [0.5, 0.25, 0.25] })
    expect([lambdas.source, lambdas.frames]).toEqual([base.source, base.frames])
    expect(lambdas.latents.every((k, f) => k !== base.latents[f])).toBe(true)
    const threshold = keys({ maskThreshold: 0.5 })
    expect(threshold.source).toEqual(base.source)
    expect(threshold.frames.slice(1).every((k, f) => k !== base.frames[f + 1])).toBe(true)
    expect(keys({ guidance: 5 }).source.every((k, i) => k !== base.source[i])).toBe(true)
    expect(keys({ chunkSize: 1 })).toEqual(base)
    expect(keys({ modules: { pacm: false } }).source).toEqual([])
  })
})

describe('render planning', () => {
  it('cuts consecutive frames into chunks; frame 0 rides along', () => {
    expect(chunks([0, 1, 2, 3, 4], 2)).toEqual([
      [0, 1, 2],
      [3, 4],
    ])
    expect(chunks([2, 3, 5], 8)).toEqual([[2, 3], [5]])
  })

  it('teacher-forces frame 0 and up to dcaLayers predecessors', () => {
    expect(teacherFrames(0, 9)).toEqual([])
    expect(teacherFrames(3, 9)).toEqual([0, 1, 2])
    expect(teacherFrames(12, 9)).toEqual([0, 3, 4, 5, 6, 7, 8, 9, 10, 11])
  })

  it('frames that repeat a pose share one stage-3 item', () => {
    const repeated = [0.1, 0.2, 0.3, 0.2, 0.3].map(pose)
    const settings = parsePipelineSettings({ steps: 3 })
    const geometry = { ...backend.geometry, dcaLayers: 9 }
    const c = { backend: { ...backend, geometry }, inputs: inputs(repeated), settings } as unknown as StageContext
    c.keys = renderKeys(c.backend, c.inputs, settings)
    const empty = { has: () => false, get: () => undefined, putMany: () => undefined }
    const { job } = planRender(c, [0, 1, 2, 3, 4], empty, 'job')
    const frameItems = job.stages.find((s) => s.name === 'pacm-frames')!.items
    expect(frameItems.map((item) => item.key)).toEqual([c.keys.frames[1], c.keys.frames[2]])
    expect(new Set(c.keys.latents).size).toBe(5)
  })

  it('every item reads only what an earlier item makes; stage 4 stores latents under their own keys', () => {
    const settings = parsePipelineSettings({ steps: 3, chunkSize: 2 })
    const geometry = { ...backend.geometry, dcaLayers: 1 }
    const c = { backend: { ...backend, geometry }, inputs: inputs(poses), settings } as unknown as StageContext
    c.keys = renderKeys(c.backend, c.inputs, settings)
    const empty = { has: () => false, get: () => undefined, putMany: () => undefined }
    const { job } = planRender(c, [0, 1, 2, 3, 4], empty, 'job')
    const made = new Set<string>()
    for (const item of job.stages.flatMap((s) => s.items)) {
      for (const key of inputKeys(item)) expect(made.has(key), `${item.key} reads ${key}`).toBe(true)
      item.outputs.forEach((o) => made.add(outputKey(item, o)))
    }
    const generate = job.stages.find((s) => s.name === 'generate')!.items
    expect(generate.flatMap((item) => item.outputs.map((o) => outputKey(item, o)))).toEqual(c.keys.latents)
    // Group [3, 4] teacher-forces frames 0 and 2 (dcaLayers = 1) from their stored latents.
    expect(generate[1].inputs).toMatchObject({
      'frame0.latents': c.keys.latents[0],
      'frame2.latents': c.keys.latents[2],
    })
  })
})

describe('settings', () => {
  it('fills the paper defaults and names every bad field', () => {
    const s = parsePipelineSettings()
    expect(s).toMatchObject({ steps: 50, guidance: 7.5, frames: 16, innerIterations: 5, lambdas: [0.7, 0.15, 0.15] })
    expect(s.modules).toEqual({ pacm: true, dcam: true, mgdm: true, pata: true })
    const bad = () => parsePipelineSettings({ steps: 0, lambdas: [0, 0, 0], width: 100, colour: 'red' })
    expect(bad).toThrow(/width: .*multiple of 64/)
    expect(bad).toThrow(/steps: Too small/)
    expect(bad).toThrow(/lambdas: at least one λ must be positive/)
    expect(bad).toThrow(/Unrecognized key: "colour"/)
  })
})
