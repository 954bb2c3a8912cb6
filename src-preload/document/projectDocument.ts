// The project document: everything a project holds besides its assets, keyframe table, renders and cache,
// composed from one schema per field group. Stored as the settings row of the project database:
// { fps, width, height, prompt, render: DocumentFields } (decisions 0130, 0150, 0260; this shape: 0280).
import { z } from 'zod'
import { maskValuesSchema } from './mask'
import { modelRefSchema } from './model'
import { pose18Schema, posePartsSchema } from './pose'
import { projectSettingsSchema } from './projectSettings'
import { pipelineInputSchema } from './renderSettings'
import { rigAnimationSchema } from './rigAnimation'
import { assetHashSchema, characterWordsSchema, imageSizeSchema, poseOriginSchema } from './source'

const maskSize = maskValuesSchema.pick({ width: true, height: true })

/** What a render and the studio's panels keep beside the project settings ("settings.render"). */
export const documentFieldsSchema = z.looseObject({
  /** Hash of the current source image (absent: the newest one). */
  sourceImage: assetHashSchema.optional(),
  /** Pixel size of the source image (the studio writes it on import; absent in imported project JSON). */
  sourceImageSize: imageSizeSchema.optional(),
  /** Hash of the character mask (white = character); segmented at render time when absent. */
  sourceMask: assetHashSchema.optional(),
  /** The stored mask's own resolution (the image's, capped for editing). */
  sourceMaskSize: maskSize.optional(),
  characterWords: characterWordsSchema.optional(),
  /** The character's pose; null = detect it at render time. */
  sourcePose: pose18Schema.nullable().optional(),
  sourcePoseOrigin: poseOriginSchema.optional(),
  /** The source pose's hands and face (absent: none; a body-only project keeps its keys, 0340). */
  sourcePoseParts: posePartsSchema.optional(),
  /** The rig's keys; when present they are the motion (the keyframe table is ignored, 0260). */
  animation: rigAnimationSchema.optional(),
  model: modelRefSchema.optional(),
  /** Pipeline settings as given (defaults are filled when a render reads them). */
  pipeline: pipelineInputSchema.optional(),
})

/** The settings row as stored (keys this version does not know are kept). */
export const storedSettingsSchema = z.looseObject({
  ...projectSettingsSchema.shape,
  render: documentFieldsSchema.optional(),
})

export type DocumentFields = z.infer<typeof documentFieldsSchema>
