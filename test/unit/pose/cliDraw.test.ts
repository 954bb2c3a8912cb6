// `poseanimate pose draw` end to end: reads the golden keypoints file, writes one PNG per pose that
// matches the golden image, and turns bad input into clear UserErrors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { UserError } from '../../../src-main/cli/command'
import { poseCommand } from '../../../src-main/cli/pose'
import { decodeImage } from '../../../src-main/engine/image/decode'
import { compareRgb } from '../../../src-main/engine/image/rgbImage'
import { recordingIo } from './cliIo'
import { GOLDEN_DIR } from './fixturePaths'

const goldenKeypoints = resolve(GOLDEN_DIR, 'openpose/keypoints.json')

describe('pose draw', () => {
  it('writes <out-dir>/<name>.png matching each golden image', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'pose-draw-'))
    const io = recordingIo(true)
    expect(await poseCommand.run(['draw', goldenKeypoints, '--out-dir', outDir], io)).toBe(0)
    const result = JSON.parse(io.lines.at(-1)!)
    const entries = JSON.parse(readFileSync(goldenKeypoints, 'utf8')).poses as { name: string; png: string }[]
    expect(result.files).toHaveLength(entries.length)
    for (const entry of entries) {
      const ours = decodeImage(readFileSync(join(outDir, `${entry.name}.png`))).image
      const golden = decodeImage(readFileSync(resolve(GOLDEN_DIR, entry.png))).image
      expect(compareRgb(ours, golden).identicalFraction).toBe(1)
    }
  })

  it.each([
    ['not JSON', '{"poses": [', /not valid JSON/],
    [
      'a short pose',
      '{"width": 64, "height": 64, "poses": [{"name": "a", "keypoints": [[0.5, 0.5]]}]}',
      /18 keypoints/,
    ],
    [
      'a bad point',
      `{"width": 64, "height": 64, "poses": [{"name": "a", "keypoints": [${'[0.1,"x"],'.repeat(17)}null]}]}`,
      /finite numbers/,
    ],
    ['no size', '{"poses": []}', /width must be a positive integer/],
    [
      'a path in a name',
      `{"width": 8, "height": 8, "poses": [{"name": "../x", "keypoints": [${'null,'.repeat(17)}null]}]}`,
      /name must be/,
    ],
    ['an unknown layout', '{"frames": []}', /unrecognised layout/],
  ])('refuses %s with a clear message', async (_, text, message) => {
    const file = join(mkdtempSync(join(tmpdir(), 'pose-bad-')), 'k.json')
    writeFileSync(file, text)
    const run = poseCommand.run(['draw', file, '--out-dir', tmpdir()], recordingIo())
    await expect(run).rejects.toThrow(UserError)
    await expect(run).rejects.toThrow(message)
  })

  it('refuses a missing file, a missing --out-dir and an unknown subcommand', async () => {
    await expect(poseCommand.run(['draw', '/nonexistent.json', '--out-dir', tmpdir()], recordingIo())).rejects.toThrow(
      /file not found/,
    )
    await expect(poseCommand.run(['draw', goldenKeypoints], recordingIo())).rejects.toThrow(/--out-dir is required/)
    await expect(poseCommand.run(['paint'], recordingIo())).rejects.toThrow(/unknown pose command/)
  })
})
