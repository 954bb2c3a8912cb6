// A full disk during an export: the existing output stays byte-identical, the error names the disk,
// and nothing is left behind. The disk fills through a file-size limit (RLIMIT_FSIZE), which needs no
// privileges. Two ways to hit it:
//   - only ffmpeg is limited and ignores SIGXFSZ, so its writes fail with EFBIG: it then prints
//     "Error writing trailer … File too large" and still exits 0 (the bug this file guards against);
//   - the whole export process is limited (Node ignores SIGXFSZ, ffmpeg is killed by it): PNG frames
//     written by Node fail with EFBIG.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { locateTool } from '../../../src-main/engine/media/ffmpeg'

const root = mkdtempSync(join(tmpdir(), 'export-full-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** ffmpeg limited to files of `kib` KiB, ignoring SIGXFSZ so each write past it fails with EFBIG. */
function limitedFfmpeg(kib: number): string {
  const wrapper = join(root, `ffmpeg-${kib}k`)
  const real = locateTool('ffmpeg').path
  writeFileSync(wrapper, `#!/bin/sh\ntrap '' XFSZ\nulimit -f ${kib * 2}\nexec '${real}' "$@"\n`)
  chmodSync(wrapper, 0o755)
  return wrapper
}

interface Outcome {
  ok: boolean
  code?: string
  message?: string
  removedPartials?: string[]
}

/** Runs exportChild.ts (frames of `side` px), optionally with the whole process under `limitKib`. */
function exportIn(out: string, env: Record<string, string>, limitKib?: number): Outcome {
  const child = [process.execPath, '--import', 'tsx', resolve(import.meta.dirname, 'exportChild.ts'), out]
  const command = limitKib ? `ulimit -f ${limitKib * 2}; exec "$@"` : 'exec "$@"'
  const stdout = execFileSync('sh', ['-c', command, 'sh', ...child], {
    cwd: resolve(import.meta.dirname, '../../..'),
    encoding: 'utf8',
    env: { ...process.env, ...env },
  })
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Outcome
}

const NOISE = { EXPORT_CHILD_NOISE: '1' }
const previous = Buffer.from('previous export: must survive byte for byte\n'.repeat(50))

function folderWithPrevious(name: string): string {
  const folder = mkdtempSync(join(root, 'out-'))
  writeFileSync(join(folder, name), previous)
  return folder
}

describe('a full disk during an export', () => {
  it.each(['clip.mp4', 'clip.webm', 'clip.gif'])(
    '%s: ffmpeg exits 0 after a failed trailer write, yet the old file stays and the error names the disk',
    (name) => {
      const folder = folderWithPrevious(name)
      const outcome = exportIn(join(folder, name), {
        POSEANIMATE_FFMPEG: limitedFfmpeg(2),
        EXPORT_CHILD_SIZE: '128',
        ...NOISE,
      })
      expect(outcome).toMatchObject({ ok: false, code: 'disk-full' })
      expect(outcome.message).toMatch(/file-size limit of this disk|disk is full/)
      expect(readFileSync(join(folder, name)).equals(previous)).toBe(true)
      expect(readdirSync(folder)).toEqual([name])
    },
  )

  it.each(['clip.mp4', 'frames/'])('%s: the whole export under a file-size limit', (name) => {
    const folder = folderWithPrevious('clip.mp4')
    const outcome = exportIn(join(folder, name), { EXPORT_CHILD_SIZE: '256', ...NOISE }, 96)
    expect(outcome).toMatchObject({ ok: false, code: 'disk-full' })
    expect(outcome.message).toMatch(/file-size limit of this disk/)
    expect(readFileSync(join(folder, 'clip.mp4')).equals(previous)).toBe(true)
    expect(readdirSync(folder)).toEqual(['clip.mp4'])
  })

  it('the same exports succeed without the limit (the test can tell)', () => {
    const folder = folderWithPrevious('clip.mp4')
    expect(exportIn(join(folder, 'clip.mp4'), { EXPORT_CHILD_SIZE: '128', ...NOISE })).toMatchObject({ ok: true })
    expect(readFileSync(join(folder, 'clip.mp4')).equals(previous)).toBe(false)
    expect(exportIn(join(folder, 'frames/'), { EXPORT_CHILD_SIZE: '256', ...NOISE })).toMatchObject({ ok: true })
  })
})

describe('temp files of a killed export', () => {
  it.each(['clip.webm', 'frames'])('%s: removed by the next export of that target, which says so', (name) => {
    const folder = mkdtempSync(join(root, 'stale-'))
    const dead = 2 ** 22 + 17 // above Linux's pid_max default: never a live process
    const stale = `.${name}.${dead}-abc123.partial`
    writeFileSync(join(folder, stale), 'half an encode')
    const other = `.other.mp4.${dead}-abc123.partial`
    writeFileSync(join(folder, other), 'another target: not ours to touch')
    const outcome = exportIn(join(folder, name), {})
    expect(outcome).toMatchObject({ ok: true, removedPartials: [stale] })
    expect(readdirSync(folder).sort()).toEqual([other, name].sort())
  })
})
