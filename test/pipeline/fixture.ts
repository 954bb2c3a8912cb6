// Shared fixture of the pipeline acceptance tests: the golden tiny SD 1.5 + ControlNet (GOLDEN_DIR or
// ../shared/golden from the repo root), a synthetic character image with its mask and pose, a short arm
// wave, and small settings (T = 4, n = 3) so a whole render takes seconds on a CPU.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Pose18 } from '../../src-preload/api'
import { OnnxDiffusionBackend } from '../../src-main/engine/diffusion/backend'
import type { RenderSetup } from '../../src-main/engine/diffusion/inputs'
import type { PipelineSettingsInput } from '../../src-main/engine/diffusion/settings'
import { createRuntime } from '../../src-main/engine/runtime'
import { ProjectStore } from '../../src-main/engine/store'
import { goldenDir, tinyConfigs } from '../golden/helpers/golden'

/** The engine's data dir in tests; compiled graphs survive between runs (keyed by weights and builder). */
export const testHome = join(tmpdir(), 'poseanimate-pipeline-test-home')
export const compiledDir = join(testHome, 'compiled')

export const modelFiles = () => ({ checkpoint: resolve(goldenDir), configs: tinyConfigs() })

export async function openTinyBackend(): Promise<OnnxDiffusionBackend> {
  const runtime = await createRuntime({ provider: 'cpu', threads: 1 })
  return OnnxDiffusionBackend.open(modelFiles(), { runtime, compiledDir })
}

/** A standing figure; `raise` lifts the right forearm (normalised units). */
export function figure(raise = 0): Pose18 {
  const p = (x: number, y: number) => ({ x, y, confidence: 1 })
  const pose: Pose18 = new Array(18).fill(null)
  Object.assign(pose, {
    0: p(0.5, 0.18),
    1: p(0.5, 0.3),
    2: p(0.4, 0.3),
    3: p(0.34, 0.44 - raise),
    4: p(0.3, 0.56 - 2 * raise),
    5: p(0.6, 0.3),
    6: p(0.66, 0.44),
    7: p(0.7, 0.56),
    8: p(0.45, 0.6),
    9: p(0.45, 0.78),
    10: p(0.45, 0.94),
    11: p(0.55, 0.6),
    12: p(0.55, 0.78),
    13: p(0.55, 0.94),
  })
  return pose
}

/** A 5:4 source (wider than the square canvas, so the centre crop is exercised): a figure on a gradient. */
export function setup(frames = 3): RenderSetup {
  const [w, h] = [160, 128]
  const data = new Uint8Array(w * h * 3)
  const mask = new Float32Array(w * h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inside = Math.abs(x - w / 2) < 18 && y > 20 && y < 120
      const i = 3 * (y * w + x)
      data.set(inside ? [200, 60, 40] : [(x * 255) / w, (y * 255) / h, 128], i)
      mask[y * w + x] = inside ? 1 : 0
    }
  }
  return {
    sourceImage: { width: w, height: h, data },
    sourceMask: { width: w, height: h, data: mask },
    sourcePose: figure(0),
    prompt: 'a red robot standing in a park',
    characterWords: ['red robot'],
    motion: Array.from({ length: frames }, (_, i) => figure(0.04 * (i + 1))),
  }
}

export const fastSettings: PipelineSettingsInput = {
  steps: 4,
  innerIterations: 3,
  frames: 0,
  modules: { pata: false },
}

export function tempProject(name = 'pipeline') {
  const dir = mkdtempSync(join(tmpdir(), 'pa-pipeline-'))
  const path = join(dir, `${name}.poseanim`)
  const store = ProjectStore.create(path, { name })
  return { dir, path, store, cleanup: () => (store.close(), rmSync(dir, { recursive: true, force: true })) }
}

/** Largest absolute difference of two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`comparing ${a.length} with ${b.length} values`)
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]))
  return worst
}
