// Content keys of every stage output (DESIGN §5). A key hashes the stage's own inputs, the keys of the
// entries it reads and only the settings that change its result, so an edit re-runs exactly what
// depends on it. Stage-4 keys chain frame by frame: frame i sees frame i − 1's keys and values, so
// editing frame k changes the keys of k … N (the later ones go stale) and nothing before k.
import { poseKeyOf } from './conditionPoses'
import type { DiffusionBackend } from './models'
import type { ResolvedInputs } from './inputs'
import { earlyStopAt, learningRateAt, type PipelineSettings } from './settings'
import { contentKey } from './tensors'
import type { EmbeddingSlot } from './objective'

export interface RenderKeys {
  prepare: string
  inversion: string
  /** Stage-2 item per timestep index (empty when PACM is off). */
  source: string[]
  /** Stage-3 item per frame; index 0 is unused (frame 0 is the source). */
  frames: string[]
  /** Per-step latents of every frame (stage 4). */
  latents: string[]
  /** Decoded RGB of every frame. */
  decode: string[]
}

/** How the CFG slots are filled: PACM off means plain CFG (the prompt vs the empty prompt), nothing optimised. */
export function slotOf(s: PipelineSettings): EmbeddingSlot {
  return s.modules.pacm ? s.embeddingSlot : 'cond'
}

export function renderKeys(backend: DiffusionBackend, inputs: ResolvedInputs, s: PipelineSettings): RenderKeys {
  const { width, height } = backend.geometry
  const prepare = contentKey(
    'prepare',
    backend.modelHash,
    width,
    height,
    inputs.image.data,
    inputs.prompt,
    poseKeyOf(inputs, 0),
    inputs.mask.data,
  )
  const inversion = contentKey('inversion', prepare, s.steps, s.controlScale)
  const source: string[] = []
  if (s.modules.pacm) {
    for (let i = 0; i < s.steps; i++) {
      const stepSettings = [s.guidance, s.embeddingSlot, s.innerIterations, learningRateAt(s, i), earlyStopAt(s, i)]
      source.push(contentKey('pacm-source', source[i - 1] ?? inversion, i, stepSettings))
    }
  }
  const sourceFinal = source.at(-1) ?? contentKey('pacm-off', inversion)
  const frameSettings = [s.guidance, slotOf(s), s.modules.pacm, s.frameOptimizer, s.learningRate, s.learningRateDecay]
  const maskSettings = [s.maskThreshold, inputs.characterWords]
  const frames = inputs.poses.map((_, f) =>
    f === 0
      ? ''
      : contentKey(
          'pacm-frame',
          sourceFinal,
          poseKeyOf(inputs, f),
          frameSettings,
          s.frameOptimizer === 'sgd' ? s.sgdLearningRate : 0,
          maskSettings,
        ),
  )
  const generation = [s.guidance, slotOf(s), s.lambdas, s.modules.dcam, s.modules.mgdm]
  const latents: string[] = []
  inputs.poses.forEach((_, f) => {
    latents.push(
      f === 0
        ? contentKey('latents', sourceFinal, prepare, generation)
        : contentKey('latents', latents[f - 1], frames[f], generation),
    )
  })
  const decode = latents.map((k) => contentKey('decode', k))
  return { prepare, inversion, source, frames, latents, decode }
}
