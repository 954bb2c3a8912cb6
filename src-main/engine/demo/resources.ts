// Finds the shipped demo files (resources/demo): next to the packaged app, or by walking up from this
// module in a checkout. POSEANIMATE_DEMO_DIR overrides both.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export function demoResourcesDir(): string {
  if (process.env.POSEANIMATE_DEMO_DIR) return process.env.POSEANIMATE_DEMO_DIR
  const roots: string[] = []
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath
  if (resourcesPath) roots.push(join(resourcesPath, '..'), resourcesPath)
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let up = 0; up < 6; up++, dir = dirname(dir)) roots.push(dir)
  for (const root of roots) {
    const candidate = join(root, 'resources', 'demo')
    if (existsSync(join(candidate, 'model', 'unet.json'))) return candidate
  }
  throw new Error('resources/demo not found (the installation is incomplete); set POSEANIMATE_DEMO_DIR to the folder')
}
