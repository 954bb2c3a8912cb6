// Field group "PATA options" (DESIGN §4): how the motion is aligned to the character and joined to it;
// edited in the studio's PATA preview, stored inside the pipeline settings. Bounds: docs/decisions/0280.
import { z } from 'zod'

/** Largest joint step per transition frame, as a fraction of the image's longer side. */
export const MAX_JOINT_STEP_MAX = 0.5
export const TRANSITION_FRAMES_MAX = 600

export const PATA_DEFAULTS = { retargetBones: false, maxJointStep: 0.02, transitionFrames: null }

export const pataFields = {
  /** Give every bone of the motion the character's length. */
  retargetBones: z.boolean(),
  /** Largest joint motion per transition frame, as a fraction of the image's longer side. */
  maxJointStep: z.number().positive().max(MAX_JOINT_STEP_MAX),
  /** Fixed number of transition frames; null = the fewest that respect maxJointStep. */
  transitionFrames: z.number().int().min(0).max(TRANSITION_FRAMES_MAX).nullable(),
}

/** The options as the studio sends them: every field given. */
export const pataOptionsSchema = z.strictObject(pataFields)

export type PataOptions = z.infer<typeof pataOptionsSchema>
