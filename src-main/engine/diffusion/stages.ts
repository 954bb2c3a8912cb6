// The pipeline's work items (engine/jobs): one per stage output group, keyed by keys.ts. Each item
// declares the cache entries it reads by name and reads them through the job (so a resumed or partial
// render recomputes only what is missing); it returns tensors the job stores atomically.
import type { ItemIo, WorkItem } from '../jobs'
import { ddimSchedule } from './ddim'
import { frameZeroOutputs } from './frameZero'
import { generateGroup, type GenerationFrame } from './generate'
import type { ResolvedInputs } from './inputs'
import { poseAwareInversionStep, ddimInversion, type SamplerContext } from './inversion'
import { frameStageRuns, masksUsed, slotOf, type RenderKeys } from './keys'
import type { DiffusionBackend } from './models'
import { optimiseFrame } from './pacm'
import { drawnPose } from './conditionPoses'
import { poseImage, prepareSource } from './prepare'
import { earlyStopAt, learningRateAt, type PipelineSettings } from './settings'
import { asF32, contentKey, f32, rowsOf, stacked } from './tensors'

export interface StageContext {
  backend: DiffusionBackend
  inputs: ResolvedInputs
  settings: PipelineSettings
  keys: RenderKeys
}

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

const input = async (io: ItemIo, name: string) => asF32(await io.input(name), name)
const inputList = async (io: ItemIo, name: string) => (await io.inputList(name)).map((t) => asF32(t, name))

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
  return {
    key: c.keys.inversion,
    outputs: ['trajectory'],
    inputs: { latent: `${p}/latent`, text: `${p}/text`, pose: `${p}/pose` },
    cost: c.settings.steps,
    run: async (io) => {
      const [z0, text, pose] = await Promise.all([input(io, 'latent'), input(io, 'text'), input(io, 'pose')])
      const trajectory = await ddimInversion(samplerOf(c), z0, text, pose)
      return { trajectory: stacked(trajectory, [...c.backend.geometry.latent]) }
    },
  }
}

const trajectoryOf = (c: StageContext) => `${c.keys.inversion}/trajectory`

/** Stage 2, timestep index i: reads step i − 1's φ and reconstructed latent (or c and Z_T). */
export function sourceItem(c: StageContext, i: number): WorkItem {
  const s = c.settings
  const { prepare, source } = c.keys
  const previous = i === 0 ? null : source[i - 1]
  return {
    key: source[i],
    outputs: ['phi', 'latent', 'losses'],
    inputs: {
      trajectory: trajectoryOf(c),
      text: `${prepare}/text`,
      pose: `${prepare}/pose`,
      other: s.embeddingSlot === 'uncond' ? `${prepare}/text` : `${prepare}/empty`,
      ...(previous && { previousPhi: `${previous}/phi`, previousLatent: `${previous}/latent` }),
    },
    cost: s.innerIterations + 2,
    run: async (io) => {
      const trajectory = rowsOf(await io.input('trajectory'), 'trajectory')
      const [text, pose, otherEmbedding] = await Promise.all([input(io, 'text'), input(io, 'pose'), input(io, 'other')])
      const start = previous
        ? { phi: await input(io, 'previousPhi'), latent: await input(io, 'previousLatent') }
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

/**
 * Inputs `sourcePhis` (φ_{s,t} per timestep index; the prompt embedding at every step when PACM is off)
 * and `other` (the other CFG slot's embedding).
 */
function sourceEmbeddingInputs(c: StageContext) {
  const { prepare, source } = c.keys
  const text = `${prepare}/text`
  return {
    sourcePhis: c.settings.modules.pacm
      ? source.map((k) => `${k}/phi`)
      : new Array<string>(c.settings.steps).fill(text),
    other: slotOf(c.settings) === 'uncond' ? text : `${prepare}/empty`,
  }
}

/** Stage 3 for frame f ≥ 1: φ̃_{x_f,·} and M_{x_f}. */
export function frameItem(c: StageContext, f: number): WorkItem {
  const s = c.settings
  const { width, height, tokens, embedDim, latent, mapHeight, mapWidth } = c.backend.geometry
  return {
    key: c.keys.frames[f],
    outputs: ['phis', 'mask', 'attention', 'losses'],
    inputs: { trajectory: trajectoryOf(c), ...sourceEmbeddingInputs(c), sourceMask: `${c.keys.prepare}/mask` },
    cost: 2 * s.steps,
    run: async (io) => {
      const trajectory = rowsOf(await io.input('trajectory'), 'trajectory')
      const [sourcePhis, other] = await Promise.all([inputList(io, 'sourcePhis'), input(io, 'other')])
      const sourceMask = await input(io, 'sourceMask')
      const characterTokens = c.backend.characterTokens(c.inputs.prompt, c.inputs.characterWords)
      const pose = poseImage(drawnPose(c.inputs, f), width, height)
      const poses = { source: c.inputs.poses[0], frame: c.inputs.poses[f] }
      const r = await optimiseFrame(
        samplerOf(c, io.signal),
        { trajectory, sourcePhis, other, poseImage: pose, characterTokens, sourceMask, poses },
        {
          slot: slotOf(s),
          optimise: s.modules.pacm,
          masks: masksUsed(s),
          optimizer: s.frameOptimizer,
          learningRate: (i) => (s.frameOptimizer === 'sgd' ? s.sgdLearningRate : learningRateAt(s, i)),
          iterations: s.frameReading === 'inner' ? s.innerIterations : 1,
          earlyStop: (i) => earlyStopAt(s, i),
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

/** Names of a group member's inputs in stage 4: `frame3.phis`, `frame3.mask`, `frame2.latents`. */
const memberInput = (f: number, what: 'phis' | 'mask' | 'latents') => `frame${f}.${what}`

/**
 * Stage 4 for one group: generates `frames` (consecutive) together with frame 0 and the dcaLayers frames
 * before the first, which are teacher-forced from their stored latents: frame s − 1's keys at the last
 * DCA layer depend on frame s − 2 at the layer before, and so on, so this many make the group exact.
 */
export function generateItem(c: StageContext, frames: readonly number[]): WorkItem {
  const { keys } = c
  const forced = teacherFrames(frames[0], c.backend.geometry.dcaLayers)
  const members = [...forced, ...frames]
  const inputs: Record<string, string | string[]> = {
    trajectory: trajectoryOf(c),
    ...sourceEmbeddingInputs(c),
    sourcePose: `${keys.prepare}/pose`,
    sourceMask: `${keys.prepare}/mask`,
  }
  // Without stage 3 (PACM and MGDM off) every frame samples with the prompt embedding and no mask.
  for (const f of frameStageRuns(c.settings) ? members.filter((m) => m > 0) : []) {
    inputs[memberInput(f, 'phis')] = `${keys.frames[f]}/phis`
    inputs[memberInput(f, 'mask')] = `${keys.frames[f]}/mask`
  }
  for (const f of forced) inputs[memberInput(f, 'latents')] = keys.latents[f]
  const latentsOutput = (f: number) => `latents${f}`
  return {
    // An id within the job (the outputs are stored under the frames' latents keys, see storeAs).
    key: contentKey(
      'generate',
      forced.map((f) => keys.latents[f]),
      frames.map((f) => keys.latents[f]),
    ),
    outputs: frames.map(latentsOutput),
    storeAs: Object.fromEntries(frames.map((f) => [latentsOutput(f), keys.latents[f]])),
    inputs,
    cost: 2 * members.length * c.settings.steps,
    run: async (io) => {
      const zT = rowsOf(await io.input('trajectory'), 'trajectory')[c.settings.steps]
      const group = await Promise.all(members.map((f) => groupFrame(c, io, f, forced.includes(f))))
      const s = c.settings
      const other = await input(io, 'other')
      const options = { slot: slotOf(s), other, lambdas: s.lambdas, dcam: s.modules.dcam, mgdm: masksUsed(s) }
      const result = await generateGroup(samplerOf(c, io.signal), zT, group, options)
      const latent = [...c.backend.geometry.latent]
      return Object.fromEntries(frames.map((f) => [latentsOutput(f), stacked(result.get(f)!, latent)]))
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
  const forced = isForced ? rowsOf(await io.input(memberInput(f, 'latents')), `latents of frame ${f}`) : undefined
  if (f === 0) {
    const [phis, pose, mask] = await Promise.all([
      inputList(io, 'sourcePhis'),
      input(io, 'sourcePose'),
      input(io, 'sourceMask'),
    ])
    return { frame: 0, phis, poseImage: pose, mask, forced }
  }
  const pose = poseImage(drawnPose(c.inputs, f), width, height)
  if (!frameStageRuns(c.settings)) {
    const [, h, w] = c.backend.geometry.latent
    return { frame: f, phis: await inputList(io, 'sourcePhis'), poseImage: pose, mask: new Float32Array(h * w), forced }
  }
  const phis = rowsOf(await io.input(memberInput(f, 'phis')), `φ̃ of frame ${f}`)
  const mask = await input(io, memberInput(f, 'mask'))
  return { frame: f, phis, poseImage: pose, mask, forced }
}

/**
 * Decodes frame f's final latent to RGB bytes [H, W, 3]. Frame 0 shows the render's input image and
 * keeps its decoded reconstruction and the error between the two (frameZero.ts).
 */
export function decodeItem(c: StageContext, f: number): WorkItem {
  if (f === 0) return frameZeroItem(c)
  return {
    key: c.keys.decode[f],
    outputs: ['rgb'],
    inputs: { latents: c.keys.latents[f] },
    run: async (io) => {
      const last = rowsOf(await io.input('latents'), `latents of frame ${f}`).at(-1)!
      const image = await c.backend.decodeLatent(Float32Array.from(last))
      return { rgb: { dtype: 'uint8', shape: [image.height, image.width, 3], data: image.data } }
    },
  }
}

function frameZeroItem(c: StageContext): WorkItem {
  return {
    key: c.keys.decode[0],
    outputs: ['rgb', 'reconstruction', 'error'],
    inputs: { latents: c.keys.latents[0], z0: `${c.keys.prepare}/latent` },
    run: async (io) => {
      const last = Float32Array.from(rowsOf(await io.input('latents'), 'latents of frame 0').at(-1)!)
      const reconstruction = await c.backend.decodeLatent(last)
      const errors = { latent: last, z0: await input(io, 'z0') }
      return frameZeroOutputs(c.settings.frameZero, c.inputs.image, reconstruction, errors)
    },
  }
}
