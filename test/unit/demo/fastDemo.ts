// A copy of the bundled demo project with fewer steps and frames, so the default suite renders it in
// seconds: same image, mask, prompt, poses and model; only the render settings (and optional edits) differ.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const DEMO_DIR = resolve(import.meta.dirname, '../../../resources/demo')
export const FAST_RENDER = { steps: 3, frames: 3, innerIterations: 1 }

/** Writes <dir>/project.json (+ image and mask) and returns its path. */
export function writeFastDemo(dir: string, edit: (project: Record<string, unknown>) => void = () => {}): string {
  const project = JSON.parse(readFileSync(join(DEMO_DIR, 'project.json'), 'utf8'))
  for (const file of [project.image, project.mask]) copyFileSync(join(DEMO_DIR, file), join(dir, file))
  project.render = { ...project.render, ...FAST_RENDER }
  edit(project)
  const path = join(dir, 'project.json')
  writeFileSync(path, JSON.stringify(project, null, 2))
  return path
}
