// The export API's data: frames come from a source read one at a time (long renders never sit in
// memory whole), options pick the frame rate and size, and the result says what was written.
import type { RgbImage } from '../image/rgbImage'
import type { ExportFormat } from './target'

export interface FrameSource {
  count: number
  /** Frame `index` (0-based). Every frame must have the size of frame 0. */
  frame(index: number): RgbImage | Promise<RgbImage>
}

export interface ExportProgress {
  done: number
  total: number
}

export interface ExportOptions {
  fps: number
  /** Output size; one side alone keeps the aspect ratio. Default: the frames' size (even for mp4/webm). */
  width?: number
  height?: number
  /** Create missing folders on the way to the output (the CLI does; the app picks existing folders). */
  createFolders?: boolean
  signal?: AbortSignal
  onProgress?(progress: ExportProgress): void
}

export interface ExportResult {
  format: ExportFormat
  path: string
  frames: number
  width: number
  height: number
  fps: number
  /** Bytes written (the file, or all PNGs of the sequence). */
  bytes: number
  seconds: number
  /** Hidden temp files of earlier, killed exports of this target that were removed first. */
  removedPartials: string[]
}

export function fromImages(images: readonly RgbImage[]): FrameSource {
  return { count: images.length, frame: (i) => images[i] }
}
