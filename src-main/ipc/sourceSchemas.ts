// Argument schemas of the source.*, animation.*, models.* and pata.* channels (spread into channelSchemas).
// Field bounds come from the document's schemas (src-preload/document); the engine checks meaning (image
// decodes, mask size, model files).
import { z } from 'zod'
import type { ChannelArg, StudioChannel } from '../../src-preload/api'
import {
  base64Schema,
  FILE_NAME_MAX_CHARS,
  IMAGE_BASE64_MAX_CHARS,
  maskValuesSchema,
  modelRoleSchema,
  pataOptionsSchema,
  pose18Schema,
  rigAnimationSchema,
  sourceTextSchema,
} from '../../src-preload/document'
import { projectId } from './fields'

type SchemasOf<N extends string> = { [C in Extract<StudioChannel, `${N}.${string}`>]: z.ZodType<ChannelArg<C>> }

const ref = z.strictObject({ projectId })
const pose = pose18Schema

export const sourceSchemas: SchemasOf<'source'> = {
  'source.get': ref,
  'source.importImage': ref,
  'source.importImageBytes': z.strictObject({
    projectId,
    name: z.string().trim().min(1).max(FILE_NAME_MAX_CHARS),
    dataBase64: base64Schema(IMAGE_BASE64_MAX_CHARS),
  }),
  'source.image': ref,
  'source.detectPose': ref,
  'source.savePose': z.strictObject({ projectId, pose }),
  'source.segmentMask': ref,
  'source.mask': ref,
  'source.saveMask': z.strictObject({ projectId, ...maskValuesSchema.shape }),
  'source.saveText': z.strictObject({ projectId, ...sourceTextSchema.shape }),
}

export const animationSchemas: SchemasOf<'animation'> = {
  'animation.get': ref,
  'animation.save': z.strictObject({ projectId, ...rigAnimationSchema.shape }),
}

export const modelSchemas: SchemasOf<'models'> = {
  'models.get': ref,
  'models.choose': z.strictObject({
    projectId,
    role: modelRoleSchema,
    folder: z.boolean().optional(),
  }),
  'models.useDemo': ref,
}

export const pataSchemas: SchemasOf<'pata'> = {
  'pata.preview': z.strictObject({ projectId, options: pataOptionsSchema.optional() }),
  'pata.saveOptions': z.strictObject({ projectId, options: pataOptionsSchema }),
}
