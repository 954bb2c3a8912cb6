// Field group "rig animation": the rig's keys as the studio edits them; the engine derives the motion
// from them (docs/decisions/0260). Bounds: docs/decisions/0280.
import { z } from 'zod'
import { MOTION_FRAME_MAX, motionFrameSchema } from './keyframes'

/** More joints than any rig has (the full OpenPose rig has fewer); a key lists one value per joint. */
export const RIG_JOINTS_MAX = 64
/** Longest timeline, in frames. */
export const RIG_FRAME_COUNT_MAX = MOTION_FRAME_MAX

const finite = z.number().finite()

export const rigEasingSchema = z.enum(['linear', 'easeInOut', 'easeIn', 'easeOut', 'hold'])

/** One rig key: root position, a local rotation (x, y, z, w) and a bone length per rig joint. */
export const rigKeySchema = z.strictObject({
  frame: motionFrameSchema,
  easing: rigEasingSchema,
  root: z.tuple([finite, finite, finite]),
  rotations: z.array(z.tuple([finite, finite, finite, finite])).max(RIG_JOINTS_MAX),
  lengths: z.array(finite.min(0)).max(RIG_JOINTS_MAX),
})

export const rigAnimationSchema = z.strictObject({
  /** Timeline length in frames. */
  frameCount: z.number().int().min(1).max(RIG_FRAME_COUNT_MAX),
  keys: z
    .array(rigKeySchema)
    .max(RIG_FRAME_COUNT_MAX)
    .refine((keys) => new Set(keys.map((k) => k.frame)).size === keys.length, 'two keys on one frame'),
})

export type RigEasing = z.infer<typeof rigEasingSchema>
export type RigKey = z.infer<typeof rigKeySchema>
export type RigAnimation = z.infer<typeof rigAnimationSchema>
