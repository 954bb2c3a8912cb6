// A project described in one JSON file (the bundled demo, batch jobs on a farm). It is never modified:
// `poseanimate render project.json` imports it into a project database (see importProject.ts).
//   {
//     "format": "poseanimate-project", "version": 1,
//     "name": "…", "image": "source.jpg"            (relative to the JSON file),
//     "mask": "mask.png"                            (optional character mask, white = character;
//                                                    segmented at render time when absent),
//     "prompt": "…", "characterWords": ["astronaut"] (the prompt words naming the character),
//     "fps": 8, "sourcePose": Pose18 | null          (null: detect it at render time),
//     "keyframes": [{ "frame": 0, "pose": Pose18 }, …] (the target motion),
//     "model": "demo" | { "checkpoint": "…", "controlnet": "…" } (paths relative to the JSON file),
//     "render": { "width": 128, "steps": 8, … }      (pipeline settings; see diffusion/settings.ts)
//   }
import { UserError } from '../errors'
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { z } from 'zod'
import {
  characterWordsSchema,
  DEFAULT_PROJECT_SETTINGS,
  fpsSchema,
  keyframeSchema,
  KEYFRAMES_MAX,
  modelRefSchema,
  pipelineInputSchema,
  pose18Schema,
  projectNameSchema,
  promptSchema,
} from '../../../src-preload/document'

export type { ModelRef } from '../../../src-preload/document'

export const PROJECT_JSON_FORMAT = 'poseanimate-project'

const filePath = z.string().min(1).max(4096)

/** The document's field schemas (src-preload/document, decision 0280): the bounds the studio's IPC has. */
export const projectJsonSchema = z.strictObject({
  format: z.literal(PROJECT_JSON_FORMAT),
  version: z.literal(1),
  name: projectNameSchema,
  image: filePath,
  mask: filePath.optional(),
  prompt: promptSchema,
  characterWords: characterWordsSchema.default([]),
  fps: fpsSchema.default(DEFAULT_PROJECT_SETTINGS.fps),
  sourcePose: pose18Schema.nullable().default(null),
  // Two keyframes on one frame are refused by the keyframe store, with the message every path shares.
  keyframes: z.array(keyframeSchema).min(1, 'the target motion needs at least one keyframe').max(KEYFRAMES_MAX),
  model: modelRefSchema.optional(),
  render: pipelineInputSchema.default({}),
})

export type ProjectJson = z.output<typeof projectJsonSchema>

export class ProjectJsonError extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'ProjectJsonError'
  }
}

/** Parses and validates a project JSON file; paths inside become absolute (relative to the file). */
export function readProjectJson(path: string): ProjectJson {
  let text: string
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '') // a UTF-8 BOM (Windows editors) is not content
  } catch (err) {
    throw new ProjectJsonError(`Cannot read project file ${path}: ${(err as Error).message}`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    throw new ProjectJsonError(`${path} is not valid JSON: ${(err as Error).message}`)
  }
  const result = projectJsonSchema.safeParse(data)
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    throw new ProjectJsonError(`${path} is not a valid PoseAnimate project: ${problems.join('; ')}`)
  }
  return absolutePaths(result.data, dirname(resolve(path)))
}

function absolutePaths(project: ProjectJson, base: string): ProjectJson {
  const model =
    project.model === undefined || project.model === 'demo'
      ? project.model
      : {
          checkpoint: resolve(base, project.model.checkpoint),
          controlnet: project.model.controlnet && resolve(base, project.model.controlnet),
        }
  const mask = project.mask && resolve(base, project.mask)
  return { ...project, image: resolve(base, project.image), mask, model }
}
