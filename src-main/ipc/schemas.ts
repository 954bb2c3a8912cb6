// One zod schema per channel for the argument the renderer sends. The mapped type makes the compiler
// insist on a schema for every channel of the contract, and that each schema yields that channel's type.
// Project fields use the document's schemas (src-preload/document, 0280): IPC, project JSON and the
// engine share their bounds.
import { z } from 'zod'
import type { ChannelArg, StudioChannel } from '../../src-preload/api'
import {
  fpsSchema,
  keyframesSchema,
  projectNameSchema,
  projectSideSchema,
  providerChoiceSchema,
} from '../../src-preload/document'
import { animationSchemas, modelSchemas, pataSchemas, sourceSchemas } from './sourceSchemas'
import { projectId } from './fields'
import { exportSchemas, renderSchemas } from './renderSchemas'

const noArgument = z.undefined({ error: 'this call takes no argument' })

export { projectId }

export const channelSchemas: { [C in StudioChannel]: z.ZodType<ChannelArg<C>> } = {
  'app.info': noArgument,
  'app.setProvider': z.strictObject({ provider: providerChoiceSchema }),
  'project.list': noArgument,
  'project.create': z.strictObject({
    name: projectNameSchema,
    fps: fpsSchema.optional(),
    width: projectSideSchema.optional(),
    height: projectSideSchema.optional(),
  }),
  'project.open': z.strictObject({ projectId }),
  'project.saveKeyframes': z.strictObject({ projectId, keyframes: keyframesSchema }),
  'project.rename': z.strictObject({ projectId, name: projectNameSchema }),
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
