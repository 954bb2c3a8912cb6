// The messages users see when ffmpeg is missing or the disk fills up (simulated: neither can be staged
// safely on a shared machine).
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { UserError } from '../../../src-main/cli/command'
import { exportFrames, fromImages } from '../../../src-main/engine/export'
import { explainWriteError } from '../../../src-main/engine/export/errors'
import { explainFfmpegFailure } from '../../../src-main/engine/export/encodeVideo'
import { testFrames } from './frames'

const located = vi.hoisted(() => ({ path: '' as string | null }))
vi.mock('../../../src-main/engine/media/ffmpeg', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  locateTool: () => {
    if (located.path === null) throw new UserError('ffmpeg not found: install the ffmpeg package')
    return { path: located.path, source: 'env' }
  },
}))

const frames = fromImages(testFrames(2, 16, 16))
// Never written: both exports fail before any file is opened.
const never = join(tmpdir(), 'never.mp4')

describe('ffmpeg missing', () => {
  it('says so when no ffmpeg is found', async () => {
    located.path = null
    await expect(exportFrames(never, frames, { fps: 12 })).rejects.toMatchObject({
      code: 'ffmpeg-missing',
      userError: true,
      message: expect.stringContaining('ffmpeg not found'),
    })
  })

  it('says so when the ffmpeg it was pointed at cannot start', async () => {
    located.path = '/nonexistent/ffmpeg'
    await expect(exportFrames(never, frames, { fps: 12 })).rejects.toMatchObject({
      code: 'ffmpeg-missing',
      message: expect.stringContaining('/nonexistent/ffmpeg'),
    })
  })
})

describe('failure messages', () => {
  it('maps ffmpeg stderr to the cause', () => {
    const full = explainFfmpegFailure('av_interleaved_write_frame(): No space left on device\n', '/o/a.mp4', 'mp4')
    expect(full).toMatchObject({ code: 'disk-full', message: expect.stringContaining('disk is full') })
    expect(explainFfmpegFailure("Unknown encoder 'libx264'", '/o/a.mp4', 'mp4')).toMatchObject({
      code: 'encoder-missing',
      message: expect.stringContaining('H.264'),
    })
    expect(explainFfmpegFailure('something odd\nreally odd', '/o/a.gif', 'gif')).toMatchObject({
      code: 'ffmpeg-failed',
      message: expect.stringContaining('really odd'),
    })
  })

  it('maps write errors to the cause', () => {
    const err = (code: string) => Object.assign(new Error(code), { code })
    expect(explainWriteError(err('ENOSPC'), '/o/x')?.code).toBe('disk-full')
    expect(explainWriteError(err('EROFS'), '/o/x')?.code).toBe('read-only')
    expect(explainWriteError(err('EACCES'), '/o/x')?.code).toBe('read-only')
    expect(explainWriteError(err('ENOENT'), '/o/x')?.code).toBe('missing-folder')
    expect(explainWriteError(err('EIO'), '/o/x')).toBeUndefined()
  })
})
