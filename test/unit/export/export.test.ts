// Export round trips through ffprobe (frame count, size, codec) and the atomic-write guarantees.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ExportError, exportFrames, fromImages, probeMedia, resolveExportTarget } from '../../../src-main/engine/export'
import { CancelledError } from '../../../src-main/engine/errors'
import { testFrames } from './frames'

const dir = mkdtempSync(join(tmpdir(), 'export-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Odd on purpose: yuv420p video needs even sizes, so mp4/webm round down to 64×48.
const frames = testFrames(6, 65, 49)

describe('exportFrames round trips (ffprobe)', () => {
  it.each([
    ['clip.mp4', 'h264', 64, 48, 'yuv420p'],
    ['clip.webm', 'vp9', 64, 48, 'yuv420p'],
    ['clip.gif', 'gif', 65, 49, expect.stringMatching(/^bgr/)], // bgr8 or bgra, by ffmpeg version
  ])('%s holds every frame at the expected size', async (name, codec, width, height, pixelFormat) => {
    const path = join(dir, name)
    const progress: number[] = []
    const result = await exportFrames(path, fromImages(frames), { fps: 12, onProgress: (p) => progress.push(p.done) })
    expect(result).toMatchObject({ path, frames: 6, width, height })
    expect(await probeMedia(path)).toEqual({ frames: 6, width, height, codec, pixelFormat })
    expect(progress).toEqual([1, 2, 3, 4, 5, 6])
    expect(leftovers()).toEqual([])
  })

  it('writes a PNG sequence folder with the exact pixels', async () => {
    const out = join(dir, 'frames') + '/'
    const result = await exportFrames(out, fromImages(frames), { fps: 12 })
    expect(result).toMatchObject({ format: 'png', frames: 6, width: 65, height: 49 })
    expect(await probeMedia(result.path)).toMatchObject({ frames: 6, width: 65, height: 49, codec: 'png' })
    expect(readdirSync(result.path).sort()[0]).toBe('frame_00000.png')
  })

  it('scales to a requested width, keeping the aspect ratio', async () => {
    const path = join(dir, 'small.mp4')
    await exportFrames(path, fromImages(frames), { fps: 8, width: 32 })
    expect(await probeMedia(path)).toMatchObject({ frames: 6, width: 32, height: 24 })
  })
})

describe('exportFrames failures', () => {
  it('refuses an unknown extension before doing anything', async () => {
    await expect(exportFrames(join(dir, 'clip.avi'), fromImages(frames), { fps: 12 })).rejects.toMatchObject({
      code: 'unknown-format',
      message: expect.stringContaining('.mp4'),
    })
    expect(existsSync(join(dir, 'clip.avi'))).toBe(false)
  })

  it('reports a missing folder, or creates it when asked', async () => {
    const path = join(dir, 'nope', 'deeper', 'clip.gif')
    await expect(exportFrames(path, fromImages(frames), { fps: 12 })).rejects.toMatchObject({
      code: 'missing-folder',
    })
    await exportFrames(path, fromImages(frames), { fps: 12, createFolders: true })
    expect((await probeMedia(path)).frames).toBe(6)
  })

  it('replaces an existing file only on success', async () => {
    const path = join(dir, 'keep.mp4')
    writeFileSync(path, 'previous export')
    const bad = fromImages([frames[0], testFrames(1, 20, 20)[0]])
    await expect(exportFrames(path, bad, { fps: 12 })).rejects.toMatchObject({ code: 'bad-frames' })
    expect(readFileSync(path, 'utf8')).toBe('previous export')
    await exportFrames(path, fromImages(frames), { fps: 12 })
    expect((await probeMedia(path)).frames).toBe(6)
    expect(leftovers()).toEqual([])
  })

  it('cancels cleanly: nothing written, nothing left behind', async () => {
    const controller = new AbortController()
    const source = {
      count: 6,
      frame: (i: number) => {
        if (i === 3) controller.abort()
        return frames[i]
      },
    }
    const path = join(dir, 'cancelled.webm')
    await expect(exportFrames(path, source, { fps: 12, signal: controller.signal })).rejects.toBeInstanceOf(
      CancelledError,
    )
    expect(existsSync(path)).toBe(false)
    expect(leftovers()).toEqual([])
  })

  it('never deletes unrelated files when the PNG folder is taken', async () => {
    const taken = join(dir, 'taken')
    await exportFrames(taken, fromImages(frames), { fps: 12 })
    writeFileSync(join(taken, 'notes.txt'), 'mine')
    await expect(exportFrames(taken, fromImages(frames), { fps: 12 })).rejects.toMatchObject({
      code: 'folder-not-empty',
    })
    expect(readFileSync(join(taken, 'notes.txt'), 'utf8')).toBe('mine')
  })

  it('rejects bad fps and sizes with a clear message', async () => {
    await expect(exportFrames(join(dir, 'x.mp4'), fromImages(frames), { fps: 0 })).rejects.toBeInstanceOf(ExportError)
    await expect(exportFrames(join(dir, 'x.mp4'), fromImages(frames), { fps: 12, width: 1 })).rejects.toMatchObject({
      code: 'bad-options',
    })
  })

  it('resolves outputs by extension or trailing slash', () => {
    expect(resolveExportTarget('a/b.MP4').format).toBe('mp4')
    expect(resolveExportTarget('a/b/').format).toBe('png')
    expect(resolveExportTarget('a/frames').format).toBe('png')
    expect(() => resolveExportTarget('a/b.mov')).toThrow(/use video\.mp4/)
  })
})

/** Hidden temp files (.name.<tag>.partial) left in the test folder. */
function leftovers(): string[] {
  return readdirSync(dir).filter((n) => n.includes('.partial'))
}
