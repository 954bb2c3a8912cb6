// Source pose detection: MoveNet on the whole image, then once more on a square crop around the person
// it found (small or off-centre people get more of the network's input), mapped to OpenPose-18.
import { UserError } from '../../errors'
import type { RgbImage } from '../../image/rgbImage'
import { cocoToOpenPose } from '../coco'
import type { Keypoint, Pose18 } from '../openpose'
import { MoveNet, type CropWindow, type MoveNetVariant } from './movenet'

export interface PoseDetectionOptions {
  /** 'thunder' (accurate, default) or 'lightning' (about 4× faster). */
  model?: MoveNetVariant
  /** Keypoints scoring below this become missing, as the OpenPose annotator does. Default 0.3. */
  minConfidence?: number
  /** Run a second pass on a crop around the person. Default true. */
  refine?: boolean
  /** Folder with the model files (default: resources/models/pose). */
  modelDir?: string
}

export interface DetectedPose {
  /** OpenPose-18, normalised, keypoints under minConfidence set to null. */
  pose: Pose18
  /** Every keypoint as detected, whatever its score (for UIs that show weak guesses). */
  allKeypoints: Pose18
  /** Mean score of the 17 COCO keypoints. */
  score: number
}

/** Fewest confident keypoints for "a person is there": a head-and-shoulders portrait has 7. */
export const MIN_PERSON_KEYPOINTS = 5

export class PoseDetector {
  private constructor(
    private readonly net: MoveNet,
    private readonly options: Required<Omit<PoseDetectionOptions, 'modelDir'>>,
  ) {}

  static async load(options: PoseDetectionOptions = {}): Promise<PoseDetector> {
    const net = await MoveNet.load(options.model ?? 'thunder', options.modelDir)
    return new PoseDetector(net, {
      model: net.variant,
      minConfidence: options.minConfidence ?? 0.3,
      refine: options.refine ?? true,
    })
  }

  /** Detects the main person; throws a UserError when the image shows nobody. `name` is for messages. */
  async detect(image: RgbImage, name = 'the image'): Promise<DetectedPose> {
    const found = await this.detectOrNull(image)
    if (found === null) {
      throw new UserError(
        `no person found in ${name}: fewer than ${MIN_PERSON_KEYPOINTS} body keypoints were recognised`,
      )
    }
    return found
  }

  /** Like detect, but returns null when nobody is found (video frames use this). */
  async detectOrNull(image: RgbImage): Promise<DetectedPose | null> {
    let coco = await this.net.run(image)
    if (this.options.refine) {
      const window = personWindow(coco, image, this.options.minConfidence)
      if (window) coco = await this.net.run(image, window)
    }
    const confident = coco.filter((k) => k !== null && k.confidence >= this.options.minConfidence).length
    if (confident < MIN_PERSON_KEYPOINTS) return null
    return {
      pose: cocoToOpenPose(coco, this.options.minConfidence),
      allKeypoints: cocoToOpenPose(coco),
      score: coco.reduce((s, k) => s + (k?.confidence ?? 0), 0) / coco.length,
    }
  }

  dispose(): void {
    this.net.dispose()
  }
}

/**
 * A square around the confident keypoints, centred on the hips (or their centroid), large enough for
 * 1.9× the torso's and 1.2× the body's extent from that centre. Null when the first pass found too
 * little, or when the crop would be nearly the whole frame anyway.
 */
function personWindow(coco: Keypoint[], image: RgbImage, minConfidence: number): CropWindow | null {
  const px = coco.map((k) =>
    k && k.confidence >= minConfidence ? { x: k.x * image.width, y: k.y * image.height } : null,
  )
  const present = px.filter((p): p is { x: number; y: number } => p !== null)
  if (present.length < MIN_PERSON_KEYPOINTS) return null
  const [lHip, rHip] = [px[11], px[12]]
  const centre =
    lHip && rHip
      ? { x: (lHip.x + rHip.x) / 2, y: (lHip.y + rHip.y) / 2 }
      : { x: mean(present.map((p) => p.x)), y: mean(present.map((p) => p.y)) }
  const reach = (indices: number[], factor: number) =>
    factor *
    Math.max(0, ...indices.flatMap((j) => (px[j] ? [Math.abs(px[j].x - centre.x), Math.abs(px[j].y - centre.y)] : [])))
  const torso = [5, 6, 11, 12]
  const half = Math.max(reach(torso, 1.9), reach([...Array(17).keys()], 1.2))
  const full = Math.max(image.width, image.height)
  if (2 * half >= 0.8 * full) return null
  return { left: centre.x - half, top: centre.y - half, size: 2 * half }
}

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length
}
