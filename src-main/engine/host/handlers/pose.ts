// Pose work on a project's source image: detection (MoveNet → OpenPose-18), the character mask (selfie
// segmentation) and the PATA preview. The networks load once per engine process, on first use.
import type { PataOptions, PataPreview, SourceState } from '../../../../src-preload/api'
import { denseMotion, motionKeyframes } from '../../project/projectMotion'
import { parsePipelineSettings } from '../../diffusion/settings'
import { decodeImage } from '../../image/decode'
import { resizeGray } from '../../image/resize'
import type { RgbImage } from '../../image/rgbImage'
import type { PoseDetector } from '../../pose/detect/detectPose'
import type { PersonSegmenter } from '../../pose/detect/segmentPerson'
import { runPata } from '../../pose/pata/pata'
import type { ProjectStore } from '../../store'
import { EngineUserError } from '../protocol'
import { method } from '../registry'
import {
  maskSizeFor,
  requireImage,
  sourceImageAsset,
  sourceState,
  storeMask,
  studioFields,
  updateStudioFields,
  userFacing,
} from './source'

export const poseMethods = {
  'source.detectPose': method<{ path: string }, SourceState>(async ({ path }, { engine }) => {
    const store = engine.projects.get(path)
    const image = sourceImage(store)
    const found = await (await detector()).detectOrNull(image)
    if (!found) {
      throw new EngineUserError(
        'No person was found in the image (fewer than 5 body keypoints were recognised). ' +
          'Place the skeleton by hand and drag its joints onto the character.',
      )
    }
    updateStudioFields(store, { sourcePose: found.pose, sourcePoseOrigin: 'detected' })
    return sourceState(store)
  }),

  'source.segmentMask': method<{ path: string }, SourceState>(async ({ path }, { engine }) => {
    const store = engine.projects.get(path)
    const image = sourceImage(store)
    // The project's pose (detected or corrected) seeds the refinement; without one the segmenter detects it.
    const pose = studioFields(store).sourcePose ?? undefined
    const mask = await (await segmenter()).segment(image, { pose })
    const size = maskSizeFor(image)
    storeMask(store, size.width === image.width ? mask : resizeGray(mask, size.width, size.height))
    return sourceState(store)
  }),

  'pata.preview': method<{ path: string; options?: PataOptions }, PataPreview>(({ path, options }, { engine }) => {
    const store = engine.projects.get(path)
    const size = requireImage(store)
    const fields = studioFields(store)
    if (!fields.sourcePose) throw new EngineUserError('The character has no pose yet: detect or place it first.')
    const motion = denseMotion(motionKeyframes(fields, store.keyframes.list(), () => size.width / size.height))
    if (motion.length === 0) throw new EngineUserError('There is no motion yet: key a pose on the timeline first.')
    const settings = parsePipelineSettings(fields.pipeline ?? {})
    const chosen = options ?? settings.pata
    return userFacing(() => {
      const result = runPata(fields.sourcePose!, motion, {
        ...size,
        enabled: settings.modules.pata,
        retargetBones: chosen.retargetBones,
        maxJointStep: chosen.maxJointStep,
        transitionFrames: chosen.transitionFrames ?? undefined,
      })
      return { ...result, options: chosen, enabled: settings.modules.pata }
    })
  }),

  'pata.saveOptions': method<{ path: string; options: PataOptions }, PataOptions>(({ path, options }, { engine }) => {
    const store = engine.projects.get(path)
    const pipeline = { ...studioFields(store).pipeline, pata: options }
    const parsed = parsePipelineSettings(pipeline) // refuses, in words, what the render would refuse
    updateStudioFields(store, { pipeline })
    return parsed.pata
  }),
}

function sourceImage(store: ProjectStore): RgbImage {
  requireImage(store)
  const asset = sourceImageAsset(store)!
  return decodeImage(store.assets.bytes(asset.hash)!, asset.name).image
}

let detectorLoad: Promise<PoseDetector> | null = null
let segmenterLoad: Promise<PersonSegmenter> | null = null

function detector(): Promise<PoseDetector> {
  detectorLoad ??= import('../../pose/detect/detectPose').then(({ PoseDetector }) => PoseDetector.load())
  detectorLoad.catch(() => (detectorLoad = null))
  return detectorLoad
}

function segmenter(): Promise<PersonSegmenter> {
  segmenterLoad ??= import('../../pose/detect/segmentPerson').then(({ PersonSegmenter }) => PersonSegmenter.load())
  segmenterLoad.catch(() => (segmenterLoad = null))
  return segmenterLoad
}
