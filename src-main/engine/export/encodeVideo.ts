// Encodes frames into a video file with ffmpeg: raw rgb24 frames go through stdin (one write at a
// time, so a slow encoder holds the producer back), ffmpeg writes a hidden temp file beside the target,
// and only a clean exit with a silent stderr and a read-back that holds every frame (verify.ts) renames
// it over the target. Any failure or cancel removes the temp file and leaves an existing target untouched.
import { spawn, type ChildProcess } from 'node:child_process'
import { renameSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Writable } from 'node:stream'
import { CancelledError } from '../errors'
import type { RgbImage } from '../image/rgbImage'
import { locateTool } from '../media/ffmpeg'
import { diskFull, ExportError, explainWriteError, fileSizeLimit } from './errors'
import { ffmpegArgs, outputSize, type Size } from './ffmpegArgs'
import { prepareFolder, removeQuietly, removeStalePartials, tempSibling } from './files'
import type { VideoFormat } from './target'
import type { ExportOptions, ExportResult, FrameSource } from './types'
import { verifyOutput } from './verify'

export async function encodeVideo(
  format: VideoFormat,
  path: string,
  source: FrameSource,
  options: ExportOptions,
): Promise<ExportResult> {
  const started = performance.now()
  const first = await source.frame(0)
  const output = outputSize(format, first, options)
  prepareFolder(dirname(path), options.createFolders ?? false)
  const removedPartials = removeStalePartials(path)
  const temp = tempSibling(path)
  const child = spawnFfmpeg(ffmpegArgs(format, first, output, options.fps, temp))
  try {
    await feedFrames(child, first, source, options)
    const exit = await child.exited
    // At -loglevel error any stderr line is an error, even with exit code 0 ("Error writing trailer").
    if (exit.code !== 0 || child.stderrTail().trim()) throw explainFfmpegFailure(child.stderrTail(), path, format, exit)
    await verifyOutput(temp, path, { format, frames: source.count, ...output })
    commit(temp, path)
  } catch (err) {
    child.process.kill('SIGKILL')
    removeQuietly(temp)
    throw await betterError(err, child, path, format)
  }
  const bytes = statSync(path).size
  const seconds = (performance.now() - started) / 1000
  return { format, path, frames: source.count, ...output, fps: options.fps, bytes, seconds, removedPartials }
}

interface FfmpegExit {
  code: number
  signal: NodeJS.Signals | null
}

interface RunningFfmpeg {
  process: ChildProcess
  stdin: Writable
  exited: Promise<FfmpegExit>
  stderrTail(): string
}

function spawnFfmpeg(args: string[]): RunningFfmpeg {
  let ffmpeg: string
  try {
    ffmpeg = locateTool('ffmpeg').path
  } catch (err) {
    throw new ExportError('ffmpeg-missing', (err as Error).message)
  }
  const child = spawn(ffmpeg, args, { stdio: ['pipe', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)))
  child.stdin.on('error', () => {}) // EPIPE when ffmpeg quits early: reported through the exit code instead
  const exited = new Promise<FfmpegExit>((resolve, reject) => {
    child.on('error', (err) =>
      reject(new ExportError('ffmpeg-missing', `Could not start ffmpeg (${ffmpeg}): ${err.message}`)),
    )
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal }))
  })
  exited.catch(() => {}) // awaited later; never an unhandled rejection meanwhile
  return { process: child, stdin: child.stdin, exited, stderrTail: () => stderr }
}

async function feedFrames(child: RunningFfmpeg, first: RgbImage, source: FrameSource, o: ExportOptions) {
  for (let i = 0; i < source.count; i++) {
    if (o.signal?.aborted) throw new CancelledError('Export was cancelled; nothing was written.')
    const frame = i === 0 ? first : await source.frame(i)
    assertSameSize(frame, first, i)
    await write(child.stdin, frame.data)
    o.onProgress?.({ done: i + 1, total: source.count })
  }
  child.stdin.end()
}

function assertSameSize(frame: RgbImage, first: Size, index: number): void {
  if (
    frame.width !== first.width ||
    frame.height !== first.height ||
    frame.data.length !== frame.width * frame.height * 3
  ) {
    throw new ExportError(
      'bad-frames',
      `Frame ${index} is ${frame.width}×${frame.height}, but frame 0 is ${first.width}×${first.height}: ` +
        'every frame of a video must have the same size.',
    )
  }
}

/** Resolves once the chunk is handed to the pipe (backpressure); rejects when ffmpeg has gone. */
function write(stream: Writable, data: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => stream.write(data, (err) => (err ? reject(err) : resolve())))
}

function commit(temp: string, path: string): void {
  try {
    renameSync(temp, path)
  } catch (err) {
    throw explainWriteError(err, path) ?? err
  }
}

/** A broken pipe means ffmpeg quit or never started: its own message (after it exits) says why. */
async function betterError(err: unknown, child: RunningFfmpeg, path: string, format: VideoFormat): Promise<unknown> {
  if (err instanceof ExportError || err instanceof CancelledError) return err
  let exit: FfmpegExit
  try {
    exit = await child.exited
  } catch (startError) {
    return startError // ffmpeg could not even start
  }
  if (exit.code !== 0 && (child.stderrTail() || exit.signal === 'SIGXFSZ')) {
    return explainFfmpegFailure(child.stderrTail(), path, format, exit)
  }
  return err
}

const ENCODER_NAMES: Record<VideoFormat, string> = { mp4: 'H.264 (libx264)', webm: 'VP9 (libvpx-vp9)', gif: 'GIF' }

/** Maps ffmpeg's stderr (and a SIGXFSZ death) to the user's words. */
export function explainFfmpegFailure(
  stderr: string,
  path: string,
  format: VideoFormat,
  exit?: { signal: NodeJS.Signals | null },
): ExportError {
  if (/No space left on device|Disk quota exceeded/i.test(stderr)) return diskFull(path)
  if (/File too large/i.test(stderr) || exit?.signal === 'SIGXFSZ') return fileSizeLimit(path)
  if (/Permission denied|Read-only file system/i.test(stderr)) {
    return new ExportError('read-only', `Cannot write ${path}: the folder is read-only or you may not write there.`)
  }
  if (/Unknown encoder|Encoder \S+ not found|Unrecognized option/i.test(stderr)) {
    return new ExportError(
      'encoder-missing',
      `This ffmpeg cannot encode ${ENCODER_NAMES[format]}: install a full ffmpeg build or point ` +
        'POSEANIMATE_FFMPEG at one.',
    )
  }
  const tail = stderr.trim().split('\n').slice(-3).join(' | ') || 'no message'
  return new ExportError('ffmpeg-failed', `ffmpeg could not write ${path}: ${tail}`)
}
