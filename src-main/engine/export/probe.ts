// What an exported file really holds, read back with ffprobe (tests and `poseanimate export` use it):
// decoded frame count, size and codec. A PNG-sequence folder is read directly.
import { openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { runTool } from '../media/ffmpeg'
import { ExportError } from './errors'
import { FRAME_FILE } from './files'

export interface MediaInfo {
  frames: number
  width: number
  height: number
  /** ffprobe's codec name: h264, vp9, gif, png. */
  codec: string
  /** e.g. yuv420p, bgr8, rgb24. */
  pixelFormat: string
}

export async function probeMedia(path: string): Promise<MediaInfo> {
  if (statSync(path).isDirectory()) return probePngFolder(path)
  const args = ['-v', 'error', '-count_frames', '-select_streams', 'v:0']
  const entries = ['-show_entries', 'stream=codec_name,width,height,pix_fmt,nb_read_frames', '-of', 'json', path]
  const { code, stdout, stderr } = await runTool('ffprobe', [...args, ...entries])
  if (code !== 0) throw new ExportError('bad-frames', `${path} is not a readable video: ${stderr.trim()}`)
  const stream = (JSON.parse(stdout.toString()) as ProbeJson).streams?.[0]
  if (!stream) throw new ExportError('bad-frames', `${path} has no video stream`)
  return {
    frames: Number(stream.nb_read_frames),
    width: stream.width ?? 0,
    height: stream.height ?? 0,
    codec: stream.codec_name ?? 'unknown',
    pixelFormat: stream.pix_fmt ?? 'unknown',
  }
}

interface ProbeJson {
  streams?: { codec_name?: string; width?: number; height?: number; pix_fmt?: string; nb_read_frames?: string }[]
}

function probePngFolder(dir: string): MediaInfo {
  const files = readdirSync(dir)
    .filter((name) => FRAME_FILE.test(name))
    .sort()
  if (files.length === 0) return { frames: 0, width: 0, height: 0, codec: 'png', pixelFormat: 'unknown' }
  const { width, height } = pngSize(join(dir, files[0]))
  return { frames: files.length, width, height, codec: 'png', pixelFormat: 'rgb24' }
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23). */
function pngSize(path: string): { width: number; height: number } {
  const fd = openSync(path, 'r')
  try {
    const header = Buffer.alloc(24)
    readSync(fd, header, 0, 24, 0)
    return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) }
  } finally {
    closeSync(fd)
  }
}
