// The acceptance bar for pose drawing: every golden image in GOLDEN_DIR/openpose (controlnet_aux
// draw_bodypose with OpenCV 4.6.0) is matched with a mean absolute difference ≤ 2/255 per channel and
// ≥ 99 % identical pixels. Ours is in fact exact, which the sha256 check records.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src-main/engine/image/decode'
import { compareRgb } from '../../../src-main/engine/image/rgbImage'
import { renderPoseImage } from '../../../src-main/engine/pose/draw'
import { parsePoseJson } from '../../../src-main/engine/pose/openposeJson'
import { GOLDEN_DIR } from '../../unit/pose/fixturePaths'
import { manifest } from '../helpers/golden'

const keypointsPath = resolve(GOLDEN_DIR, 'openpose/keypoints.json')
const text = readFileSync(keypointsPath, 'utf8')
const doc = parsePoseJson(text, keypointsPath)
const entries = (JSON.parse(text) as { poses: { name: string; png: string; sha256_rgb: string }[] }).poses

describe('golden OpenPose images', () => {
  it('covers every pose in keypoints.json', () => {
    expect(doc.poses.map((p) => p.name)).toEqual(entries.map((e) => e.name))
    expect(entries.map((e) => e.png)).toEqual(manifest.cases.openpose.pngs)
  })

  it.each(entries.map((e, i) => [e.name, i] as const))('%s', (_, i) => {
    const ours = renderPoseImage([doc.poses[i].pose], doc.width, doc.height)
    const golden = decodeImage(readFileSync(resolve(GOLDEN_DIR, entries[i].png))).image
    const { meanAbsDiff, identicalFraction } = compareRgb(ours, golden)
    expect(meanAbsDiff).toBeLessThanOrEqual(2)
    expect(identicalFraction).toBeGreaterThanOrEqual(0.99)
    expect(createHash('sha256').update(ours.data).digest('hex')).toBe(entries[i].sha256_rgb)
  })
})
