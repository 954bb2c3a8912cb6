// Finds ffmpeg and ffprobe: ffmpeg-static (optional dependency) → @ffmpeg-installer/@ffprobe-installer →
// the system PATH, and runs them. Video import and export both go through here.
import { spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { createRequire } from 'node:module'
import { delimiter, join } from 'node:path'
import { UserError } from '../errors'

export type MediaTool = 'ffmpeg' | 'ffprobe'

export interface LocatedTool {
  path: string
  /** Where it came from, for diagnostics (`poseanimate info`, logs). */
  source: 'env' | 'ffmpeg-static' | '@ffmpeg-installer' | '@ffprobe-installer' | 'PATH'
}

const require = createRequire(import.meta.url)
const found = new Map<MediaTool, LocatedTool>()

/** Locates a tool once per process; POSEANIMATE_FFMPEG / POSEANIMATE_FFPROBE override the search. */
export function locateTool(tool: MediaTool): LocatedTool {
  const cached = found.get(tool)
  if (cached) return cached
  const located = candidates(tool).find((c) => c.path && isExecutable(c.path))
  if (!located) {
    throw new UserError(
      `${tool} not found: install the ffmpeg package (e.g. apt-get install ffmpeg) or run npm install`,
    )
  }
  found.set(tool, located)
  return located
}

export const findFfmpeg = (): string => locateTool('ffmpeg').path
export const findFfprobe = (): string => locateTool('ffprobe').path

function candidates(tool: MediaTool): LocatedTool[] {
  const env = process.env[tool === 'ffmpeg' ? 'POSEANIMATE_FFMPEG' : 'POSEANIMATE_FFPROBE']
  const list: LocatedTool[] = env ? [{ path: env, source: 'env' }] : []
  if (tool === 'ffmpeg') {
    const fromStatic = tryRequire<string | null>('ffmpeg-static')
    if (typeof fromStatic === 'string') list.push({ path: unpacked(fromStatic), source: 'ffmpeg-static' })
    const installer = tryRequire<{ path?: string }>('@ffmpeg-installer/ffmpeg')
    if (installer?.path) list.push({ path: unpacked(installer.path), source: '@ffmpeg-installer' })
  } else {
    const installer = tryRequire<{ path?: string }>('@ffprobe-installer/ffprobe')
    if (installer?.path) list.push({ path: unpacked(installer.path), source: '@ffprobe-installer' })
  }
  const exe = process.platform === 'win32' ? `${tool}.exe` : tool
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean))
    list.push({ path: join(dir, exe), source: 'PATH' })
  return list
}

function tryRequire<T>(name: string): T | null {
  try {
    return require(name) as T
  } catch {
    return null
  }
}

/** Inside a packaged Electron app binaries live in app.asar.unpacked, not in the archive. */
function unpacked(path: string): string {
  return path.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1')
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

export interface ToolResult {
  code: number
  stdout: Buffer
  stderr: string
}

/** Runs a tool to completion, collecting its output. */
export function runTool(tool: MediaTool, args: string[], signal?: AbortSignal): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(locateTool(tool).path, args, { stdio: ['ignore', 'pipe', 'pipe'], signal })
    const out: Buffer[] = []
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr }))
  })
}
