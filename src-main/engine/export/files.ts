// Filesystem steps shared by the encoders: check the target folder before any work starts, and name
// temp files beside the target so the final rename stays on one filesystem (and so is atomic).
import { accessSync, constants, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { ExportError, explainWriteError } from './errors'

/** frame_00000.png … the pattern ffmpeg reads back as `-i frame_%05d.png`. */
export const FRAME_FILE = /^frame_\d{5,}\.png$/
export const frameFileName = (index: number) => `frame_${String(index).padStart(5, '0')}.png`

/** Ensures `dir` exists (creating it when asked) and is writable; throws a clear ExportError otherwise. */
export function prepareFolder(dir: string, create: boolean): void {
  const stat = statOrNull(dir)
  if (!stat && !create) {
    throw new ExportError('missing-folder', `The folder ${dir} does not exist: create it or choose another output.`)
  }
  if (!stat) {
    try {
      mkdirSync(dir, { recursive: true })
    } catch (err) {
      throw explainWriteError(err, dir) ?? err
    }
  } else if (!stat.isDirectory()) {
    throw new ExportError('not-a-folder', `${dir} is a file, not a folder: choose another output.`)
  }
  try {
    accessSync(dir, constants.W_OK)
  } catch (err) {
    throw explainWriteError(err, dir) ?? err
  }
}

/** A hidden, unique sibling of `path`: `.name.<pid>-<random>.partial`. */
export function tempSibling(path: string): string {
  const tag = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`
  return join(dirname(path), `.${basename(path)}.${tag}.partial`)
}

/**
 * Removes the hidden temp entries an earlier export of `path` left behind when it was killed (its
 * process is gone), and returns their names so the caller can say so. A live export's temp is kept.
 */
export function removeStalePartials(path: string): string[] {
  const prefix = `.${basename(path)}.`
  const removed: string[] = []
  let names: string[]
  try {
    names = readdirSync(dirname(path))
  } catch {
    return removed
  }
  for (const name of names) {
    const match = name.startsWith(prefix) && /^(\d+)-[a-z0-9]*\.partial$/.exec(name.slice(prefix.length))
    if (!match || isAlive(Number(match[1]))) continue
    removeQuietly(join(dirname(path), name))
    if (statOrNull(join(dirname(path), name)) === null) removed.push(name)
  }
  return removed
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM' // alive, owned by another user
  }
}

export function statOrNull(path: string) {
  try {
    return statSync(path)
  } catch {
    return null
  }
}

/** Best-effort cleanup of a temp file or folder; never throws (the original error matters more). */
export function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true })
  } catch {
    // left behind as a hidden .partial entry; nothing the user has is affected
  }
}
