// Field group "project settings": name, frame rate, canvas size and prompt, the row every project has
// (store: projects.settings). Bounds shared by project.create, source.saveText and project JSON (0280).
import { z } from 'zod'

export const PROJECT_NAME_MAX_CHARS = 120
export const FPS_MIN = 1
export const FPS_MAX = 120
export const PROJECT_SIDE_MIN = 64
export const PROJECT_SIDE_MAX = 2048
export const PROJECT_SIDE_STEP = 8
export const PROMPT_MAX_CHARS = 2000

export const projectNameSchema = z.string().trim().min(1, 'must not be empty').max(PROJECT_NAME_MAX_CHARS)
/** Frames per second; fractional rates (23.976) are allowed. */
export const fpsSchema = z.number().min(FPS_MIN).max(FPS_MAX)
export const projectSideSchema = z
  .number()
  .int()
  .min(PROJECT_SIDE_MIN)
  .max(PROJECT_SIDE_MAX)
  .multipleOf(PROJECT_SIDE_STEP, `must be a multiple of ${PROJECT_SIDE_STEP}`)
export const promptSchema = z.string().max(PROMPT_MAX_CHARS)

export const projectSettingsSchema = z.object({
  fps: fpsSchema,
  width: projectSideSchema,
  height: projectSideSchema,
  prompt: promptSchema,
})

export type ProjectSettings = z.infer<typeof projectSettingsSchema>

export const DEFAULT_PROJECT_SETTINGS: ProjectSettings = { fps: 12, width: 512, height: 512, prompt: '' }
