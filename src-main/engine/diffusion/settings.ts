// PoseAnimate pipeline settings. The schema (fields, bounds, paper §4.1 defaults) is the project
// document's render-settings group (src-preload/document/renderSettings.ts, decision 0280), shared with
// IPC, project JSON and the studio's form; every choice that interprets the paper stays a setting so the
// other reading can be compared (docs/decisions/0120–0123).
import { UserError } from '../errors'
import {
  pipelineInputSchema,
  pipelineSettingsSchema,
  presetApplied,
  type PipelineSettings,
  type StoredPipelineSettings,
} from '../../../src-preload/document/renderSettings'

export type { PipelineSettings, PipelineSettingsInput } from '../../../src-preload/document/renderSettings'

/** Validates user settings and fills the defaults; the error lists every bad field in words. */
export function parsePipelineSettings(input: unknown = {}): PipelineSettings {
  const result = pipelineSettingsSchema.safeParse(input ?? {})
  if (result.success) return result.data
  const problems = result.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`)
  throw new SettingsError(`Invalid render settings — ${problems.join('; ')}`)
}

/** The settings a render runs: parsed, then reduced when they ask for the draft preset (decision 0330). */
export function renderedPipelineSettings(input: unknown = {}): PipelineSettings {
  return presetApplied(parsePipelineSettings(input))
}

/** Checks settings as a project stores them (no defaults filled in); same words as parsePipelineSettings. */
export function storedPipelineSettings(input: unknown): StoredPipelineSettings {
  const result = pipelineInputSchema.safeParse(input ?? {})
  if (result.success) return result.data
  const problems = result.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`)
  throw new SettingsError(`Invalid render settings — ${problems.join('; ')}`)
}

export class SettingsError extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'SettingsError'
  }
}

/** Learning rate of timestep index i (0 = the first, noisiest step), as null-text inversion schedules it. */
export function learningRateAt(s: PipelineSettings, i: number): number {
  return s.learningRate * (1 - s.learningRateDecay * i)
}

/** Early-stop loss threshold of timestep index i. */
export function earlyStopAt(s: PipelineSettings, i: number): number {
  return s.earlyStop + i * s.earlyStopPerStep
}
