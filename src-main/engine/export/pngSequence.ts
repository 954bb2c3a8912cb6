// Writes frames as a PNG sequence (frame_00000.png, …) into a folder. The frames go into a hidden
// temp folder beside the target first; on success it takes the target's place. An existing target is
// replaced only when it holds nothing but an earlier sequence, so no unrelated file is ever deleted.
import { mkdirSync, readdirSync, renameSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { CancelledError } from '../errors'
import { encodePng } from '../image/encode'
import { resizeRgb } from '../image/resize'
import type { RgbImage } from '../image/rgbImage'
import { ExportError, explainWriteError } from './errors'
import { outputSize, type Size } from './ffmpegArgs'
import {
  FRAME_FILE,
  frameFileName,
  prepareFolder,
  removeQuietly,
  removeStalePartials,
  statOrNull,
  tempSibling,
} from './files'
import type { ExportOptions, ExportResult, FrameSource } from './types'
import { verifyOutput } from './verify'

export async function writePngSequence(
  dir: string,
  source: FrameSource,
  options: ExportOptions,
): Promise<ExportResult> {
  const started = performance.now()
  prepareFolder(dirname(dir), options.createFolders ?? false)
  assertReplaceable(dir)
  const removedPartials = removeStalePartials(dir)
  const temp = tempSibling(dir)
  let size: Size | undefined
  let bytes = 0
  try {
    mkdirSync(temp)
    for (let i = 0; i < source.count; i++) {
      if (options.signal?.aborted) throw new CancelledError('Export was cancelled; nothing was written.')
      const frame = await source.frame(i)
      size ??= outputSize('png', frame, options)
      const png = encodePng(fitTo(frame, size))
      await writeFile(join(temp, frameFileName(i)), png)
      bytes += png.length
      options.onProgress?.({ done: i + 1, total: source.count })
    }
    await verifyOutput(temp, dir, { format: 'png', frames: source.count, ...size! })
    swapIn(temp, dir)
  } catch (err) {
    removeQuietly(temp)
    throw explainWriteError(err, dir) ?? err
  }
  const seconds = (performance.now() - started) / 1000
  return { format: 'png', path: dir, frames: source.count, ...size!, fps: options.fps, bytes, seconds, removedPartials }
}

function fitTo(frame: RgbImage, size: Size): RgbImage {
  return frame.width === size.width && frame.height === size.height ? frame : resizeRgb(frame, size.width, size.height)
}

/** The target must be new, or a folder holding only an earlier frame sequence. */
function assertReplaceable(dir: string): void {
  const stat = statOrNull(dir)
  if (!stat) return
  if (!stat.isDirectory()) throw new ExportError('not-a-folder', `${dir} is a file: PNG frames need a folder.`)
  const other = readdirSync(dir).find((name) => !FRAME_FILE.test(name))
  if (other !== undefined) {
    throw new ExportError(
      'folder-not-empty',
      `${dir} already holds other files (e.g. ${other}): choose an empty or new folder for the PNG frames.`,
    )
  }
}

/** temp → dir; an earlier sequence is moved aside first and deleted only once the new one is in place. */
function swapIn(temp: string, dir: string): void {
  if (!statOrNull(dir)) return renameSync(temp, dir)
  const old = join(dirname(dir), `.${basename(dir)}.${process.pid}-old`)
  renameSync(dir, old)
  try {
    renameSync(temp, dir)
  } catch (err) {
    renameSync(old, dir)
    throw err
  }
  removeQuietly(old)
}
