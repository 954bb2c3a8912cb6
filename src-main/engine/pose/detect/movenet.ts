// MoveNet single-pose (Thunder 256², Lightning 192²; TF Hub, Apache-2.0) on the tfjs WASM backend.
// Input: the image padded to a centred square, resized, int32 RGB 0..255, [1, N, N, 3]. Output
// Identity:0 [1, 1, 17, 3]: (y, x, score) per COCO-17 joint, normalised to that square.
import { join } from 'node:path'
import type { RgbImage } from '../../image/rgbImage'
import { resizeRgb } from '../../image/resize'
import { createRgbImage } from '../../image/rgbImage'
import type { Keypoint } from '../openpose'
import { defaultPoseModelDir, loadLocalGraphModel, tf, type GraphModel } from './tfjsRuntime'

export type MoveNetVariant = 'thunder' | 'lightning'

const INPUT_SIZE: Record<MoveNetVariant, number> = { thunder: 256, lightning: 192 }

/** A square window of the image, in image pixels (may extend past the borders; outside is black). */
export interface CropWindow {
  left: number
  top: number
  size: number
}

export class MoveNet {
  private constructor(
    private readonly model: GraphModel,
    readonly variant: MoveNetVariant,
  ) {}

  static async load(variant: MoveNetVariant = 'thunder', modelDir = defaultPoseModelDir()): Promise<MoveNet> {
    return new MoveNet(await loadLocalGraphModel(join(modelDir, `movenet-${variant}.json`)), variant)
  }

  /** The whole image, padded to a centred square. */
  static fullFrame(image: RgbImage): CropWindow {
    const size = Math.max(image.width, image.height)
    return { left: (image.width - size) / 2, top: (image.height - size) / 2, size }
  }

  /** COCO-17 keypoints in normalised image coordinates (x / width, y / height) with MoveNet scores. */
  async run(image: RgbImage, window: CropWindow = MoveNet.fullFrame(image)): Promise<Keypoint[]> {
    const n = INPUT_SIZE[this.variant]
    const used = {
      left: Math.round(window.left),
      top: Math.round(window.top),
      size: Math.max(1, Math.round(window.size)),
    }
    const input = resizeRgb(cropSquare(image, used), n, n)
    const output = tf.tidy(() => {
      const tensor = tf.tensor4d(Int32Array.from(input.data), [1, n, n, 3], 'int32')
      return this.model.execute(tensor) as tf.Tensor
    })
    const values = await output.data()
    output.dispose()
    return Array.from({ length: 17 }, (_, j) => ({
      x: (used.left + values[j * 3 + 1] * used.size) / image.width,
      y: (used.top + values[j * 3] * used.size) / image.height,
      confidence: values[j * 3 + 2],
    }))
  }

  dispose(): void {
    this.model.dispose()
  }
}

/** Copies an integer square window out of the image; pixels outside the image stay black. */
function cropSquare(image: RgbImage, { left, top, size }: CropWindow): RgbImage {
  const out = createRgbImage(size, size)
  for (let y = Math.max(0, -top); y < Math.min(size, image.height - top); y++) {
    const x0 = Math.max(0, -left)
    const x1 = Math.min(size, image.width - left)
    if (x1 <= x0) continue
    const from = ((top + y) * image.width + left + x0) * 3
    out.data.set(image.data.subarray(from, from + (x1 - x0) * 3), (y * size + x0) * 3)
  }
  return out
}
