// Character masks from MediaPipe selfie against hand-drawn masks (test/fixtures/pose/labels).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { labelMask, loadLabels } from '../../../../test/unit/pose/labels'
import { readImageFile } from '../../image/decode'
import { maskIoU } from '../../image/polygonMask'
import { PersonSegmenter } from './segmentPerson'

const labels = loadLabels()
let segmenter: PersonSegmenter

beforeAll(async () => {
  segmenter = await PersonSegmenter.load()
})
afterAll(() => segmenter.dispose())

/**
 * IoU measured with these labels: astronaut 0.94, grace_hopper 0.96 (the 0.85 bar); the full-body shots
 * Shorts 0.77 and Ballerina3 0.83, where the selfie model's low resolution and soft edges lose thin or
 * translucent parts (legs, the tutu). Their floors guard against regressions; see decision 0064.
 */
const MIN_IOU: Record<string, number> = {
  'astronaut.jpg': 0.85,
  'grace_hopper.jpg': 0.85,
  'Ballerina3.jpg': 0.8,
  'Shorts.jpg': 0.74,
}

describe('PersonSegmenter (MediaPipe selfie)', () => {
  it.each(labels.map((l) => [l.file, l] as const))('%s: IoU with the hand-drawn mask', async (_, label) => {
    const { image } = await readImageFile(label.path)
    const mask = await segmenter.segment(image)
    expect([mask.width, mask.height]).toEqual([image.width, image.height])
    expect(mask.data.every((v) => v >= 0 && v <= 1)).toBe(true)
    expect(maskIoU(mask, labelMask(label))).toBeGreaterThanOrEqual(MIN_IOU[label.file])
  })

  it('is soft (probabilities between 0 and 1 at the edges), not a hard cut-out', async () => {
    const { image } = await readImageFile(labels[0].path)
    const mask = await segmenter.segment(image)
    const soft = mask.data.filter((v) => v > 0.1 && v < 0.9).length
    expect(soft).toBeGreaterThan(0)
  })

  it('segments only the given region and leaves the rest at 0', async () => {
    const { image } = await readImageFile(labels[0].path)
    const mask = await segmenter.segment(image, { left: 0, top: 0, width: image.width, height: image.height / 2 })
    const lower = mask.data.subarray(Math.ceil(image.height / 2) * image.width)
    expect(lower.every((v) => v === 0)).toBe(true)
  })
})
