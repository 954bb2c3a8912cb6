// A folder the engine cannot write into, even when the tests run as root (who ignores mode bits): mode
// 0555, plus the immutable attribute where root can set it. It checks that a write really fails, so a
// test relying on it cannot pass by accident.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface ReadOnlyFolder {
  path: string
  /** Makes it writable again (for cleanup). */
  release(): void
}

export function readOnlyFolder(path: string, files: Record<string, string>): ReadOnlyFolder {
  mkdirSync(path, { recursive: true })
  for (const [name, text] of Object.entries(files)) writeFileSync(join(path, name), text)
  chmodSync(path, 0o555)
  const immutable = process.getuid?.() === 0
  if (immutable) execFileSync('chattr', ['+i', path])
  const release = () => {
    if (immutable) execFileSync('chattr', ['-i', path])
    chmodSync(path, 0o755)
  }
  if (canWrite(path)) {
    release()
    throw new Error(`Could not make ${path} read-only here (chattr +i did not stop root).`)
  }
  return { path, release }
}

function canWrite(folder: string): boolean {
  const probe = join(folder, '.write-probe')
  try {
    writeFileSync(probe, '')
    rmSync(probe)
    return true
  } catch {
    return false
  }
}
