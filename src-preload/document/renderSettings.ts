// Field group "render settings": the pipeline's settings (paper §4.1 defaults, DESIGN §4; decisions
// 0120–0123). One set of field schemas gives the pipeline's schema (defaults filled, the engine reads it),
// the stored input (what the project keeps) and the studio's RenderSettings (the form edits it; its
// min/max come from RENDER_BOUNDS). Bounds: docs/decisions/0280. The draft/final preset: decision 0330.
import { z } from 'zod'
import { pataFields, PATA_DEFAULTS } from './pataOptions'

/** Render sides: multiples of 64 (the SD VAE and UNet downsample by 8 three times more). */
export const RENDER_SIDE_MIN = 64
export const RENDER_SIDE_MAX = 2048
export const RENDER_SIDE_STEP = 64

/** Bounds of the settings the studio edits (the form's min/max/step come from here). */
export const RENDER_BOUNDS = {
  steps: { min: 1, max: 1000, step: 1, int: true },
  guidance: { min: 0, max: 50, step: 0.5, int: false },
  frames: { min: 0, max: 100_000, step: 1, int: true },
  frameStride: { min: 1, max: 100, step: 1, int: true },
  innerIterations: { min: 1, max: 100, step: 1, int: true },
  /** The pipeline refuses 0 (exclusive); the form starts at its smallest useful step. */
  learningRate: { min: 0.0001, max: 10, step: 0.001, int: false },
  chunkSize: { min: 1, max: 1024, step: 1, int: true },
  lambda: { min: 0, max: 1, step: 0.05, int: false },
} as const

/** What the ControlNet condition image shows: the body, body + both hands, or body + hands + face
 *  (ControlNet v1.1 openpose_full). Absent = full when any pose of the render (the source or a rig-keyed
 *  motion frame) has hands or a face, else the body (decision 0340). */
export const POSE_PARTS_CHOICES = ['body', 'body+hands', 'full'] as const
export const posePartsSettingSchema = z.enum(POSE_PARTS_CHOICES)

const fraction = z.number().min(0).max(1)
const bounded = (b: { min: number; max: number; int: boolean }) => {
  const n = z.number().min(b.min).max(b.max)
  return b.int ? n.int() : n
}

const renderSide = z
  .number()
  .int()
  .min(RENDER_SIDE_MIN)
  .max(RENDER_SIDE_MAX)
  .multipleOf(RENDER_SIDE_STEP, `must be a multiple of ${RENDER_SIDE_STEP}`)
const lambda = bounded(RENDER_BOUNDS.lambda)
const lambdas = z
  .tuple([lambda, lambda, lambda])
  .refine((l) => l[0] + l[1] + l[2] > 0, 'at least one λ must be positive')

/** Render presets: 'final' renders the settings as they are; 'draft' a documented reduction (draftOf). */
export const RENDER_PRESETS = ['final', 'draft'] as const
export type RenderPreset = (typeof RENDER_PRESETS)[number]

/** Every pipeline field, bounded, without defaults. */
const fields = {
  /** Which preset a render applies to these settings (decision 0330). */
  preset: z.enum(RENDER_PRESETS),
  /** Model resolution in pixels; absent = the model's native size (512 for SD 1.5). */
  width: renderSide,
  height: renderSide,
  /** DDIM steps T (paper: 50). */
  steps: bounded(RENDER_BOUNDS.steps),
  /** Classifier-free guidance scale w (paper: 7.5). */
  guidance: bounded(RENDER_BOUNDS.guidance),
  /** Target frames rendered after frame 0, taken from the start of the PATA output (paper: N = 16; 0 = all). */
  frames: bounded(RENDER_BOUNDS.frames),
  /** Render every k-th pose of the motion (1 = every frame; the draft preset doubles it, decision 0330). */
  frameStride: bounded(RENDER_BOUNDS.frameStride),
  /** Loop mode: end with a PATA transition back to the source pose, so the video cycles (issue 13). */
  loop: z.boolean(),
  /** Adam iterations per timestep in pose-aware inversion (paper: n = 5, 250 in total). */
  innerIterations: bounded(RENDER_BOUNDS.innerIterations),
  /** Adam learning rate at step i: learningRate · (1 − learningRateDecay · i) (null-text: 1e-2, 1e-2). */
  learningRate: z.number().positive().max(RENDER_BOUNDS.learningRate.max),
  learningRateDecay: fraction,
  /** Inner loop stops when the loss < earlyStop + i · earlyStopPerStep (null-text: 1e-5, 2e-5). */
  earlyStop: z.number().min(0),
  earlyStopPerStep: z.number().min(0),
  /** Stage 3 update of φ̃ per timestep: one fresh-Adam step (stage-2 lr schedule) or plain SGD. */
  frameOptimizer: z.enum(['adam', 'sgd']),
  /**
   * Stage 3 per timestep: 'algorithm' = Algorithm 1 as written (one update, sample before it); 'inner' =
   * §4.1's "n = 5 inner iterations per step" read into stage 3 too (innerIterations updates, early stop,
   * advance with the final φ̃ as stage 2 does). Decision 0323.
   */
  frameReading: z.enum(['algorithm', 'inner']),
  /** SGD learning rate when frameOptimizer = 'sgd'. */
  sgdLearningRate: z.number().positive().max(RENDER_BOUNDS.learningRate.max),
  /** DCA weights λ for (frame 0, previous frame, own frame) (paper: 0.7 / 0.15 / 0.15). */
  lambdas,
  /** CFG slot of the optimised embedding: 'uncond' (DESIGN §4, initialised from c) or 'cond'. */
  embeddingSlot: z.enum(['uncond', 'cond']),
  /** Threshold on the min-max normalised cross-attention map → character mask M_{x_i}. */
  maskThreshold: fraction,
  /** ControlNet conditioning scale. */
  controlScale: z.number().min(0).max(2),
  /** Frames generated per stage-4 batch (besides frame 0 and the previous frame); bounds memory. */
  chunkSize: bounded(RENDER_BOUNDS.chunkSize),
  /** Parts drawn into the condition images; absent = by the poses (see POSE_PARTS_CHOICES). */
  poseParts: posePartsSettingSchema,
  /**
   * What frame 0 shows: the source image as the render's input (paper §3: x_0 is I_s) or, for
   * diagnostics, the VAE decode of the pipeline's reconstruction (decision 0320).
   */
  frameZero: z.enum(['source', 'reconstruction']),
}

const moduleFields = {
  /** Pose-aware control (inversion + per-frame embedding optimisation). */
  pacm: z.boolean(),
  /** Dual-consistency attention. */
  dcam: z.boolean(),
  /** Mask-guided decoupling. */
  mgdm: z.boolean(),
  /** Pose alignment and transition frames. */
  pata: z.boolean(),
}

export const PIPELINE_DEFAULTS = {
  preset: 'final',
  steps: 50,
  guidance: 7.5,
  frames: 16,
  frameStride: 1,
  loop: false,
  innerIterations: 5,
  learningRate: 1e-2,
  learningRateDecay: 1e-2,
  earlyStop: 1e-5,
  earlyStopPerStep: 2e-5,
  frameOptimizer: 'adam',
  frameReading: 'algorithm',
  sgdLearningRate: 1e-2,
  lambdas: [0.7, 0.15, 0.15],
  embeddingSlot: 'uncond',
  maskThreshold: 0.3,
  controlScale: 1,
  chunkSize: 8,
  frameZero: 'source',
  pata: PATA_DEFAULTS,
  modules: { pacm: true, dcam: true, mgdm: true, pata: true },
} as const

const d = PIPELINE_DEFAULTS

/** The pipeline's settings: every field bounded, defaults filled (diffusion/settings.ts parses with it). */
export const pipelineSettingsSchema = z.strictObject({
  preset: fields.preset.default(d.preset),
  width: fields.width.optional(),
  height: fields.height.optional(),
  steps: fields.steps.default(d.steps),
  guidance: fields.guidance.default(d.guidance),
  frames: fields.frames.default(d.frames),
  frameStride: fields.frameStride.default(d.frameStride),
  loop: fields.loop.default(d.loop),
  innerIterations: fields.innerIterations.default(d.innerIterations),
  learningRate: fields.learningRate.default(d.learningRate),
  learningRateDecay: fields.learningRateDecay.default(d.learningRateDecay),
  earlyStop: fields.earlyStop.default(d.earlyStop),
  earlyStopPerStep: fields.earlyStopPerStep.default(d.earlyStopPerStep),
  frameOptimizer: fields.frameOptimizer.default(d.frameOptimizer),
  frameReading: fields.frameReading.default(d.frameReading),
  sgdLearningRate: fields.sgdLearningRate.default(d.sgdLearningRate),
  lambdas: fields.lambdas.default([...d.lambdas]),
  embeddingSlot: fields.embeddingSlot.default(d.embeddingSlot),
  maskThreshold: fields.maskThreshold.default(d.maskThreshold),
  controlScale: fields.controlScale.default(d.controlScale),
  chunkSize: fields.chunkSize.default(d.chunkSize),
  poseParts: fields.poseParts.optional(),
  frameZero: fields.frameZero.default(d.frameZero),
  /** PATA options (DESIGN §4); edited in the studio's PATA preview. */
  pata: z
    .strictObject({
      retargetBones: pataFields.retargetBones.default(d.pata.retargetBones),
      maxJointStep: pataFields.maxJointStep.default(d.pata.maxJointStep),
      transitionFrames: pataFields.transitionFrames.default(d.pata.transitionFrames),
    })
    .prefault({}),
  modules: z
    .strictObject({
      pacm: moduleFields.pacm.default(d.modules.pacm),
      dcam: moduleFields.dcam.default(d.modules.dcam),
      mgdm: moduleFields.mgdm.default(d.modules.mgdm),
      pata: moduleFields.pata.default(d.modules.pata),
    })
    .prefault({}),
})

/** What a project stores (and a project JSON's "render" holds): any subset of the fields, no defaults
 *  filled in, so a later default change reaches projects that never set the field. */
export const pipelineInputSchema = z
  .strictObject({
    ...fields,
    pata: z.strictObject(pataFields).partial(),
    modules: z.strictObject(moduleFields).partial(),
  })
  .partial()

const renderSideOrNative = renderSide.nullable()

/** The settings the studio's render panel edits; null size = the model's native size. */
export const renderSettingsSchema = z.strictObject({
  preset: fields.preset,
  loop: fields.loop,
  width: renderSideOrNative,
  height: renderSideOrNative,
  steps: fields.steps,
  guidance: fields.guidance,
  frames: fields.frames,
  innerIterations: fields.innerIterations,
  learningRate: fields.learningRate,
  lambdas: fields.lambdas,
  chunkSize: fields.chunkSize,
  /** null (or absent, from an older studio) = by the poses (POSE_PARTS_CHOICES). */
  poseParts: fields.poseParts.nullable().optional(),
  modules: z.strictObject(moduleFields),
})

export type PipelineSettings = z.output<typeof pipelineSettingsSchema>
export type PipelineSettingsInput = z.input<typeof pipelineSettingsSchema>
export type StoredPipelineSettings = z.infer<typeof pipelineInputSchema>
export type RenderSettings = z.infer<typeof renderSettingsSchema>
export type RenderModules = RenderSettings['modules']
export type PosePartsSetting = z.infer<typeof posePartsSettingSchema>

/** Steps of a draft: a tenth of the final's (at least 1). */
export function draftSteps(steps: number): number {
  return Math.max(1, Math.floor(steps / 10))
}

/** Half a render side, kept a multiple of RENDER_SIDE_STEP and at least RENDER_SIDE_MIN. */
function draftSide(side: number | undefined): number | undefined {
  if (side === undefined) return undefined
  return Math.max(RENDER_SIDE_MIN, Math.floor(side / 2 / RENDER_SIDE_STEP) * RENDER_SIDE_STEP)
}

/**
 * The settings a draft renders (decision 0330): the same motion, every other pose of it (played at half the
 * fps, so it keeps its timing), at a tenth of the DDIM steps, half the set size and one inner iteration,
 * which costs at most a tenth of the final's UNet passes. Every reduced field changes the cache keys, so
 * draft frames never count as final ones and both stay cached side by side.
 */
export function draftOf(s: PipelineSettings): PipelineSettings {
  return {
    ...s,
    preset: 'draft',
    steps: draftSteps(s.steps),
    frameStride: s.frameStride * 2,
    width: draftSide(s.width),
    height: draftSide(s.height),
    innerIterations: 1,
  }
}

/** The settings a render runs: the parsed settings as they are for 'final', reduced for 'draft'. */
export function presetApplied(s: PipelineSettings): PipelineSettings {
  return s.preset === 'draft' ? draftOf(s) : s
}
