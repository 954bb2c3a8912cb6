// Field group "model choice": the built-in demo model, or an SD 1.5 checkpoint with its ControlNet
// OpenPose (paths as the user chose them; a project JSON's are relative to the JSON). docs/decisions/0280.
import { z } from 'zod'

export const DEMO_MODEL = 'demo'
/** Longer than any path an operating system accepts. */
export const MODEL_PATH_MAX_CHARS = 4096

const modelPath = z.string().min(1).max(MODEL_PATH_MAX_CHARS)

export const modelRefSchema = z.union([
  z.literal(DEMO_MODEL),
  z.strictObject({ checkpoint: modelPath, controlnet: modelPath.optional() }),
])

export const modelRoleSchema = z.enum(['checkpoint', 'controlnet'])

export type ModelRef = z.infer<typeof modelRefSchema>
export type ModelRole = z.infer<typeof modelRoleSchema>
