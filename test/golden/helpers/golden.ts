// Shared access to the golden reference data: where it lives (GOLDEN_DIR, else ../shared/golden next to
// the repo root), the manifest, the tiny model configs, case tensors and their tolerances, and a
// comparison that reports the worst element. Sizes always come from the files, never from constants.
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect } from 'vitest'
import { providerSlack, recordError } from './providerTolerance'
import { parseModelConfigs, type ModelConfigJson, type ModelConfigs } from '../../../src-main/engine/models/config'
import { SafetensorsFile } from '../../../src-main/engine/models/weights/safetensors'

const repoRoot = resolve(import.meta.dirname, '../../..')
export const goldenDir = process.env.GOLDEN_DIR
  ? resolve(process.env.GOLDEN_DIR)
  : resolve(repoRoot, '../shared/golden')

export const goldenPath = (name: string): string => join(goldenDir, name)

export function goldenJson<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(goldenPath(name), 'utf8')) as T
}

interface ToleranceEntry {
  max_abs_value: number
  suggested_atol: number
}

export interface ManifestCase {
  file: string
  description?: string
  prompts?: string[]
  tensors: Record<string, { shape: number[]; dtype: string; meaning?: string }>
  tolerance?: Record<string, ToleranceEntry>
  [extra: string]: unknown
}

export const manifest = goldenJson<{ cases: Record<string, ManifestCase> }>('manifest.json')

/** The tiny configs of the golden models (weights case) and the pipeline's scheduler config. */
export function tinyConfigs(): ModelConfigs {
  const files = {
    unet: 'unet_config.json',
    controlnet: 'controlnet_config.json',
    vae: 'vae_config.json',
    text_encoder: 'text_encoder_config.json',
    scheduler: 'pipeline_scheduler_scheduler_config.json',
  }
  const json = Object.fromEntries(Object.entries(files).map(([c, f]) => [c, goldenJson(f)])) as ModelConfigJson
  return parseModelConfigs(json, (c) => files[c])
}

/** One golden case: its manifest entry and lazy access to its tensors. Call close() when done. */
export class GoldenCase {
  readonly meta: ManifestCase
  readonly file: SafetensorsFile

  constructor(readonly name: string) {
    const meta = manifest.cases[name]
    if (!meta) throw new Error(`golden manifest has no case '${name}'`)
    this.meta = meta
    this.file = SafetensorsFile.open(goldenPath(meta.file))
  }

  /** Values as float32 (integer tensors such as token ids are exact: they are far below 2^24). */
  read(tensor: string): Float32Array {
    return this.file.read(tensor)
  }

  shape(tensor: string): number[] {
    return [...this.file.info(tensor).shape]
  }

  /** The manifest's suggested absolute tolerance for `tensor`; throws when it lists none. */
  atol(tensor: string): number {
    const t = this.meta.tolerance?.[tensor]
    if (!t) throw new Error(`golden case '${this.name}' lists no tolerance for '${tensor}'`)
    return t.suggested_atol
  }

  close(): void {
    this.file.close()
  }
}

export interface Difference {
  maxAbs: number
  at: number
}

export function maxAbsDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): Difference {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ expected ${expected.length}`)
  let maxAbs = 0
  let at = -1
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i])
    if (!(d <= maxAbs)) {
      maxAbs = Number.isNaN(d) ? Infinity : d
      at = i
      if (maxAbs === Infinity) break
    }
  }
  return { maxAbs, at }
}

/**
 * Asserts |actual − expected| ≤ atol everywhere (atol widened by the provider's slack for this check, see
 * providerSlack); the failure names the tensor, the worst index and values.
 */
export function expectClose(label: string, actual: ArrayLike<number>, expected: ArrayLike<number>, cpuAtol: number) {
  const { maxAbs, at } = maxAbsDiff(actual, expected)
  const atol = cpuAtol * providerSlack(label)
  recordError(label, maxAbs, cpuAtol)
  const detail = at < 0 ? '' : ` (worst at ${at}: ${actual[at]} vs ${expected[at]})`
  expect(
    maxAbs,
    `${label}: max |diff| ${maxAbs.toExponential(3)} > atol ${atol.toExponential(3)}${detail}`,
  ).toBeLessThanOrEqual(atol)
}
