// Argument schemas of the source.*, animation.*, models.* and pata.* channels (spread into channelSchemas).
// The engine checks meaning (image decodes, mask size, model files); these bounds keep nonsense out of main.
import { z } from 'zod'
import type { ChannelArg, StudioChannel } from '../../src-preload/api'
import { projectId } from './fields'

type SchemasOf<N extends string> = { [C in Extract<StudioChannel, `${N}.${string}`>]: z.ZodType<ChannelArg<C>> }

const ref = z.strictObject({ projectId })
/** Bytes as base64 text of at most `maxChars` characters. */
const base64 = (maxChars: number) =>
  z
    .string()
    .max(maxChars, 'is too large')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
const finite = z.number().finite()
const keypoint = z.union([
  z.null(),
  z.strictObject({ x: finite.min(-1).max(2), y: finite.min(-1).max(2), confidence: z.number().min(0).max(1) }),
])
const pose18 = z.array(keypoint).length(18, 'a pose has exactly 18 OpenPose keypoints')
const maskSide = z.number().int().min(1).max(4096)

const rigKey = z.strictObject({
  frame: z.number().int().min(0).max(100_000),
  easing: z.enum(['linear', 'easeInOut', 'easeIn', 'easeOut', 'hold']),
  root: z.tuple([finite, finite, finite]),
  rotations: z.array(z.tuple([finite, finite, finite, finite])).max(64),
  lengths: z.array(finite.min(0)).max(64),
})

export const pataOptions = z.strictObject({
  retargetBones: z.boolean(),
  maxJointStep: z.number().positive().max(0.5),
  transitionFrames: z.number().int().min(0).max(600).nullable(),
})

export const sourceSchemas: SchemasOf<'source'> = {
  'source.get': ref,
  'source.importImage': ref,
  'source.importImageBytes': z.strictObject({
    projectId,
    name: z.string().trim().min(1).max(255),
    dataBase64: base64(90_000_000),
  }),
  'source.image': ref,
  'source.detectPose': ref,
  'source.savePose': z.strictObject({ projectId, pose: pose18 }),
  'source.segmentMask': ref,
  'source.mask': ref,
  'source.saveMask': z.strictObject({ projectId, width: maskSide, height: maskSide, valuesBase64: base64(23_000_000) }),
  'source.saveText': z.strictObject({
    projectId,
    prompt: z.string().max(2000),
    characterWords: z.array(z.string().trim().min(1).max(80)).max(32),
  }),
}

export const animationSchemas: SchemasOf<'animation'> = {
  'animation.get': ref,
  'animation.save': z.strictObject({
    projectId,
    frameCount: z.number().int().min(1).max(100_000),
    keys: z
      .array(rigKey)
      .max(100_000)
      .refine((keys) => new Set(keys.map((k) => k.frame)).size === keys.length, 'two keys on one frame'),
  }),
}

export const modelSchemas: SchemasOf<'models'> = {
  'models.get': ref,
  'models.choose': z.strictObject({
    projectId,
    role: z.enum(['checkpoint', 'controlnet']),
    folder: z.boolean().optional(),
  }),
  'models.useDemo': ref,
}

export const pataSchemas: SchemasOf<'pata'> = {
  'pata.preview': z.strictObject({ projectId, options: pataOptions.optional() }),
  'pata.saveOptions': z.strictObject({ projectId, options: pataOptions }),
}
