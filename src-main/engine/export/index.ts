// Export: frames (RGB uint8) → mp4 (H.264), webm (VP9), gif, or a PNG sequence, written atomically.
//   await exportFrames('out/demo.mp4', fromImages(frames), { fps: 12 })
import { encodeVideo } from './encodeVideo'
import { ExportError } from './errors'
import { assertFps } from './ffmpegArgs'
import { writePngSequence } from './pngSequence'
import { resolveExportTarget, type ExportTarget } from './target'
import type { ExportOptions, ExportResult, FrameSource } from './types'

export async function exportFrames(
  out: string | ExportTarget,
  source: FrameSource,
  options: ExportOptions,
): Promise<ExportResult> {
  const target = typeof out === 'string' ? resolveExportTarget(out) : out
  assertFps(options.fps)
  if (source.count < 1) throw new ExportError('bad-frames', 'There are no frames to export.')
  if (target.format === 'png') return writePngSequence(target.path, source, options)
  return encodeVideo(target.format, target.path, source, options)
}

export { ExportError, type ExportErrorCode } from './errors'
export { probeMedia, type MediaInfo } from './probe'
export { resolveExportTarget, SUPPORTED_OUTPUTS, type ExportFormat, type ExportTarget } from './target'
export { fromImages, type ExportOptions, type ExportProgress, type ExportResult, type FrameSource } from './types'
export { frameFileName } from './files'
