// A read-only target folder: a clear error, the existing file untouched, nothing left behind. Root may
// write anywhere, so as root the export runs in a child process that drops to the unprivileged uid 65534
// after loading its modules (the checkout may sit in a folder that user cannot enter), using the system
// ffmpeg (an npm-installed binary inside the checkout may not be reachable for that user either).
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = mkdtempSync(join(tmpdir(), 'export-ro-'))
chmodSync(root, 0o755)
afterAll(() => rmSync(root, { recursive: true, force: true }))

function exportAs(out: string): { ok: boolean; code?: string; message?: string } {
  const asRoot = process.getuid?.() === 0
  const stdout = execFileSync(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, 'exportChild.ts'), out],
    {
      cwd: resolve(import.meta.dirname, '../../..'),
      encoding: 'utf8',
      env: { ...process.env, HOME: root, ...(asRoot ? { EXPORT_CHILD_DROP_TO: '65534', ...systemFfmpeg() } : {}) },
    },
  )
  return JSON.parse(stdout.trim().split('\n').at(-1)!)
}

function systemFfmpeg(): Record<string, string> {
  const path = execFileSync('sh', ['-c', 'command -v ffmpeg || true'], { encoding: 'utf8' }).trim()
  return path ? { POSEANIMATE_FFMPEG: path } : {}
}

describe('export into a read-only folder', () => {
  it.each(['clip.mp4', 'clip.gif', 'frames/'])('%s: clear error, existing output unchanged', (name) => {
    const folder = mkdtempSync(join(root, 'ro-'))
    writeFileSync(join(folder, 'clip.mp4'), 'previous export')
    chmodSync(folder, 0o555)
    const outcome = exportAs(join(folder, name))
    expect(outcome).toMatchObject({ ok: false, code: 'read-only' })
    expect(outcome.message).toMatch(/read-only or you may not write there/)
    expect(readFileSync(join(folder, 'clip.mp4'), 'utf8')).toBe('previous export')
    expect(readdirSync(folder)).toEqual(['clip.mp4'])
  })

  it('the same export succeeds once the folder is writable (the test can tell)', () => {
    const folder = mkdtempSync(join(root, 'rw-'))
    chmodSync(folder, 0o777)
    expect(exportAs(join(folder, 'clip.mp4'))).toMatchObject({ ok: true })
  })
})
