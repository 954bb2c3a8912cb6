// What `--out` names: a video file by its extension, or a folder for a PNG sequence.
//   out/demo.mp4 → H.264 mp4    out/demo.webm → VP9 webm    out/demo.gif → gif
//   out/frames/ (trailing slash), an existing folder, or a name without extension → PNG sequence
import { statSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import { ExportError } from './errors'

export type VideoFormat = 'mp4' | 'webm' | 'gif'
export type ExportFormat = VideoFormat | 'png'

export interface ExportTarget {
  format: ExportFormat
  /** Absolute path of the file (videos) or the folder (PNG sequence). */
  path: string
}

const VIDEO_EXTENSIONS: Record<string, VideoFormat> = { '.mp4': 'mp4', '.webm': 'webm', '.gif': 'gif' }

export const SUPPORTED_OUTPUTS = 'video.mp4 (H.264), video.webm (VP9), anim.gif, or a folder/ for PNG frames'

export function resolveExportTarget(out: string): ExportTarget {
  if (!out.trim()) throw new ExportError('unknown-format', `No output given: name ${SUPPORTED_OUTPUTS}.`)
  const path = resolve(out)
  if (/[\\/]$/.test(out) || isDirectory(path)) return { format: 'png', path }
  const ext = extname(path).toLowerCase()
  if (!ext) return { format: 'png', path }
  const format = VIDEO_EXTENSIONS[ext]
  if (!format) {
    throw new ExportError('unknown-format', `Cannot export to "${ext}" files (${out}): use ${SUPPORTED_OUTPUTS}.`)
  }
  return { format, path }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
