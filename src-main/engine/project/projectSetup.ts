// How a project database holds what a render needs beyond the foundation's ProjectSettings
// (fps, width, height, prompt) and keyframes — decisions 0130 and 0280:
//   assets: the source image, kind 'source-image'; an optional character mask, kind 'source-mask'
//   the document's fields (store.document, typed by src-preload/document): sourceImage? (asset hash;
//   default the newest source image), sourceMask?, sourceImageSize?, characterWords?, sourcePose?,
//   animation? (rig keys, 0260), model?, pipeline?
// readRenderProject turns that back into the pipeline's RenderSetup + model reference + settings input.
import type { DocumentFields, Keyframe, Pose18, StoredPipelineSettings } from '../../../src-preload/document'
import { assertSourceSize, decodeImage } from '../image/decode'
import type { PoseParts } from '../pose/fullPose'
import type { ProjectStore } from '../store'
import { resizeGray } from '../image/resize'
import { createGrayImage, type GrayImage, type RgbImage } from '../image/rgbImage'
import { ProjectJsonError, type ModelRef } from './projectJson'
import { denseMotion, motionKeyframes, motionParts } from './projectMotion'

export const SOURCE_IMAGE_KIND = 'source-image'
export const SOURCE_MASK_KIND = 'source-mask'

export interface RenderProject {
  name: string
  fps: number
  sourceImage: RgbImage
  /** Soft character mask at image size (white = character); segmented at render time when absent. */
  sourceMask?: GrayImage
  prompt: string
  characterWords: string[]
  sourcePose?: Pose18
  /** The source pose's hands and face, when the project placed them (decision 0340). */
  sourceParts?: PoseParts
  /** One pose per timeline frame, from the first key to the last (projectMotion.ts). */
  motion: Pose18[]
  /** Each motion frame's hands and face, when rig keys carry them (decision 0341). */
  motionParts?: PoseParts[]
  model?: ModelRef
  pipeline: StoredPipelineSettings
}

export function readRenderProject(store: ProjectStore): RenderProject {
  const { name, settings, fields } = store.document.read()
  const sourceImage = sourceImageOf(store, fields)
  const aspect = () => sourceImage.width / sourceImage.height
  return {
    name,
    fps: settings.fps,
    sourceImage,
    sourceMask: fields.sourceMask ? readMask(store, fields.sourceMask, sourceImage) : undefined,
    prompt: settings.prompt,
    characterWords: fields.characterWords ?? [],
    sourcePose: fields.sourcePose ?? undefined,
    sourceParts: fields.sourcePose ? fields.sourcePoseParts : undefined,
    motion: denseMotion(motionKeyframes(fields, store.keyframes.list(), aspect)),
    motionParts: motionParts(fields, aspect),
    model: fields.model,
    pipeline: fields.pipeline ?? {},
  }
}

function readMask(store: ProjectStore, hash: string, image: RgbImage): GrayImage {
  const bytes = store.assets.bytes(hash)
  if (!bytes) throw new ProjectJsonError(`${store.path} lost its character mask: import the mask again.`)
  const rgb = decodeImage(bytes, 'the character mask').image
  assertSourceSize(rgb, 'the character mask')
  const mask = createGrayImage(rgb.width, rgb.height)
  for (let i = 0; i < mask.data.length; i++) mask.data[i] = rgb.data[i * 3] / 255
  return mask.width === image.width && mask.height === image.height ? mask : resizeGray(mask, image.width, image.height)
}

/** The motion as the project's details list it; empty while rig keys lack the pose or image to derive from. */
export function projectKeyframes(store: ProjectStore): Keyframe[] {
  const fields = store.document.fields()
  try {
    return motionKeyframes(fields, store.keyframes.list(), () => sourceAspect(store, fields))
  } catch (err) {
    if (err instanceof ProjectJsonError) return []
    throw err
  }
}

function sourceAspect(store: ProjectStore, fields: DocumentFields): number {
  const size = fields.sourceImageSize ?? sourceImageOf(store, fields)
  return size.width / size.height
}

/** The image the project renders from: the one the document names, else the newest. */
function sourceImageOf(store: ProjectStore, fields: DocumentFields): RgbImage {
  const images = store.assets.list().filter((a) => a.kind === SOURCE_IMAGE_KIND)
  const image = fields.sourceImage ? images.find((a) => a.hash === fields.sourceImage) : images.at(-1)
  if (!image) throw new ProjectJsonError(`${store.path} has no source image: import the character image first.`)
  const sourceImage = decodeImage(store.assets.bytes(image.hash)!, image.name).image
  assertSourceSize(sourceImage, `the character image ${image.name}`)
  return sourceImage
}
