// Character masks (MediaPipe selfie, refined against the photo) against hand-drawn masks
// (test/fixtures/pose/labels). Each photo is segmented once, raw and refined, in beforeAll.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { labelMask, loadLabels, type LabelledImage } from '../../../../test/unit/pose/labels'
import { readImageFile } from '../../image/decode'
import { maskIoU } from '../../image/polygonMask'
import type { GrayImage, RgbImage } from '../../image/rgbImage'
import { PersonSegmenter } from './segmentPerson'

const labels = loadLabels()
let segmenter: PersonSegmenter

interface Measured {
  image: RgbImage
  raw: GrayImage
  refined: GrayImage
  rawIoU: number
  refinedIoU: number
}
const measured = new Map<string, Measured>()

async function measure(label: LabelledImage): Promise<Measured> {
  const { image } = await readImageFile(label.path)
  const truth = labelMask(label)
  const raw = await segmenter.segment(image, { refine: false })
  const refined = await segmenter.segment(image)
  return { image, raw, refined, rawIoU: maskIoU(raw, truth), refinedIoU: maskIoU(refined, truth) }
}

beforeAll(async () => {
  segmenter = await PersonSegmenter.load()
  for (const label of labels) measured.set(label.file, await measure(label))
}, 60_000)
afterAll(() => segmenter.dispose())

/**
 * Refined IoU measured with these labels (decision 0066): astronaut 0.945, grace_hopper 0.958,
 * Ballerina3 0.866, Shorts 0.835 (raw selfie: 0.943, 0.958, 0.829, 0.765). Shorts stays under the 0.85
 * bar; decision 0066 shows, pixel by pixel, where its label and the photo disagree. Its floor guards
 * against regressions.
 */
const MIN_IOU: Record<string, number> = {
  'astronaut.jpg': 0.85,
  'grace_hopper.jpg': 0.85,
  'Ballerina3.jpg': 0.85,
  'Shorts.jpg': 0.82,
}

describe('PersonSegmenter (MediaPipe selfie + refinement)', () => {
  it.each(labels.map((l) => [l.file] as const))('%s: IoU with the hand-drawn mask', (file) => {
    const { image, refined, refinedIoU } = measured.get(file)!
    expect([refined.width, refined.height]).toEqual([image.width, image.height])
    expect(refined.data.every((v) => v >= 0 && v <= 1)).toBe(true)
    expect(refinedIoU).toBeGreaterThanOrEqual(MIN_IOU[file])
  })

  it('refinement beats the raw selfie mask on the full-body photos and loses nothing on the portraits', () => {
    for (const [file, { rawIoU, refinedIoU }] of measured) {
      const fullBody = file === 'Shorts.jpg' || file === 'Ballerina3.jpg'
      if (fullBody) expect(refinedIoU, file).toBeGreaterThan(rawIoU + 0.03)
      else expect(refinedIoU, file).toBeGreaterThan(rawIoU - 0.005)
    }
  })

  it('is soft (probabilities between 0 and 1 at the edges), not a hard cut-out', () => {
    const { refined } = measured.get(labels[0].file)!
    const soft = refined.data.filter((v) => v > 0.1 && v < 0.9).length
    expect(soft).toBeGreaterThan(0)
  })

  it('segments only the given region and leaves the rest at 0', async () => {
    const { image } = measured.get(labels[0].file)!
    const region = { left: 0, top: 0, width: image.width, height: image.height / 2 }
    const mask = await segmenter.segment(image, { region })
    const lower = mask.data.subarray(Math.ceil(image.height / 2) * image.width)
    expect(lower.every((v) => v === 0)).toBe(true)
    expect(mask.data.some((v) => v > 0.5)).toBe(true)
  })
})
