// Video frames as RGB images, decoded by ffmpeg into raw rgb24 on a pipe (constant frame rate, scaled
// down for detection), streamed so long videos never sit in memory whole.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { UserError } from '../../errors'
import { locateTool, runTool } from '../../media/ffmpeg'
import type { RgbImage } from '../../image/rgbImage'

export interface VideoInfo {
  /** Display size (after any rotation the file asks for). */
  width: number
  height: number
  fps: number
  durationSeconds: number | null
}

export async function probeVideo(path: string): Promise<VideoInfo> {
  if (!existsSync(path)) throw new UserError(`video not found: ${path}`)
  const args = [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height,avg_frame_rate,r_frame_rate:stream_tags=rotate:stream_side_data=rotation:format=duration',
    '-of',
    'json',
    path,
  ]
  const { code, stdout, stderr } = await runTool('ffprobe', args)
  if (code !== 0) throw new UserError(`${path} is not a readable video: ${lastLine(stderr)}`)
  const info = JSON.parse(stdout.toString()) as ProbeJson
  const stream = info.streams?.[0]
  if (!stream?.width || !stream.height) throw new UserError(`${path} has no video stream`)
  const rotation = Math.abs(Number(stream.tags?.rotate ?? stream.side_data_list?.[0]?.rotation ?? 0)) % 180
  const [width, height] = rotation === 90 ? [stream.height, stream.width] : [stream.width, stream.height]
  const fps = parseRate(stream.avg_frame_rate) ?? parseRate(stream.r_frame_rate) ?? 25
  const duration = Number(info.format?.duration)
  return { width, height, fps, durationSeconds: Number.isFinite(duration) ? duration : null }
}

interface ProbeJson {
  streams?: {
    width?: number
    height?: number
    avg_frame_rate?: string
    r_frame_rate?: string
    tags?: { rotate?: string }
    side_data_list?: { rotation?: number }[]
  }[]
  format?: { duration?: string }
}

function parseRate(rate: string | undefined): number | null {
  if (!rate) return null
  const [num, den] = rate.split('/').map(Number)
  const fps = den ? num / den : num
  return Number.isFinite(fps) && fps > 0 ? fps : null
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? 'unknown error'
}

export interface DecodeOptions {
  fps: number
  width: number
  height: number
  maxFrames?: number
  signal?: AbortSignal
}

/** Yields frames resampled to `fps` and scaled to width × height; throws a UserError if none decode. */
export async function* decodeFrames(path: string, options: DecodeOptions): AsyncGenerator<RgbImage> {
  const { width, height } = options
  const args = [
    '-v',
    'error',
    '-nostdin',
    '-i',
    path,
    '-an',
    '-sn',
    '-vf',
    `fps=${options.fps},scale=${width}:${height}`,
  ]
  if (options.maxFrames) args.push('-frames:v', String(options.maxFrames))
  args.push('-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1')
  const child = spawn(locateTool('ffmpeg').path, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)))
  child.on('error', () => undefined) // reported through the exit code / abort below

  const frameBytes = width * height * 3
  let pending: Buffer = Buffer.alloc(0)
  let frames = 0
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk
      while (pending.length >= frameBytes) {
        yield { width, height, data: new Uint8Array(pending.subarray(0, frameBytes)) }
        pending = pending.subarray(frameBytes)
        frames++
      }
    }
  } finally {
    if (child.exitCode === null) child.kill()
  }
  const code = await exited
  if (options.signal?.aborted) throw new UserError('video import cancelled')
  if (frames === 0) {
    throw new UserError(`no video frames could be decoded from ${path}${code !== 0 ? `: ${lastLine(stderr)}` : ''}`)
  }
}
