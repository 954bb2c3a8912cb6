// PoseAnimate pipeline settings, validated with zod. Defaults are the paper's (§4.1) and DESIGN §4's
// readings of it; every choice that interprets the paper stays a setting so the other reading can be
// compared (docs/decisions/0120–0123).
import { UserError } from '../errors'
import { z } from 'zod'

const fraction = z.number().min(0).max(1)

export const pipelineSettingsSchema = z.strictObject({
  /** Model resolution in pixels (multiples of 64); undefined = the model's native size (512 for SD 1.5). */
  width: z.number().int().positive().multipleOf(64).optional(),
  height: z.number().int().positive().multipleOf(64).optional(),
  /** DDIM steps T (paper: 50). */
  steps: z.number().int().min(1).max(1000).default(50),
  /** Classifier-free guidance scale w (paper: 7.5). */
  guidance: z.number().min(0).max(50).default(7.5),
  /** Target frames rendered after frame 0, taken from the start of the PATA output (paper: N = 16; 0 = all). */
  frames: z.number().int().min(0).default(16),
  /** Adam iterations per timestep in pose-aware inversion (paper: n = 5, 250 in total). */
  innerIterations: z.number().int().min(1).max(100).default(5),
  /** Adam learning rate at step i: learningRate · (1 − learningRateDecay · i) (null-text: 1e-2, 1e-2). */
  learningRate: z.number().positive().default(1e-2),
  learningRateDecay: z.number().min(0).max(1).default(1e-2),
  /** Inner loop stops when the loss < earlyStop + i · earlyStopPerStep (null-text: 1e-5, 2e-5). */
  earlyStop: z.number().min(0).default(1e-5),
  earlyStopPerStep: z.number().min(0).default(2e-5),
  /** Stage 3 update of φ̃ per timestep: one fresh-Adam step (stage-2 lr schedule) or plain SGD. */
  frameOptimizer: z.enum(['adam', 'sgd']).default('adam'),
  /** SGD learning rate when frameOptimizer = 'sgd'. */
  sgdLearningRate: z.number().positive().default(1e-2),
  /** DCA weights λ for (frame 0, previous frame, own frame) (paper: 0.7 / 0.15 / 0.15). */
  lambdas: z
    .tuple([fraction, fraction, fraction])
    .refine((l) => l[0] + l[1] + l[2] > 0, 'at least one λ must be positive')
    .default([0.7, 0.15, 0.15]),
  /** CFG slot of the optimised embedding: 'uncond' (DESIGN §4, initialised from c) or 'cond'. */
  embeddingSlot: z.enum(['uncond', 'cond']).default('uncond'),
  /** Threshold on the min-max normalised cross-attention map → character mask M_{x_i}. */
  maskThreshold: fraction.default(0.3),
  /** ControlNet conditioning scale. */
  controlScale: z.number().min(0).max(2).default(1),
  /** Frames generated per stage-4 batch (besides frame 0 and the previous frame); bounds memory. */
  chunkSize: z.number().int().min(1).default(8),
  /** PATA options (DESIGN §4); edited in the studio's PATA preview. */
  pata: z
    .strictObject({
      /** Give every bone of the motion the character's length. */
      retargetBones: z.boolean().default(false),
      /** Largest joint motion per transition frame, as a fraction of the image's longer side. */
      maxJointStep: z.number().positive().max(0.5).default(0.02),
      /** Fixed number of transition frames; null = the fewest that respect maxJointStep. */
      transitionFrames: z.number().int().min(0).max(600).nullable().default(null),
    })
    .prefault({}),
  modules: z
    .strictObject({
      pacm: z.boolean().default(true),
      dcam: z.boolean().default(true),
      mgdm: z.boolean().default(true),
      pata: z.boolean().default(true),
    })
    .prefault({}),
})

export type PipelineSettings = z.output<typeof pipelineSettingsSchema>
export type PipelineSettingsInput = z.input<typeof pipelineSettingsSchema>

/** Validates user settings and fills the defaults; the error lists every bad field in words. */
export function parsePipelineSettings(input: unknown = {}): PipelineSettings {
  const result = pipelineSettingsSchema.safeParse(input ?? {})
  if (result.success) return result.data
  const problems = result.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`)
  throw new SettingsError(`Invalid render settings — ${problems.join('; ')}`)
}

export class SettingsError extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'SettingsError'
  }
}

/** Learning rate of timestep index i (0 = the first, noisiest step), as null-text inversion schedules it. */
export function learningRateAt(s: PipelineSettings, i: number): number {
  return s.learningRate * (1 - s.learningRateDecay * i)
}

/** Early-stop loss threshold of timestep index i. */
export function earlyStopAt(s: PipelineSettings, i: number): number {
  return s.earlyStop + i * s.earlyStopPerStep
}
