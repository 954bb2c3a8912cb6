// Inputs for the bad-input cases: a valid project JSON (the demo's, made fast) to break one field at a
// time, bad checkpoints and images written into the case's folder.
import { copyFileSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PNG } from 'pngjs'
import { DEMO_DIR, FAST_RENDER } from '../demo/fastDemo'

export type Json = Record<string, unknown>

/** Writes <dir>/project.json (+ the demo image and mask), edited by `edit`, and returns its path. */
export function projectJson(dir: string, edit: (p: Json) => void = () => {}): string {
  const project = JSON.parse(readFileSync(join(DEMO_DIR, 'project.json'), 'utf8')) as Json
  for (const file of [project.image, project.mask] as string[]) copyFileSync(join(DEMO_DIR, file), join(dir, file))
  project.render = { ...(project.render as Json), ...FAST_RENDER }
  edit(project)
  const path = join(dir, 'project.json')
  writeFileSync(path, JSON.stringify(project, null, 2))
  return path
}

export function file(dir: string, name: string, content: string | Uint8Array): string {
  writeFileSync(join(dir, name), content)
  return join(dir, name)
}

/** A link that points at itself: opening it fails with ELOOP. */
export function symlinkLoop(dir: string, name: string): string {
  const path = join(dir, name)
  symlinkSync(name, path)
  return path
}

export function png(width: number, height: number): Buffer {
  const image = new PNG({ width, height })
  image.data.fill(200)
  return PNG.sync.write(image)
}

/** A PNG header claiming a size, with no pixel data after it. */
export function pngHeaderOnly(width: number, height: number): Buffer {
  const bytes = Buffer.from(png(1, 1).subarray(0, 33))
  bytes.writeUInt32BE(width, 16)
  bytes.writeUInt32BE(height, 20)
  return bytes
}

/** A safetensors file: 8-byte little-endian header length, JSON header, data. */
export function safetensors(header: object | string, data = Buffer.alloc(0), claimedLength?: number): Buffer {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header))
  const length = Buffer.alloc(8)
  length.writeBigUInt64LE(BigInt(claimedLength ?? json.length))
  return Buffer.concat([length, json, data])
}
