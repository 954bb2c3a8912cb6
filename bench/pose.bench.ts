// Pose tooling speed: drawing, PATA, MoveNet Thunder/Lightning, selfie and refined masks, video import (warm medians).
import { resolve } from 'node:path'
import { readImageFile } from '../src-main/engine/image/decode'
import { PersonSegmenter } from '../src-main/engine/pose/detect/segmentPerson'
import { PoseDetector } from '../src-main/engine/pose/detect/detectPose'
import { renderPoseImage } from '../src-main/engine/pose/draw'
import { poseSequenceFromVideo } from '../src-main/engine/pose/io/video'
import { runPata } from '../src-main/engine/pose/pata/pata'
import { randomPose, seededRandom } from '../test/unit/pose/randomPose'
import type { BenchModule } from './run'

const fixtures = resolve(import.meta.dirname, '../test/fixtures/pose')

async function medianMs(runs: number, fn: () => unknown): Promise<number> {
  await fn() // first call (compilation, allocation) is not counted
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await fn()
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return +times[times.length >> 1].toFixed(2)
}

export const bench: BenchModule = {
  name: 'pose',
  async run() {
    const rand = seededRandom(1)
    const pose = randomPose(rand)
    const motion = Array.from({ length: 120 }, () => randomPose(rand, { jitter: 0.3 }))
    const { image } = await readImageFile(resolve(fixtures, 'photos/astronaut.jpg'))
    const result: Record<string, number> = {
      drawPose512Ms: await medianMs(20, () => renderPoseImage([pose], 512, 512)),
      pata120FramesMs: await medianMs(10, () => runPata(pose, motion, { width: 512, height: 512 })),
    }
    for (const model of ['thunder', 'lightning'] as const) {
      for (const refine of [false, true]) {
        const detector = await PoseDetector.load({ model, refine })
        result[`${model}${refine ? 'TwoPass' : 'OnePass'}512Ms`] = await medianMs(5, () => detector.detectOrNull(image))
        detector.dispose()
      }
    }
    const segmenter = await PersonSegmenter.load()
    result.selfieMask512Ms = await medianMs(5, () => segmenter.segment(image, { refine: false }))
    result.refinedMask512Ms = await medianMs(5, () => segmenter.segment(image)) // + MoveNet + graph cut (0066)
    segmenter.dispose()
    const t = performance.now()
    const seq = await poseSequenceFromVideo(resolve(fixtures, 'video/pan.mp4'))
    result.videoImportFramesPerSecond = +(seq.frames.length / ((performance.now() - t) / 1000)).toFixed(2)
    return result
  },
}
