// DCAM and MGDM switches on the tiny golden model: with DCAM off the sampler uses plain self-attention,
// and the DCA graph with λ = (0, 0, 1) is that same plain attention; with MGDM off, DCA is unmasked
// (equal to MGDM with all-character masks); frame 0 is plain attention in every mode, and the modules
// really change the other frames (so these tests can fail).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OnnxDiffusionBackend } from '../../src-main/engine/diffusion/backend'
import { ddimSchedule } from '../../src-main/engine/diffusion/ddim'
import { generateGroup, groupLayout, type GenerationFrame } from '../../src-main/engine/diffusion/generate'
import { sizes, type DcaInputs, type EpsBatch } from '../../src-main/engine/diffusion/models'
import { poseImage } from '../../src-main/engine/diffusion/prepare'
import { figure, maxAbsDiff, openTinyBackend } from './fixture'

let backend: OnnxDiffusionBackend
beforeAll(async () => {
  backend = await openTinyBackend()
})
afterAll(() => backend?.close())

const FRAMES = 3
const noise = (n: number, seed: number) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 7.31 + i * 1.618) * 0.8)

/** Frames 0 … 2 with different latents, embeddings, poses and masks (two CFG halves). */
function frames(): GenerationFrame[] {
  const n = sizes(backend.geometry)
  const [, h, w] = backend.geometry.latent
  return Array.from({ length: FRAMES }, (_, f) => ({
    frame: f,
    phis: [noise(n.embedding, f + 1), noise(n.embedding, f + 11)],
    poseImage: poseImage(figure(0.05 * f), backend.geometry.width, backend.geometry.height),
    mask: Float32Array.from({ length: h * w }, (_, i) => ((i % w) + f > w / 2 ? 1 : 0)),
  }))
}

function batchOf(group: GenerationFrame[], latents: Float32Array[]): EpsBatch {
  const n = sizes(backend.geometry)
  const stack = (parts: Float32Array[]) => {
    const out = new Float32Array(parts.length * parts[0].length)
    parts.forEach((p, i) => out.set(p, i * p.length))
    return out
  }
  return {
    batch: 2 * group.length,
    latents: stack([...latents, ...latents]),
    timestep: 501,
    embeddings: stack([...group.map((g) => g.phis[0]), ...group.map(() => noise(n.embedding, 99))]),
    poseImages: stack([...group, ...group].map((g) => g.poseImage)),
    controlScale: 1,
  }
}

const frameSlice = (eps: Float32Array, j: number) => {
  const size = sizes(backend.geometry).latent
  return eps.subarray(j * size, (j + 1) * size)
}

describe('dual-consistency attention switches', () => {
  it('λ = (0, 0, 1) without MGDM is plain self-attention, and the default λ changes every frame but frame 0', async () => {
    const group = frames()
    const latents = group.map((_, f) => noise(sizes(backend.geometry).latent, 50 + f))
    const batch = batchOf(group, latents)
    const plain = await backend.eps(batch)
    const layout = (lambdas: readonly [number, number, number], mgdm: boolean): DcaInputs =>
      groupLayout(group, { lambdas, mgdm }).dca
    const own = await backend.epsDca(batch, layout([0, 0, 1], false))
    expect(maxAbsDiff(own, plain)).toBeLessThan(1e-5)

    const dca = await backend.epsDca(batch, layout([0.7, 0.15, 0.15], false))
    for (const j of [0, FRAMES]) expect(maxAbsDiff(frameSlice(dca, j), frameSlice(plain, j))).toBeLessThan(1e-5)
    for (const j of [1, 2, FRAMES + 1])
      expect(maxAbsDiff(frameSlice(dca, j), frameSlice(plain, j))).toBeGreaterThan(1e-3)
  })

  it('MGDM off equals unmasked DCA (= all-character or empty masks); with real masks it differs', async () => {
    const group = frames()
    const batch = batchOf(
      group,
      group.map((_, f) => noise(sizes(backend.geometry).latent, 70 + f)),
    )
    const lambdas = [0.7, 0.15, 0.15] as const
    const off = await backend.epsDca(batch, groupLayout(group, { lambdas, mgdm: false }).dca)
    const withMasks = (value: number | null) => {
      const g = value === null ? group : group.map((f) => ({ ...f, mask: f.mask.map(() => value) }))
      return backend.epsDca(batch, groupLayout(g, { lambdas, mgdm: true }).dca)
    }
    expect(maxAbsDiff(await withMasks(1), off)).toBeLessThan(1e-5)
    expect(maxAbsDiff(await withMasks(0), off)).toBeLessThan(1e-5) // empty character region falls back
    const masked = await withMasks(null)
    expect(maxAbsDiff(frameSlice(masked, 0), frameSlice(off, 0))).toBeLessThan(1e-5) // frame 0 stays plain
    expect(maxAbsDiff(frameSlice(masked, 2), frameSlice(off, 2))).toBeGreaterThan(1e-4)
  })

  it('the sampler with DCAM off equals DCA with λ = (0, 0, 1) and MGDM off over all steps', async () => {
    const group = frames()
    const zT = noise(sizes(backend.geometry).latent, 5)
    const sampler = { backend, schedule: ddimSchedule(), steps: 2, guidance: 7.5, controlScale: 1 }
    const common = { slot: 'uncond' as const, other: noise(sizes(backend.geometry).embedding, 99) }
    const off = await generateGroup(sampler, zT, group, {
      ...common,
      lambdas: [0.7, 0.15, 0.15],
      dcam: false,
      mgdm: true,
    })
    const own = await generateGroup(sampler, zT, group, { ...common, lambdas: [0, 0, 1], dcam: true, mgdm: false })
    for (let f = 0; f < FRAMES; f++) expect(maxAbsDiff(off.get(f)!.at(-1)!, own.get(f)!.at(-1)!)).toBeLessThan(1e-4)
  })
})
