// The acceptance bar for full-pose drawing (body, both hands, face): `poseanimate pose draw` on
// GOLDEN_DIR/openpose_full/keypoints.json (controlnet_aux draw_poses with OpenCV 4.6.0) writes one PNG per
// pose, and each is identical to its reference to the pixel: square and non-square canvases, missing
// points, undetected hands and points off the canvas. Any difference fails.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { poseCommand } from '../../../src-main/cli/pose'
import { decodeImage } from '../../../src-main/engine/image/decode'
import { compareRgb } from '../../../src-main/engine/image/rgbImage'
import { recordingIo } from '../../unit/pose/cliIo'
import { GOLDEN_DIR } from '../../unit/pose/fixturePaths'

interface Entry {
  name: string
  png: string
  width: number
  height: number
  nonzero_pixels: number
  sha256_rgb: string
}

const keypointsPath = resolve(GOLDEN_DIR, 'openpose_full/keypoints.json')
const entries = (JSON.parse(readFileSync(keypointsPath, 'utf8')) as { poses: Entry[] }).poses
const outDir = mkdtempSync(join(tmpdir(), 'openpose-full-'))

describe('golden full OpenPose images (body + hands + face)', () => {
  beforeAll(async () => {
    await poseCommand.run(['draw', keypointsPath, '--out-dir', outDir], recordingIo())
  })

  it('covers non-square canvases and undetected hands', () => {
    expect(entries.length).toBeGreaterThan(0)
    expect(entries.some((e) => e.width !== e.height)).toBe(true)
  })

  it.each(entries.map((e) => [e.name, e] as const))('%s is identical to the pixel', (_, entry) => {
    const ours = decodeImage(readFileSync(join(outDir, `${entry.name}.png`))).image
    const golden = decodeImage(readFileSync(resolve(GOLDEN_DIR, entry.png))).image
    expect([ours.width, ours.height]).toEqual([entry.width, entry.height])
    expect(compareRgb(ours, golden)).toEqual({ meanAbsDiff: 0, identicalFraction: 1 })
    expect(createHash('sha256').update(ours.data).digest('hex')).toBe(entry.sha256_rgb)
    let lit = 0
    for (let i = 0; i < ours.data.length; i += 3) if (ours.data[i] || ours.data[i + 1] || ours.data[i + 2]) lit++
    expect(lit).toBe(entry.nonzero_pixels)
  })
})
