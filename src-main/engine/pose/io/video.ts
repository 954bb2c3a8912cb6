// Pose sequence from a video file: decode frames with ffmpeg, detect the person per frame, fill short
// gaps, smooth with the One Euro filter, and hand back a PoseSequence for the timeline.
import type { PoseSequence } from '../../../../src-preload/api'
import { UserError } from '../../errors'
import { PoseDetector, type PoseDetectionOptions } from '../detect/detectPose'
import { countPresent, emptyPose, type Pose18 } from '../openpose'
import { cleanSequence, type OneEuroSettings } from './smoothing'
import { decodeFrames, probeVideo } from './videoFrames'

export interface VideoImportOptions {
  /** Output frame rate; default: the video's own, capped at 30. */
  fps?: number
  /** Stop after this many output frames. */
  maxFrames?: number
  /** Frames are scaled so their longer side is at most this before detection (default 640). */
  maxSide?: number
  /** Detector settings; the default model here is 'lightning', about 4× faster than Thunder. */
  detection?: PoseDetectionOptions
  /** Reuse an already loaded detector (its own settings then apply). */
  detector?: PoseDetector
  /** Longest run of frames without a joint to interpolate across (default fps / 4). */
  maxGapFrames?: number
  oneEuro?: OneEuroSettings
  onProgress?: (framesDone: number, framesExpected: number | null) => void
  signal?: AbortSignal
}

export interface VideoImportResult extends PoseSequence {
  /** Frames in which a person was found before gap filling. */
  detectedFrames: number
}

export async function poseSequenceFromVideo(
  path: string,
  options: VideoImportOptions = {},
): Promise<VideoImportResult> {
  const info = await probeVideo(path)
  const fps = options.fps ?? Math.min(30, Math.round(info.fps * 1000) / 1000)
  if (!(fps > 0 && fps <= 240)) throw new UserError(`frame rate must be between 0 and 240, got ${fps}`)
  const [width, height] = detectionSize(info.width, info.height, options.maxSide ?? 640)
  const expected = info.durationSeconds
    ? Math.min(Math.ceil(info.durationSeconds * fps), options.maxFrames ?? Infinity)
    : null
  const detector = options.detector ?? (await PoseDetector.load({ model: 'lightning', ...options.detection }))
  const raw: Pose18[] = []
  try {
    for await (const frame of decodeFrames(path, {
      fps,
      width,
      height,
      maxFrames: options.maxFrames,
      signal: options.signal,
    })) {
      raw.push((await detector.detectOrNull(frame))?.pose ?? emptyPose())
      options.onProgress?.(raw.length, expected)
    }
  } finally {
    if (!options.detector) detector.dispose()
  }
  const detectedFrames = raw.filter((p) => countPresent(p) > 0).length
  if (detectedFrames === 0) throw new UserError(`no person found in any of the ${raw.length} frames of ${path}`)
  const frames = cleanSequence(raw, {
    fps,
    maxGapFrames: options.maxGapFrames,
    oneEuro: options.oneEuro,
    aspect: { width: info.width, height: info.height },
  })
  return { fps, width: info.width, height: info.height, frames, detectedFrames }
}

/** Even dimensions (codec-friendly) with the longer side at most maxSide, aspect kept. */
function detectionSize(width: number, height: number, maxSide: number): [number, number] {
  const scale = Math.min(1, maxSide / Math.max(width, height))
  const even = (v: number) => Math.max(2, 2 * Math.round((v * scale) / 2))
  return [even(width), even(height)]
}
