// Bad outputs (--out, sizes, a full disk, taken folders) and crash leftovers, on one rendered demo
// project: a failed export leaves every existing file byte-identical and names the problem.
import Database from 'better-sqlite3'
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, expect } from 'vitest'
import { locateTool } from '../../../src-main/engine/media/ffmpeg'
import { runCliCaptured } from '../cli/harness'
import { runCliCases, type CliCase } from './harness'
import { file, projectJson } from './inputs'

let rendered: string // the rendered project JSON (its database lives in the studio home's cache)
let database: string
const previous = 'previous export: must survive byte for byte\n'.repeat(40)

/** ffmpeg under a 4 KiB file-size limit that ignores SIGXFSZ: writes fail, yet it exits 0. */
function limitedFfmpeg(dir: string): string {
  const wrapper = file(
    dir,
    'ffmpeg-limited',
    `#!/bin/sh\ntrap '' XFSZ\nulimit -f 8\nexec '${locateTool('ffmpeg').path}' "$@"\n`,
  )
  chmodSync(wrapper, 0o755)
  return wrapper
}

const exportTo = (out: string, ...more: string[]) => ['export', rendered, '--out', out, ...more]

const CASES: CliCase[] = [
  {
    name: 'output: --out ""',
    argv: (d) => ['render', projectJson(d), '--out', ''],
    exit: 2,
    message: /--out is empty: name a video file/,
  },
  {
    name: 'output: an unsupported extension',
    argv: (d) => ['render', projectJson(d), '--out', join(d, 'clip.avi')],
    exit: 1,
    message: /Cannot export to "\.avi" files .*use video\.mp4/,
  },
  {
    name: 'output: --fps 0',
    argv: (d) => exportTo(join(d, 'a.mp4'), '--fps', '0'),
    exit: 2,
    message: /--fps must be a number above 0 and at most 240, got "0"/,
  },
  {
    name: 'output: --width not a number',
    argv: (d) => exportTo(join(d, 'a.mp4'), '--width', 'wide'),
    exit: 2,
    message: /--width must be a positive whole number, got "wide"/,
  },
  {
    name: 'output: --width 1',
    argv: (d) => exportTo(join(d, 'a.mp4'), '--width', '1'),
    exit: 1,
    message: /width must be a whole number of pixels from 2 to 8192, got 1/,
  },
  {
    name: 'output: export needs --out',
    argv: () => ['export', rendered],
    exit: 2,
    message: /export needs --out/,
  },
  {
    name: 'output: a folder taken by other files (PNG frames)',
    argv: (d) => {
      mkdirSync(join(d, 'frames'))
      file(d, 'frames/notes.txt', 'mine')
      return exportTo(join(d, 'frames') + '/')
    },
    exit: 1,
    message: /already holds other files \(e\.g\. notes\.txt\)/,
  },
  {
    name: 'output: part of the path is a file',
    argv: (d) => exportTo(join(file(d, 'afile', 'x'), 'clip.mp4')),
    exit: 1,
    message: /afile is a file, not a folder/,
  },
  ...(['clip.mp4', 'clip.webm', 'clip.gif'] as const).map((name): CliCase => ({
    name: `output: full disk during ${name.slice(5)} export keeps the old file`,
    argv: (d) => {
      limitedFfmpeg(d)
      writeFileSync(join(d, name), previous)
      return exportTo(join(d, name))
    },
    env: (d) => ({ POSEANIMATE_FFMPEG: join(d, 'ffmpeg-limited') }),
    exit: 1,
    message: /file-size limit of this disk|the disk is full/,
  })),
  {
    name: 'crash: an export killed earlier left a .partial; the next export removes it and says so',
    argv: (d) => {
      file(d, `.clip.mp4.${2 ** 22 + 17}-abc123.partial`, 'half an encode')
      return exportTo(join(d, 'clip.mp4'))
    },
    exit: 0,
    message: /wrote .*clip\.mp4 .*; removed 1 temp file\(s\) left by an interrupted export/,
    after: (d) => expect(readdirSync(d)).toEqual(['clip.mp4']),
  },
  {
    name: 'crash: a frame damaged in the cache is not exported',
    argv: (d) => {
      const db = new Database(database)
      const { settings } = db.prepare("SELECT settings FROM renders WHERE status = 'done'").get() as {
        settings: string
      }
      const key = `${(JSON.parse(settings) as { display: string[] }).display[1]}/rgb`
      const { bytes } = db.prepare('SELECT bytes FROM cache_entries WHERE key = ?').get(key) as { bytes: Buffer }
      bytes[bytes.length >> 1] ^= 0xff
      db.prepare('UPDATE cache_entries SET bytes = ? WHERE key = ?').run(bytes, key)
      db.close()
      return exportTo(join(d, 'clip.mp4'))
    },
    exit: 1,
    message: /Frame 1 of .* had damaged data \(checksum mismatch\), now dropped: render the project again/,
  },
]

const home = runCliCases('pa-bad-out-', CASES)

beforeAll(async () => {
  const dir = join(home, 'rendered')
  mkdirSync(dir)
  rendered = projectJson(dir)
  const result = await runCliCaptured(['render', rendered, '--json'])
  expect(result.code, result.stderr).toBe(0)
  database = JSON.parse(result.stdout).project.database
}, 240_000)
