// Pose work on a project's source image: detection (MoveNet → OpenPose-18), the character mask (selfie
// segmentation) and the PATA preview and options. The networks load once per engine process, on first use.
import type { PataOptions, PataPreview, SourceState } from '../../../src-preload/api'
import { parsePipelineSettings } from '../diffusion/settings'
import { UserError } from '../errors'
import { decodeImage } from '../image/decode'
import { resizeGray } from '../image/resize'
import type { RgbImage } from '../image/rgbImage'
import type { PoseDetector } from '../pose/detect/detectPose'
import type { PersonSegmenter } from '../pose/detect/segmentPerson'
import { hasParts, withParts } from '../pose/fullPose'
import { runPata } from '../pose/pata/pata'
import { runFullPata } from '../pose/pata/pataFull'
import { denseMotion, motionKeyframes, motionParts } from '../project/projectMotion'
import type { ProjectStore } from '../store'
import { maskSizeFor, requireImage, saveSourcePose, sourceImageAsset, sourceState, storeMask } from './source'

export async function detectSourcePose(store: ProjectStore): Promise<SourceState> {
  const image = sourceImage(store)
  const found = await (await detector()).detectOrNull(image)
  if (!found) {
    throw new UserError(
      'No person was found in the image (fewer than 5 body keypoints were recognised). ' +
        'Place the skeleton by hand and drag its joints onto the character.',
    )
  }
  return saveSourcePose(store, found.pose, 'detected')
}

export async function segmentSourceMask(store: ProjectStore): Promise<SourceState> {
  const image = sourceImage(store)
  // The project's pose (detected or corrected) seeds the refinement; without one the segmenter detects it.
  const pose = store.document.fields().sourcePose ?? undefined
  const mask = await (await segmenter()).segment(image, { pose })
  const size = maskSizeFor(image)
  storeMask(store, size.width === image.width ? mask : resizeGray(mask, size.width, size.height))
  return sourceState(store)
}

/** PATA on the source pose and the project's motion, with the saved options or the ones given. */
export function pataPreview(store: ProjectStore, options?: PataOptions): PataPreview {
  const size = requireImage(store)
  const fields = store.document.fields()
  const sourcePose = fields.sourcePose
  if (!sourcePose) throw new UserError('The character has no pose yet: detect or place it first.')
  const motion = denseMotion(motionKeyframes(fields, store.keyframes.list(), () => size.width / size.height))
  if (motion.length === 0) throw new UserError('There is no motion yet: key a pose on the timeline first.')
  const settings = parsePipelineSettings(fields.pipeline ?? {})
  const chosen = options ?? settings.pata
  const pataOptions = {
    ...size,
    enabled: settings.modules.pata,
    retargetBones: chosen.retargetBones,
    maxJointStep: chosen.maxJointStep,
    transitionFrames: chosen.transitionFrames ?? undefined,
  }
  const base = { options: chosen, enabled: settings.modules.pata }
  const source = withParts(sourcePose, fields.sourcePoseParts)
  const parts = motionParts(fields, () => size.width / size.height)
  if (!hasParts(source) && !parts) return { ...runPata(sourcePose, motion, pataOptions), ...base }
  // Hands and face move with their wrist and head through alignment and transition (decision 0220).
  const full = runFullPata(
    source,
    motion.map((body, i) => withParts(body, parts?.[i])),
    pataOptions,
  )
  const poses = full.poses.map((p) => p.body)
  return { ...full, poses, parts: full.poses.map(({ leftHand, rightHand, face }) => ({ leftHand, rightHand, face })), ...base } // prettier-ignore
}

export function savePataOptions(store: ProjectStore, options: PataOptions): PataOptions {
  let saved: PataOptions | undefined
  store.document.patch(({ fields }) => {
    const pipeline = { ...fields.pipeline, pata: options }
    saved = parsePipelineSettings(pipeline).pata // refuses, in words, what the render would refuse
    return { fields: { pipeline } }
  })
  return saved!
}

function sourceImage(store: ProjectStore): RgbImage {
  requireImage(store)
  const asset = sourceImageAsset(store)!
  return decodeImage(store.assets.bytes(asset.hash)!, asset.name).image
}

let detectorLoad: Promise<PoseDetector> | null = null
let segmenterLoad: Promise<PersonSegmenter> | null = null

function detector(): Promise<PoseDetector> {
  detectorLoad ??= import('../pose/detect/detectPose').then(({ PoseDetector }) => PoseDetector.load())
  detectorLoad.catch(() => (detectorLoad = null))
  return detectorLoad
}

function segmenter(): Promise<PersonSegmenter> {
  segmenterLoad ??= import('../pose/detect/segmentPerson').then(({ PersonSegmenter }) => PersonSegmenter.load())
  segmenterLoad.catch(() => (segmenterLoad = null))
  return segmenterLoad
}
