// Argument schemas of the render.* and export.* channels (spread into channelSchemas). Render settings and
// frame numbers use the document's schemas (src-preload/document), the same ones the pipeline parses with.
import { z } from 'zod'
import type { ChannelArg, StudioChannel } from '../../src-preload/api'
import { motionFrameSchema, MOTION_FRAME_MAX, renderSettingsSchema } from '../../src-preload/document'
import { projectId } from './fields'

type SchemasOf<N extends string> = { [C in Extract<StudioChannel, `${N}.${string}`>]: z.ZodType<ChannelArg<C>> }

const frame = motionFrameSchema
const jobRef = z.strictObject({ jobId: z.uuid() })
export const renderSchemas: SchemasOf<'render'> = {
  'render.start': z.strictObject({
    projectId,
    frames: z
      .array(frame)
      .max(MOTION_FRAME_MAX + 1)
      .optional(),
  }),
  'render.cancel': jobRef,
  'render.rerenderFrame': z.strictObject({ projectId, frame }),
  'render.rerenderStale': z.strictObject({ projectId }),
  'render.frames': z.strictObject({ projectId }),
  'render.frameImage': z.strictObject({ projectId, frame }),
  'render.settings': z.strictObject({ projectId }),
  'render.saveSettings': z.strictObject({ projectId, settings: renderSettingsSchema }),
}

const outputSide = z.number().int().min(16).max(8192)

export const exportSchemas: SchemasOf<'export'> = {
  'export.chooseTarget': z.strictObject({ projectId, format: z.enum(['mp4', 'webm', 'gif', 'png']) }),
  'export.start': z.strictObject({
    projectId,
    targetId: z.uuid(),
    fps: z.number().min(1).max(120),
    width: outputSide.optional(),
    height: outputSide.optional(),
  }),
  'export.cancel': jobRef,
  'export.reveal': z.strictObject({ targetId: z.uuid() }),
}
