// Argument schemas of the render.* and export.* channels (spread into channelSchemas). The engine checks
// the render settings again with the pipeline's own schema; these bounds keep nonsense out of main.
import { z } from 'zod'
import type { ChannelArg, StudioChannel } from '../../src-preload/api'
import { projectId } from './fields'

type SchemasOf<N extends string> = { [C in Extract<StudioChannel, `${N}.${string}`>]: z.ZodType<ChannelArg<C>> }

const frame = z.number().int().min(0).max(100_000)
const jobRef = z.strictObject({ jobId: z.uuid() })
const renderSize = z.number().int().min(64).max(2048).multipleOf(64, 'must be a multiple of 64').nullable()
const lambda = z.number().min(0).max(1)

export const renderSettings = z.strictObject({
  width: renderSize,
  height: renderSize,
  steps: z.number().int().min(1).max(1000),
  guidance: z.number().min(0).max(50),
  frames: z.number().int().min(0).max(100_000),
  innerIterations: z.number().int().min(1).max(100),
  learningRate: z.number().positive().max(10),
  lambdas: z.tuple([lambda, lambda, lambda]).refine((l) => l[0] + l[1] + l[2] > 0, 'at least one λ must be positive'),
  chunkSize: z.number().int().min(1).max(1024),
  modules: z.strictObject({ pacm: z.boolean(), dcam: z.boolean(), mgdm: z.boolean(), pata: z.boolean() }),
})

export const renderSchemas: SchemasOf<'render'> = {
  'render.start': z.strictObject({ projectId, frames: z.array(frame).max(100_000).optional() }),
  'render.cancel': jobRef,
  'render.rerenderFrame': z.strictObject({ projectId, frame }),
  'render.rerenderStale': z.strictObject({ projectId }),
  'render.frames': z.strictObject({ projectId }),
  'render.frameImage': z.strictObject({ projectId, frame }),
  'render.settings': z.strictObject({ projectId }),
  'render.saveSettings': z.strictObject({ projectId, settings: renderSettings }),
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
