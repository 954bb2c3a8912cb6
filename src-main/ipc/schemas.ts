// One zod schema per channel for the argument the renderer sends. The mapped type makes the compiler
// insist on a schema for every channel of the contract, and that each schema yields that channel's type.
import { z } from 'zod'
import type { ChannelArg, StudioChannel } from '../../src-preload/api'
import { animationSchemas, modelSchemas, pataSchemas, sourceSchemas } from './sourceSchemas'
import { projectId } from './fields'
import { exportSchemas, renderSchemas } from './renderSchemas'

const noArgument = z.undefined({ error: 'this call takes no argument' })

export { projectId }

const keypoint = z.union([
  z.null(),
  z.strictObject({ x: z.number(), y: z.number(), confidence: z.number().min(0).max(1) }),
])
const pose18 = z.array(keypoint).length(18, 'a pose has exactly 18 OpenPose keypoints')
const keyframe = z.strictObject({ frame: z.number().int().min(0).max(1_000_000), pose: pose18 })

const keyframes = z
  .array(keyframe)
  .max(100_000)
  .superRefine((list, ctx) => {
    const seen = new Set<number>()
    list.forEach((k, i) => {
      if (seen.has(k.frame))
        ctx.addIssue({ code: 'custom', path: [i, 'frame'], message: `frame ${k.frame} appears twice` })
      seen.add(k.frame)
    })
  })

const projectName = z.string().trim().min(1, 'must not be empty').max(120)
const dimension = z.number().int().min(64).max(2048).multipleOf(8, 'must be a multiple of 8')

export const channelSchemas: { [C in StudioChannel]: z.ZodType<ChannelArg<C>> } = {
  'app.info': noArgument,
  'project.list': noArgument,
  'project.create': z.strictObject({
    name: projectName,
    fps: z.number().int().min(1).max(120).optional(),
    width: dimension.optional(),
    height: dimension.optional(),
  }),
  'project.open': z.strictObject({ projectId }),
  'project.saveKeyframes': z.strictObject({ projectId, keyframes }),
  'project.rename': z.strictObject({ projectId, name: projectName }),
  ...sourceSchemas,
  ...animationSchemas,
  ...modelSchemas,
  ...pataSchemas,
  ...renderSchemas,
  ...exportSchemas,
}

/** "project.create: name: must not be empty; fps: expected number, received string". */
export function describeIssues(channel: string, error: z.ZodError): string {
  const issues = error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join('.') : 'argument'
    return `${field}: ${issue.message}`
  })
  return `Invalid argument for ${channel}: ${issues.join('; ')}`
}
