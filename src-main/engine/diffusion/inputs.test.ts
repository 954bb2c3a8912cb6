// The render's inputs: the source pose is detected once and handed to the segmenter (which would otherwise
// detect it again for its refinement seeds), poses move into the centre crop, and both results are cached.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Pose18 } from '../../../src-preload/api'
import { createGrayImage, createRgbImage, type RgbImage } from '../image/rgbImage'
import { ProjectStore } from '../store'
import { resolveInputs, type Perception, type RenderSetup } from './inputs'
import { parsePipelineSettings } from './settings'

const dir = mkdtempSync(join(tmpdir(), 'pa-inputs-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const CANVAS = { width: 64, height: 64 }
const settings = parsePipelineSettings({ frames: 0, modules: { pata: false } })

/** Nose and neck only; the rest missing. */
const pose = (x: number): Pose18 => [
  { x, y: 0.2, confidence: 0.9 },
  { x, y: 0.35, confidence: 0.8 },
  ...new Array<null>(16).fill(null),
]

/** A 160×128 source: wider than the square canvas, so the centre crop keeps x from 16 to 144. */
function setup(sourcePose?: Pose18): RenderSetup {
  return { sourceImage: createRgbImage(160, 128), prompt: 'a robot', motion: [pose(0.5)], sourcePose }
}

/** Perception that records its calls; the detector always finds `found`. */
function recordingPerception(found: Pose18) {
  const calls = { detect: 0, segment: [] as Pose18[] }
  const perception: Perception = {
    detectPose: async () => (calls.detect++, found),
    segment: async (image: RgbImage, given: Pose18) => {
      calls.segment.push(given)
      return createGrayImage(image.width, image.height)
    },
  }
  return { calls, perception: async () => perception }
}

function openStore(name: string): ProjectStore {
  return ProjectStore.create(join(dir, `${name}.poseanim`), { name })
}

describe('resolveInputs', () => {
  it('detects the source pose once and segments with it; a second render reuses both', async () => {
    const store = openStore('detect')
    const found = pose(0.4)
    const first = recordingPerception(found)
    const inputs = await resolveInputs(setup(), settings, CANVAS, { store, perception: first.perception })
    expect(first.calls).toEqual({ detect: 1, segment: [found] })
    expect(inputs.poses[0]).toEqual(found)

    const again = recordingPerception(found)
    await resolveInputs(setup(), settings, CANVAS, { store, perception: again.perception })
    expect(again.calls).toEqual({ detect: 0, segment: [] })
    store.close()
  })

  it("segments with the project's own pose, moved into the crop, and again when that pose changes", async () => {
    const store = openStore('given')
    const run = async (x: number) => {
      const recorded = recordingPerception(pose(0))
      await resolveInputs(setup(pose(x)), settings, CANVAS, { store, perception: recorded.perception })
      return recorded.calls
    }
    const first = await run(0.5)
    expect(first.detect).toBe(0)
    expect(first.segment).toHaveLength(1)
    expect(first.segment[0][0]!.x).toBeCloseTo((0.5 * 160 - 16) / 128, 6) // the crop's own coordinates
    expect(first.segment[0][0]!.y).toBeCloseTo(0.2, 6)

    expect((await run(0.5)).segment).toHaveLength(0) // cached
    expect((await run(0.6)).segment).toHaveLength(1) // a corrected pose gives a new mask
    store.close()
  })
})
