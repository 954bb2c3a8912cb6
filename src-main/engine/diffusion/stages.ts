// The pipeline's work items (engine/jobs): one per stage output group, keyed by keys.ts. Items read
// their inputs through the job's cache (so a resumed or partial render recomputes only what is
// missing) and return tensors the job stores atomically.
import type { ItemIo, WorkItem } from '../jobs'
import type { Tensor } from '../store'
import { ddimSchedule } from './ddim'
import { generateGroup, type GenerationFrame } from './generate'
import type { ResolvedInputs } from './inputs'
import { poseAwareInversionStep, ddimInversion, type SamplerContext } from './inversion'
import { slotOf, type RenderKeys } from './keys'
import type { DiffusionBackend } from './models'
import { optimiseFrame } from './pacm'
import { poseImage, prepareSource } from './prepare'
import { earlyStopAt, learningRateAt, type PipelineSettings } from './settings'
import { asF32, f32, rowsOf, stacked } from './tensors'

export interface StageContext {
  backend: DiffusionBackend
  inputs: ResolvedInputs
  settings: PipelineSettings
  keys: RenderKeys
}

/** Output names that are whole cache keys: `${item.key}/=${key}` is stored as `key` (see aliasedCache). */
export const ALIAS = '='

export function samplerOf(c: StageContext, signal?: AbortSignal): SamplerContext {
  const s = c.settings
  const { backend } = c
  return {
    backend,
    schedule: ddimSchedule(),
    steps: s.steps,
    guidance: s.guidance,
    controlScale: s.controlScale,
    signal,
  }
}

const read = async (io: ItemIo, key: string) => asF32(await io.read(key), key)

export function prepareItem(c: StageContext): WorkItem {
  const { latent, tokens, embedDim, width, height } = c.backend.geometry
  return {
    key: c.keys.prepare,
    outputs: ['latent', 'text', 'empty', 'pose', 'mask'],
    run: async () => {
      const p = await prepareSource(c.backend, c.inputs)
      return {
        latent: f32(p.latent, [...latent]),
        text: f32(p.text, [tokens, embedDim]),
        empty: f32(p.empty, [tokens, embedDim]),
        pose: f32(p.poseImage, [3, height, width]),
        mask: f32(p.mask, [1, latent[1], latent[2]]),
      }
    },
  }
}

export function inversionItem(c: StageContext): WorkItem {
  const p = c.keys.prepare
  const parents = [`${p}/latent`, `${p}/text`, `${p}/pose`]
  return {
    key: c.keys.inversion,
    outputs: ['trajectory'],
    parents,
    cost: c.settings.steps,
    run: async (io) => {
      const [z0, text, pose] = await Promise.all(parents.map((k) => read(io, k)))
      const trajectory = await ddimInversion(samplerOf(c), z0, text, pose)
      return { trajectory: stacked(trajectory, [...c.backend.geometry.latent]) }
    },
  }
}

/** Stage 2, timestep index i: reads step i − 1's φ and reconstructed latent (or c and Z_T). */
export function sourceItem(c: StageContext, i: number): WorkItem {
  const s = c.settings
  const { prepare, inversion, source } = c.keys
  const previous = i === 0 ? null : source[i - 1]
  const other = s.embeddingSlot === 'uncond' ? `${prepare}/text` : `${prepare}/empty`
  const parents = [`${inversion}/trajectory`, `${prepare}/text`, `${prepare}/pose`, other]
  if (previous) parents.push(`${previous}/phi`, `${previous}/latent`)
  return {
    key: source[i],
    outputs: ['phi', 'latent', 'losses'],
    parents,
    cost: s.innerIterations + 2,
    run: async (io) => {
      const trajectory = rowsOf(await io.read(parents[0]), 'trajectory')
      const [text, pose, otherEmbedding] = await Promise.all(parents.slice(1, 4).map((k) => read(io, k)))
      const start = previous
        ? { phi: await read(io, `${previous}/phi`), latent: await read(io, `${previous}/latent`) }
        : { phi: text, latent: trajectory[s.steps] }
      const r = await poseAwareInversionStep(
        samplerOf(c),
        { index: i, ...start, target: trajectory[s.steps - 1 - i], other: otherEmbedding, poseImage: pose },
        {
          slot: s.embeddingSlot,
          iterations: s.innerIterations,
          learningRate: learningRateAt(s, i),
          earlyStop: earlyStopAt(s, i),
        },
      )
      const { tokens, embedDim, latent } = c.backend.geometry
      return {
        phi: f32(r.phi, [tokens, embedDim]),
        latent: f32(r.latent, [...latent]),
        losses: f32(Float32Array.from(r.losses), [r.losses.length]),
      }
    },
  }
}

/** φ_{s,t} per timestep index (the prompt embedding when PACM is off) and the other slot's embedding. */
async function sourceEmbeddings(c: StageContext, io: ItemIo): Promise<{ phis: Float32Array[]; other: Float32Array }> {
  const { prepare, source } = c.keys
  const otherKey = slotOf(c.settings) === 'uncond' ? `${prepare}/text` : `${prepare}/empty`
  const other = await read(io, otherKey)
  if (!c.settings.modules.pacm) {
    const text = await read(io, `${prepare}/text`)
    return { phis: new Array<Float32Array>(c.settings.steps).fill(text), other }
  }
  return { phis: await Promise.all(source.map((k) => read(io, `${k}/phi`))), other }
}

function sourceParents(c: StageContext): string[] {
  const { prepare, source } = c.keys
  return [`${prepare}/text`, `${prepare}/empty`, ...source.map((k) => `${k}/phi`)]
}

/** Stage 3 for frame f ≥ 1: φ̃_{x_f,·} and M_{x_f}. */
export function frameItem(c: StageContext, f: number): WorkItem {
  const s = c.settings
  const { width, height, tokens, embedDim, latent, mapHeight, mapWidth } = c.backend.geometry
  const trajectoryKey = `${c.keys.inversion}/trajectory`
  return {
    key: c.keys.frames[f],
    outputs: ['phis', 'mask', 'attention', 'losses'],
    parents: [trajectoryKey, ...sourceParents(c)],
    cost: 2 * s.steps,
    run: async (io) => {
      const trajectory = rowsOf(await io.read(trajectoryKey), 'trajectory')
      const { phis, other } = await sourceEmbeddings(c, io)
      const characterTokens = c.backend.characterTokens(c.inputs.prompt, c.inputs.characterWords)
      const pose = poseImage(c.inputs.poses[f], width, height)
      const r = await optimiseFrame(
        samplerOf(c, io.signal),
        { trajectory, sourcePhis: phis, other, poseImage: pose, characterTokens },
        {
          slot: slotOf(s),
          optimise: s.modules.pacm,
          optimizer: s.frameOptimizer,
          learningRate: (i) => (s.frameOptimizer === 'sgd' ? s.sgdLearningRate : learningRateAt(s, i)),
          maskThreshold: s.maskThreshold,
        },
      )
      return {
        phis: stacked(r.phis, [tokens, embedDim]),
        mask: f32(r.mask, [1, latent[1], latent[2]]),
        attention: f32(r.attention, [mapHeight, mapWidth]),
        losses: f32(Float32Array.from(r.losses), [r.losses.length]),
      }
    },
  }
}

/**
 * Stage 4 for one group: generates `frames` (consecutive) together with frame 0 and the dcaLayers frames
 * before the first, which are teacher-forced from their stored latents: frame s − 1's keys at the last
 * DCA layer depend on frame s − 2 at the layer before, and so on, so this many make the group exact.
 */
export function generateItem(c: StageContext, frames: readonly number[]): WorkItem {
  const { keys } = c
  const forced = teacherFrames(frames[0], c.backend.geometry.dcaLayers)
  const members = [...forced, ...frames]
  const trajectoryKey = `${keys.inversion}/trajectory`
  return {
    key: `generate/${keys.latents[frames.at(-1)!].split('/')[1]}-${frames[0]}-${frames.length}`,
    outputs: frames.map((f) => `${ALIAS}${keys.latents[f]}`),
    parents: [trajectoryKey, ...forced.map((f) => keys.latents[f])],
    cost: 2 * members.length * c.settings.steps,
    run: async (io) => {
      const zT = rowsOf(await io.read(trajectoryKey), 'trajectory')[c.settings.steps]
      const group = await Promise.all(members.map((f) => groupFrame(c, io, f, forced.includes(f))))
      const s = c.settings
      const { other } = await sourceEmbeddings(c, io)
      const options = { slot: slotOf(s), other, lambdas: s.lambdas, dcam: s.modules.dcam, mgdm: s.modules.mgdm }
      const result = await generateGroup(samplerOf(c, io.signal), zT, group, options)
      const out: Record<string, Tensor> = {}
      for (const f of frames)
        out[`${ALIAS}${keys.latents[f]}`] = stacked(result.get(f)!, [...c.backend.geometry.latent])
      return out
    },
  }
}

/** Frames a group starting at `first` reads from the cache: frame 0 and up to `depth` predecessors. */
export function teacherFrames(first: number, depth: number): number[] {
  if (first === 0) return []
  const from = Math.max(1, first - depth)
  return [0, ...Array.from({ length: first - from }, (_, i) => from + i)]
}

async function groupFrame(c: StageContext, io: ItemIo, f: number, isForced: boolean): Promise<GenerationFrame> {
  const { width, height } = c.backend.geometry
  const { keys } = c
  const forced = isForced ? rowsOf(await io.read(keys.latents[f]), `latents of frame ${f}`) : undefined
  if (f === 0) {
    const { phis } = await sourceEmbeddings(c, io)
    const [pose, mask] = await Promise.all(['pose', 'mask'].map((o) => read(io, `${keys.prepare}/${o}`)))
    return { frame: 0, phis, poseImage: pose, mask, forced }
  }
  const phis = rowsOf(await io.read(`${keys.frames[f]}/phis`), `φ̃ of frame ${f}`)
  const mask = await read(io, `${keys.frames[f]}/mask`)
  return { frame: f, phis, poseImage: poseImage(c.inputs.poses[f], width, height), mask, forced }
}

/** Decodes frame f's final latent to RGB bytes [H, W, 3]. */
export function decodeItem(c: StageContext, f: number): WorkItem {
  const latentsKey = c.keys.latents[f]
  return {
    key: c.keys.decode[f],
    outputs: ['rgb'],
    parents: [latentsKey],
    run: async (io) => {
      const last = rowsOf(await io.read(latentsKey), `latents of frame ${f}`).at(-1)!
      const image = await c.backend.decodeLatent(Float32Array.from(last))
      return { rgb: { dtype: 'uint8', shape: [image.height, image.width, 3], data: image.data } }
    },
  }
}
