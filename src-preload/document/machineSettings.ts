// Settings of this machine, not of a project: which execution provider renders (issue 10). They live in the
// studio's data folder (settings.json), so every project on this machine renders on the same GPU. The
// provider names are onnxruntime's; `auto` tries cuda → webgpu (dml first on Windows) → cpu (decision 0201).
import { z } from 'zod'

export const PROVIDER_NAMES = ['cuda', 'webgpu', 'dml', 'cpu'] as const
export const PROVIDER_CHOICE_NAMES = ['auto', ...PROVIDER_NAMES] as const

export const providerChoiceSchema = z.enum(PROVIDER_CHOICE_NAMES)

export const machineSettingsSchema = z.object({ provider: providerChoiceSchema.default('auto') })

export type MachineSettings = z.output<typeof machineSettingsSchema>
