// Frame 0 is the source image (paper §3), the very pixels the render took as input, in every output that
// reads the render's frames; the pipeline's own reconstruction of it stays available (frameZero:
// 'reconstruction') and every render reports its error against the source.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OnnxDiffusionBackend } from '../../src-main/engine/diffusion/backend'
import { meanSquaredError } from '../../src-main/engine/diffusion/objective'
import { latestFrames, renderContext, renderProject, type PipelineEnv } from '../../src-main/engine/diffusion/pipeline'
import { asF32, rowsOf } from '../../src-main/engine/diffusion/tensors'
import { fastSettings, openTinyBackend, setup, tempProject } from './fixture'

const request = { setup: setup(1), settings: { ...fastSettings, steps: 2, innerIterations: 1 } }
let backend: OnnxDiffusionBackend
let project: ReturnType<typeof tempProject>
let env: PipelineEnv

beforeAll(async () => {
  backend = await openTinyBackend()
  project = tempProject()
  env = { store: project.store, backend }
})
afterAll(() => {
  project?.cleanup()
  backend?.close()
})

describe('frame 0', () => {
  it('is the render input, byte for byte; the summary reports the reconstruction error', async () => {
    const result = await renderProject(env, request)
    const c = await renderContext(env, request)
    const { width, height } = backend.geometry
    expect([result.frames[0].width, result.frames[0].height]).toEqual([width, height])
    expect(result.frames[0].data).toEqual(c.inputs.image.data)
    expect(latestFrames(env.store)[0].data).toEqual(c.inputs.image.data) // what export and the player read

    // The reconstruction, computed here independently: decode frame 0's final latent.
    const last = rowsOf(env.store.cache.get(c.keys.latents[0])!, 'latents').at(-1)!
    const decoded = await backend.decodeLatent(Float32Array.from(last))
    let sum = 0
    decoded.data.forEach((v, i) => (sum += ((v - c.inputs.image.data[i]) / 255) ** 2))
    const rmse = Math.sqrt(sum / decoded.data.length)
    const z0 = asF32(env.store.cache.get(`${c.keys.prepare}/latent`)!, 'z0')
    const reported = result.summary.reconstruction!
    expect(reported.pixelRmse).toBeCloseTo(rmse, 5)
    expect(reported.psnr).toBeCloseTo(-20 * Math.log10(rmse), 3)
    expect(reported.latentMse).toBeCloseTo(meanSquaredError(Float32Array.from(last), z0), 5)
    // The untrained tiny model cannot reconstruct: frame 0 really is the source, not the decode.
    expect(rmse).toBeGreaterThan(0.01)
  })

  it("frameZero: 'reconstruction' shows the decode instead, re-decoding frame 0 and nothing else", async () => {
    const settings = { ...request.settings, frameZero: 'reconstruction' as const }
    const before = await renderProject(env, request)
    const result = await renderProject(env, { ...request, settings })
    const c = await renderContext(env, { ...request, settings })
    const last = rowsOf(env.store.cache.get(c.keys.latents[0])!, 'latents').at(-1)!
    expect(result.frames[0].data).toEqual((await backend.decodeLatent(Float32Array.from(last))).data)
    expect(result.frames[1]).toEqual(before.frames[1])
    expect(result.summary.stages.decode.computed).toBe(1)
    expect(result.summary.unetPasses).toEqual({ eps: 0, grad: 0, dca: 0 })
    expect(result.summary.reconstruction).toEqual(before.summary.reconstruction)
  })
})
