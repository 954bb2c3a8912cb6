// An encoder's exit code is not proof that the file is whole: ffmpeg exits 0 when only its trailer
// write fails (disk full, file-size limit). Before an output replaces anything it is read back and
// must hold every frame at the expected size and codec (decision 0240).
import { statfsSync } from 'node:fs'
import { dirname } from 'node:path'
import { ExportError } from './errors'
import { probeMedia, type MediaInfo } from './probe'
import type { ExportFormat } from './target'

const EXPECTED_CODEC: Record<ExportFormat, string> = { mp4: 'h264', webm: 'vp9', gif: 'gif', png: 'png' }

/** Below this much free space a failed read-back is blamed on the disk. */
const NEARLY_FULL_BYTES = 16 * 1024 * 1024

export interface ExpectedOutput {
  format: ExportFormat
  frames: number
  width: number
  height: number
}

/** Throws an ExportError naming `path` (the user's target) unless `written` holds the expected frames. */
export async function verifyOutput(written: string, path: string, expected: ExpectedOutput): Promise<void> {
  let info: MediaInfo
  try {
    info = await probeMedia(written)
  } catch (err) {
    throw incomplete(path, `it cannot be read back (${(err as Error).message.split('\n')[0]})`)
  }
  const problem = mismatch(info, expected)
  if (problem) throw incomplete(path, problem)
}

function mismatch(info: MediaInfo, e: ExpectedOutput): string | undefined {
  if (info.codec !== EXPECTED_CODEC[e.format]) return `it holds ${info.codec}, not ${EXPECTED_CODEC[e.format]}`
  if (info.width !== e.width || info.height !== e.height) {
    return `it is ${info.width}×${info.height}, not ${e.width}×${e.height}`
  }
  if (info.frames !== e.frames) return `it holds ${info.frames} of ${e.frames} frames`
  return undefined
}

function incomplete(path: string, why: string): ExportError {
  if (freeBytes(dirname(path)) < NEARLY_FULL_BYTES) {
    return new ExportError(
      'disk-full',
      `Cannot write ${path}: the disk is full (the written file was incomplete: ${why}). ` +
        'Free some space and export again; any existing file was left unchanged.',
    )
  }
  return new ExportError(
    'ffmpeg-failed',
    `The export to ${path} came out incomplete (${why}); any existing file was left unchanged. ` +
      'Export again, or choose another disk.',
  )
}

function freeBytes(dir: string): number {
  try {
    const fs = statfsSync(dir)
    return fs.bavail * fs.bsize
  } catch {
    return Infinity
  }
}
