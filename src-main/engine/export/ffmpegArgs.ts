// ffmpeg command lines for each video format. Frames arrive on stdin as raw rgb24 at the input size;
// ffmpeg scales them (when asked), converts the pixels and encodes:
//   mp4  → H.264 (libx264), yuv420p so every player accepts it, which needs even width and height
//   webm → VP9 (libvpx-vp9), constant quality, yuv420p (even sizes too)
//   gif  → one palette for the whole clip (palettegen) applied with dithering (paletteuse)
import { ExportError } from './errors'
import type { VideoFormat } from './target'

export interface Size {
  width: number
  height: number
}

export interface SizeRequest {
  width?: number
  height?: number
}

/** The encoded size: the request (one side alone keeps the aspect ratio), rounded down to even for yuv420p. */
export function outputSize(format: VideoFormat | 'png', input: Size, request: SizeRequest = {}): Size {
  for (const [name, value] of [
    ['width', request.width],
    ['height', request.height],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 2 || value > 8192)) {
      throw new ExportError('bad-options', `${name} must be a whole number of pixels from 2 to 8192, got ${value}`)
    }
  }
  const aspect = input.width / input.height
  const width = request.width ?? (request.height ? Math.round(request.height * aspect) : input.width)
  const height = request.height ?? (request.width ? Math.round(request.width / aspect) : input.height)
  if (format === 'mp4' || format === 'webm') return { width: evenFloor(width), height: evenFloor(height) }
  return { width, height }
}

function evenFloor(n: number): number {
  return Math.max(2, n - (n % 2))
}

export function assertFps(fps: number): void {
  if (!Number.isFinite(fps) || fps <= 0 || fps > 240) {
    throw new ExportError('bad-options', `fps must be a number above 0 and at most 240, got ${fps}`)
  }
}

/** Arguments for encoding rgb24 frames of `input` size from stdin into `outPath` (written as `format`). */
export function ffmpegArgs(format: VideoFormat, input: Size, output: Size, fps: number, outPath: string): string[] {
  const rawInput = ['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${input.width}x${input.height}`]
  const head = ['-hide_banner', '-loglevel', 'error', '-y', ...rawInput, '-framerate', String(fps), '-i', 'pipe:0']
  const scale =
    output.width === input.width && output.height === input.height
      ? []
      : [`scale=${output.width}:${output.height}:flags=lanczos`]
  return [...head, ...encoderArgs(format, scale), '-r', String(fps), '-f', format, outPath]
}

function encoderArgs(format: VideoFormat, scale: string[]): string[] {
  const vf = (filters: string[]) => (filters.length ? ['-vf', filters.join(',')] : [])
  switch (format) {
    case 'mp4':
      return [
        ...vf(scale),
        ...['-c:v', 'libx264', '-preset', 'medium', '-crf', '18', '-pix_fmt', 'yuv420p', '-movflags', '+faststart'],
      ]
    case 'webm':
      return [...vf(scale), ...['-c:v', 'libvpx-vp9', '-crf', '30', '-b:v', '0', '-pix_fmt', 'yuv420p']]
    case 'gif': {
      // One pass, two branches: palettegen sees every frame, then paletteuse maps them with that palette.
      const split = [...scale, 'split[a][b]'].join(',')
      return ['-filter_complex', `${split};[a]palettegen=stats_mode=full[p];[b][p]paletteuse`, '-loop', '0']
    }
  }
}
