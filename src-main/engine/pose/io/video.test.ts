// Video import on test/fixtures/pose/video/pan.mp4 (made by makeVideo.ts from the Shorts.jpg photo:
// the person pans across the frame and is absent for three frames) and on videos that cannot work.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { POSE_FIXTURES } from '../../../../test/unit/pose/fixturePaths'
import { keypointErrors, loadLabels, median, personHeight } from '../../../../test/unit/pose/labels'
import { UserError } from '../../errors'
import { findFfmpeg } from '../../media/ffmpeg'
import { PoseDetector } from '../detect/detectPose'
import { KP } from '../openpose'
import { poseSequenceFromVideo } from './video'

const videoDir = resolve(POSE_FIXTURES, 'video')
const meta = JSON.parse(readFileSync(join(videoDir, 'pan.json'), 'utf8')) as {
  width: number
  height: number
  fps: number
  absentFrames: number[]
  offsets: { x: number; y: number }[]
}
let detector: PoseDetector
const scratch = mkdtempSync(join(tmpdir(), 'pose-video-'))

beforeAll(async () => {
  detector = await PoseDetector.load({ model: 'lightning' })
})
afterAll(() => detector.dispose())

function ffmpeg(args: string[]): void {
  const run = spawnSync(findFfmpeg(), ['-y', '-v', 'error', ...args])
  if (run.status !== 0) throw new Error(run.stderr.toString())
}

describe('poseSequenceFromVideo', () => {
  it('yields a smoothed sequence that follows the person and fills the gap', async () => {
    const progress: number[] = []
    const seq = await poseSequenceFromVideo(join(videoDir, 'pan.mp4'), {
      detector,
      onProgress: (n) => progress.push(n),
    })
    expect([seq.fps, seq.width, seq.height, seq.frames.length]).toEqual([meta.fps, meta.width, meta.height, 24])
    expect(seq.detectedFrames).toBe(24 - meta.absentFrames.length)
    expect(progress.at(-1)).toBe(24)
    expect(meta.absentFrames.every((f) => seq.frames[f][KP.Neck] !== null)).toBe(true)

    const label = loadLabels().find((l) => l.file === 'Shorts.jpg')!
    seq.frames.forEach((pose, f) => {
      if (meta.absentFrames.includes(f)) return
      const { x, y } = meta.offsets[f]
      const moved = {
        ...label,
        width: meta.width,
        height: meta.height,
        keypoints: label.keypoints.map((k) => (k ? ([k[0] + x, k[1] + y] as [number, number]) : null)),
      }
      const { errors } = keypointErrors(moved, pose)
      expect(median(errors) / personHeight(label)).toBeLessThanOrEqual(0.06)
    })
    // The neck moves steadily right, as the person does: no frame goes backwards.
    const neckX = seq.frames.map((p) => p[KP.Neck]!.x)
    expect(neckX.slice(1).every((x, f) => x > neckX[f])).toBe(true)
  })

  it('refuses a file that is not a video', async () => {
    const file = join(scratch, 'noise.mp4')
    writeFileSync(file, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)))
    await expect(poseSequenceFromVideo(file, { detector })).rejects.toThrow(/is not a readable video/)
  })

  it('refuses an audio-only file', async () => {
    const file = join(scratch, 'tone.m4a')
    ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=0.5', file])
    await expect(poseSequenceFromVideo(file, { detector })).rejects.toThrow(/has no video stream/)
  })

  it('refuses a video whose frames cannot be decoded', async () => {
    const whole = join(scratch, 'whole.mp4')
    ffmpeg(['-i', join(videoDir, 'pan.mp4'), '-c', 'copy', '-movflags', '+faststart', whole])
    const bytes = readFileSync(whole)
    const broken = join(scratch, 'broken.mp4')
    // Keep the header (moov first) and replace every frame byte with zeros.
    const mdat = bytes.indexOf('mdat')
    writeFileSync(broken, Buffer.concat([bytes.subarray(0, mdat + 4), Buffer.alloc(bytes.length - mdat - 4)]))
    const run = poseSequenceFromVideo(broken, { detector })
    await expect(run).rejects.toThrow(UserError)
    await expect(run).rejects.toThrow(/no video frames could be decoded from .*broken.mp4/)
  })

  it('refuses a video with nobody in it', async () => {
    const file = join(scratch, 'grey.mp4')
    ffmpeg(['-f', 'lavfi', '-i', 'color=c=gray:s=160x120:d=0.5:r=10', '-pix_fmt', 'yuv420p', file])
    await expect(poseSequenceFromVideo(file, { detector })).rejects.toThrow(/no person found in any of the 5 frames/)
  })

  it('refuses a missing file', async () => {
    await expect(poseSequenceFromVideo(join(scratch, 'missing.mp4'), { detector })).rejects.toThrow(/video not found/)
  })
})
