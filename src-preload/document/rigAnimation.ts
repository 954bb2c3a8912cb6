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

/** Finger joints a hand pose lists: three per finger, thumb → little (motion/rig/hand.ts). */
export const HAND_FLEX_COUNT = 15
/** Largest flexion a finger joint takes either way, in radians (a finger cannot fold over twice). */
const FLEX_MAX = Math.PI

/** A hand pose: one flexion angle per finger joint (radians) and how far the fingers fan apart. */
export const rigHandSchema = z.strictObject({
  flex: z.array(z.number().min(-FLEX_MAX).max(FLEX_MAX)).length(HAND_FLEX_COUNT),
  spread: z.number().min(-1).max(2),
})

const weight = z.number().min(0).max(1)
/** The face's expression weights (motion/rig/face.ts). */
export const rigFaceSchema = z.strictObject({ smile: weight, openMouth: weight, eyesClosed: weight })

/** One rig key: root position, a local rotation (x, y, z, w) and a bone length per rig joint; optionally
 *  a hand pose per side and a face expression (absent in body-only keys and in projects from before 0341). */
export const rigKeySchema = z.strictObject({
  frame: motionFrameSchema,
  easing: rigEasingSchema,
  root: z.tuple([finite, finite, finite]),
  rotations: z.array(z.tuple([finite, finite, finite, finite])).max(RIG_JOINTS_MAX),
  lengths: z.array(finite.min(0)).max(RIG_JOINTS_MAX),
  hands: z.strictObject({ left: rigHandSchema.nullable(), right: rigHandSchema.nullable() }).optional(),
  face: rigFaceSchema.nullable().optional(),
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
export type RigHand = z.infer<typeof rigHandSchema>
export type RigAnimation = z.infer<typeof rigAnimationSchema>
