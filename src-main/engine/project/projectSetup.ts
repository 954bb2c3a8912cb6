// How a project database holds what a render needs beyond the foundation's ProjectSettings
// (fps, width, height, prompt) and keyframes — decision docs/decisions/0130:
//   assets: the source image, kind 'source-image'; an optional character mask, kind 'source-mask'
//   settings.render: { sourceImage? (asset hash; default the newest source image), sourceMask? (hash),
//                      characterWords?,
//                      sourcePose?, model?, pipeline? } (extra JSON in the settings row)
// readRenderProject turns that back into the pipeline's RenderSetup + model reference + settings input.
import type { Keyframe, Pose18 } from '../../../src-preload/api'
import { assertSourceSize, decodeImage } from '../image/decode'
import type { ProjectStore } from '../store'
import { resizeGray } from '../image/resize'
import { createGrayImage, type GrayImage, type RgbImage } from '../image/rgbImage'
import { ProjectJsonError, type ModelRef } from './projectJson'

export const SOURCE_IMAGE_KIND = 'source-image'
export const SOURCE_MASK_KIND = 'source-mask'

export interface RenderFields {
  sourceImage?: string
  sourceMask?: string
  characterWords?: string[]
  sourcePose?: Pose18 | null
  model?: ModelRef
  /** Pipeline settings input (diffusion/settings.ts validates it). */
  pipeline?: Record<string, unknown>
}

export interface RenderProject {
  name: string
  fps: number
  sourceImage: RgbImage
  /** Soft character mask at image size (white = character); segmented at render time when absent. */
  sourceMask?: GrayImage
  prompt: string
  characterWords: string[]
  sourcePose?: Pose18
  /** One pose per timeline frame, from the first keyframe to the last (gaps filled linearly). */
  motion: Pose18[]
  model?: ModelRef
  pipeline: Record<string, unknown>
}

export function renderFields(store: ProjectStore): RenderFields {
  const settings = store.record().settings as unknown as { render?: RenderFields }
  return settings.render ?? {}
}

export function readRenderProject(store: ProjectStore): RenderProject {
  const { name, settings } = store.record()
  const fields = renderFields(store)
  const images = store.assets.list().filter((a) => a.kind === SOURCE_IMAGE_KIND)
  const image = fields.sourceImage ? images.find((a) => a.hash === fields.sourceImage) : images.at(-1)
  if (!image) throw new ProjectJsonError(`${store.path} has no source image: import the character image first.`)
  const sourceImage = decodeImage(store.assets.bytes(image.hash)!, image.name).image
  assertSourceSize(sourceImage, `the character image ${image.name}`)
  return {
    name,
    fps: settings.fps,
    sourceImage,
    sourceMask: fields.sourceMask ? readMask(store, fields.sourceMask, sourceImage) : undefined,
    prompt: settings.prompt,
    characterWords: fields.characterWords ?? [],
    sourcePose: fields.sourcePose ?? undefined,
    motion: denseMotion(store.keyframes.list()),
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

/** Keyframes → one pose per frame; frames between two keyframes are linear in-betweens. */
export function denseMotion(keyframes: readonly Keyframe[]): Pose18[] {
  const keys = [...keyframes].sort((a, b) => a.frame - b.frame)
  const motion: Pose18[] = []
  keys.forEach((key, i) => {
    const next = keys[i + 1]
    motion.push(key.pose)
    if (!next) return
    for (let f = key.frame + 1; f < next.frame; f++) {
      motion.push(lerpPose(key.pose, next.pose, (f - key.frame) / (next.frame - key.frame)))
    }
  })
  return motion
}

function lerpPose(a: Pose18, b: Pose18, t: number): Pose18 {
  return a.map((p, i) => {
    const q = b[i]
    if (!p || !q) return t < 0.5 ? p : q
    return { x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t, confidence: Math.min(p.confidence, q.confidence) }
  })
}
