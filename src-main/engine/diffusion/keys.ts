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

/**
 * MGDM acts inside DCA only: with DCAM off the frame masks would be computed for nothing (decision 0321).
 */
export function masksUsed(s: PipelineSettings): boolean {
  return s.modules.mgdm && s.modules.dcam
}

/** Stage 3 runs only when it computes something used: φ̃ (PACM) or the frame masks (MGDM). */
export function frameStageRuns(s: PipelineSettings): boolean {
  return s.modules.pacm || masksUsed(s)
}

/** Identifies how frame masks are made (masks.ts); part of stage 3's key when the masks are used. */
export const MASK_METHOD = 'max-norm-bilinear-union-2'

/** Which CFG slot holds φ (PACM on) or the prompt embedding c unoptimised (PACM off, same guidance). */
export function slotOf(s: PipelineSettings): EmbeddingSlot {
  return s.embeddingSlot
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
  const reading = s.frameReading === 'inner' ? ['inner', s.innerIterations, s.earlyStop, s.earlyStopPerStep] : []
  const frameSettings = [
    s.guidance,
    slotOf(s),
    s.modules.pacm,
    s.frameOptimizer,
    s.learningRate,
    s.learningRateDecay,
    ...reading,
  ]
  const maskSettings = masksUsed(s) ? [MASK_METHOD, s.maskThreshold, inputs.characterWords] : 'no-masks'
  const frames = inputs.poses.map((pose, f) =>
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
  const generation = [s.guidance, slotOf(s), s.lambdas, s.modules.dcam, masksUsed(s)]
  const latents: string[] = []
  inputs.poses.forEach((_, f) => {
    latents.push(
      f === 0
        ? contentKey('latents', sourceFinal, prepare, generation)
        : contentKey('latents', latents[f - 1], frames[f], generation),
    )
  })
  // Frame 0 shows the source (or, for diagnostics, its reconstruction) and carries the reconstruction
  // error; its key names which, so switching frameZero re-decodes frame 0 only (decision 0320).
  const decode = latents.map((k, f) =>
    f === 0 ? contentKey('decode', k, 'frame-zero', s.frameZero, prepare) : contentKey('decode', k),
  )
  return { prepare, inversion, source, frames, latents, decode }
}
